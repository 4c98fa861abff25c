/**
 * The system under test: N replica processes, each reached only through its own fault
 * proxy, plus the coordinator-side links to those proxies. Emits `state` events for
 * replica liveness so the replica map can show who is up, crashed or cut off.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createProxy, type TcpProxy } from "@/lib/faults";
import type { FaultTargets, ProcSlot } from "@/lib/faults/fault-kinds";
import { restart } from "@/lib/faults/restart";
import { openProcRegistry, type ProcHandle, type ProcRegistry } from "@/lib/procs";
import type { LabEvent } from "@/lib/labs/types";
import { ReplicaLink } from "./coordinator/replica-link";
import { READY_LINE, startReplica } from "./replica/spawn";

export interface ClusterOptions {
  n: number;
  tmpDir: string;
  seed: number;
  /** Per replica (n1 first): how long it takes to apply a put; omitted = at once. */
  applyLagMs?: readonly number[];
  now(): number;
  emit(event: LabEvent): void;
}

export interface ReplicaNode {
  name: string;
  /** The replica's own port (its proxy forwards there; a restart binds it again). */
  port: number;
  proxy: TcpProxy;
  /** The process, in lib/faults' slot: crash and restart faults replace the handle. */
  slot: ProcSlot;
  link: ReplicaLink;
}

export class Cluster {
  private stopping = false;

  private constructor(
    readonly nodes: ReplicaNode[],
    private readonly registry: ProcRegistry,
    private readonly options: ClusterOptions,
  ) {}

  /** Starts every replica and its proxy; on any failure, stops what already started. */
  static async start(options: ClusterOptions): Promise<Cluster> {
    const dir = join(options.tmpDir, "quorum");
    mkdirSync(dir, { recursive: true });
    const registry = openProcRegistry(join(dir, "procs"), "quorum");
    const started: ReplicaNode[] = [];
    try {
      const names = Array.from({ length: options.n }, (_, i) => `n${i + 1}`);
      const processes = await Promise.all(names.map((name, i) => startReplica({ name, dir, registry, applyLagMs: options.applyLagMs?.[i] ?? 0 })));
      for (const [i, proc] of processes.entries()) {
        const proxy = await createProxy({ upstream: { port: proc.port }, name: `proxy→${proc.name}`, seed: options.seed + i });
        const slot: ProcSlot = { handle: proc.handle, restart: { readyLine: READY_LINE } };
        started.push({ name: proc.name, port: proc.port, proxy, slot, link: new ReplicaLink(proc.name, proxy.port) });
      }
    } catch (err) {
      await Promise.allSettled(started.map((node) => node.proxy.close()));
      await registry.close({ graceMs: 0 });
      throw err;
    }
    const cluster = new Cluster(started, registry, options);
    for (const node of started) {
      node.slot.onRestart = (handle) => {
        cluster.watchExit(node.name, handle);
        cluster.state(node.name, "up", { pid: handle.pid, restarted: true });
      };
      cluster.watchExit(node.name, node.slot.handle);
      const lag = options.applyLagMs?.[started.indexOf(node)] ?? 0;
      cluster.state(node.name, "up", { pid: node.slot.handle.pid, port: node.port, proxyPort: node.proxy.port, applyLagMs: lag });
    }
    return cluster;
  }

  links(): ReplicaLink[] {
    return this.nodes.map((node) => node.link);
  }

  node(name: string): ReplicaNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no replica named ${name} (replicas: ${this.nodes.map((n) => n.name).join(", ")})`);
    return node;
  }

  /** Reports a replica that died (a crash fault, or on its own) as down on the replica map. */
  watchExit(name: string, handle: ProcHandle): void {
    void handle.exited.then((exit) => {
      if (!this.stopping) this.state(name, "down", { pid: handle.pid, signal: exit.signal, code: exit.code });
    });
  }

  state(subject: string, state: string, detail?: Record<string, unknown>): void {
    this.options.emit({ kind: "state", t: this.options.now(), subject, state, ...(detail ? { detail } : {}) });
  }

  /** What fault schedules may name: each replica's process slot and its proxy. */
  targets(): FaultTargets {
    return Object.fromEntries(this.nodes.map((node) => [node.name, { proc: node.slot, proxy: node.proxy }]));
  }

  /**
   * Ends whatever faults are left (the schedule runner stops its own; this is the safety
   * net) and starts every crashed replica again, on its old port, from its log.
   */
  async heal(): Promise<void> {
    await Promise.all(
      this.nodes.map(async (node) => {
        if (node.proxy.list().length > 0) node.proxy.removeAll();
        if (node.slot.handle.exitInfo === null) return;
        node.slot.handle = await restart(node.slot.handle, node.slot.restart);
        node.slot.onRestart?.(node.slot.handle);
      }),
    );
  }

  /** Waits until every replica answers a ping through its proxy (after heal). */
  async waitAllAnswer(timeoutMs: number, signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await Promise.all(
      this.nodes.map(async (node) => {
        for (;;) {
          signal.throwIfAborted();
          try {
            await node.link.request({ op: "ping" }, 250);
            return;
          } catch (err) {
            if (Date.now() > deadline) throw new Error(`replica ${node.name} did not answer within ${timeoutMs} ms after heal: ${(err as Error).message}`);
            await sleep(25);
          }
        }
      }),
    );
  }

  /** Closes links and proxies and kills every replica group; bounded, never throws. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const node of this.nodes) node.link.close();
    // Straight to SIGKILL: a replica has nothing to flush (it appends before it acks).
    for (const node of this.nodes) if (node.slot.handle.exitInfo === null) node.slot.handle.kill("SIGKILL");
    await Promise.allSettled(this.nodes.map((node) => node.proxy.close()));
    await this.registry.close({ graceMs: 0 }).catch(() => undefined);
    for (const node of this.nodes) this.state(node.name, "stopped");
  }
}
