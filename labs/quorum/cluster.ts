/**
 * The system under test: N replica processes on the kit's cluster harness (lib/cluster), each
 * reached only through its own fault proxy, plus the coordinator-side links to those proxies.
 * The replicas speak quorum's own protocol (./replica), so they are `process` nodes: the
 * harness starts, watches, faults, heals and stops them, and emits their state events.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Cluster as KitCluster } from "@/lib/cluster/cluster";
import type { TcpProxy } from "@/lib/faults";
import type { FaultTargets, ProcSlot } from "@/lib/faults/fault-kinds";
import type { LabEvent } from "@/lib/labs/types";
import { ReplicaLink } from "./coordinator/replica-link";
import { replicaEntry } from "./replica/compile";

export interface ClusterOptions {
  n: number;
  tmpDir: string;
  seed: number;
  /** Per replica (n1 first): how long it takes to apply a put; omitted = at once. */
  applyLagMs?: readonly number[];
  now(): number;
  emit(event: LabEvent): void;
}

export class Cluster {
  private constructor(
    private readonly kit: KitCluster,
    private readonly replicaLinks: ReplicaLink[],
  ) {}

  static async start(options: ClusterOptions): Promise<Cluster> {
    const lag = (index: number) => options.applyLagMs?.[index] ?? 0;
    const kit = await KitCluster.start({
      nodeIds: Array.from({ length: options.n }, (_, i) => `n${i + 1}`),
      program: {
        kind: "process",
        entry: await replicaEntry(),
        args: ({ id, index, port, dir }) => ["--name", id, "--port", String(port), "--log", `${dir}/${id}.log`, "--apply-lag-ms", String(lag(index))],
      },
      nodeDetail: (_id, index) => ({ applyLagMs: lag(index) }),
      tmpDir: options.tmpDir,
      seed: options.seed,
      now: options.now,
      emit: options.emit,
    });
    return new Cluster(kit, kit.nodes.map((node) => new ReplicaLink(node.id, node.clientProxy.port)));
  }

  links(): ReplicaLink[] {
    return this.replicaLinks;
  }

  /** One replica: its process slot, the proxy in front of it and the coordinator's link to it. */
  node(id: string): { slot: ProcSlot; proxy: TcpProxy; link: ReplicaLink } {
    const node = this.kit.node(id);
    return { slot: node.slot, proxy: node.clientProxy, link: this.replicaLinks[this.kit.nodes.indexOf(node)]! };
  }

  /** What fault schedules may name: each replica's process slot and its proxy. */
  targets(): FaultTargets {
    return this.kit.targets();
  }

  /** Ends whatever faults are left and starts every crashed replica again from its log, on its old port (or a new one, if that was taken). */
  heal(): Promise<void> {
    return this.kit.heal();
  }

  /** Waits until every replica answers a ping through its proxy (after heal). */
  async waitAllAnswer(timeoutMs: number, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await Promise.all(
      this.replicaLinks.map(async (link) => {
        for (;;) {
          signal.throwIfAborted();
          try {
            await link.request({ op: "ping" }, 250);
            return;
          } catch (err) {
            if (Date.now() > deadline) throw new Error(`replica ${link.name} did not answer within ${timeoutMs} ms after heal: ${(err as Error).message}`);
            await sleep(25);
          }
        }
      }),
    );
  }

  /** Closes the links, then the harness kills every replica and proxy; bounded, never throws. */
  async stop(): Promise<void> {
    for (const link of this.replicaLinks) link.close();
    await this.kit.stop();
  }
}
