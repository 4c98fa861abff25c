/**
 * How every fencing run goes, one step after another so every seed takes the same path:
 *   1. warm-up: n4 increments the counter under the lock (acquire, read, write, release);
 *   2. n3 acquires the lock and reads; the moment it has read, checked its lease and started
 *      preparing its write, it is paused (SIGSTOP: a long GC pause);
 *   3. its lease runs out; n4 acquires the lock (a newer token) and reads;
 *   4. the moment n4 has read, n3 wakes up and sends the write it prepared, token and all;
 *   5. n4 writes; then the lab asks the lock service what it granted and the storage what
 *      it served.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Cluster, type ProgramSource } from "@/lib/cluster/cluster";
import { NodeClient } from "@/lib/cluster/node-client";
import { pause, resume } from "@/lib/faults";
import { HistoryRecorder } from "@/lib/history/recorder";
import type { History } from "@/lib/history/types";
import { LabRunError } from "@/lib/labs/errors";
import { runPhases } from "@/lib/labs/phases";
import type { Grade, LabEvent, RunContext } from "@/lib/labs/types";
import { CLIENTS, EXPIRY_MARGIN_MS, LOCK, NODES, REPLY_TIMEOUT_MS, STORAGE, TICK_MS, WORK_TIMEOUT_MS } from "./settings";

export interface Grant {
  token: number;
  holder: string;
  at: number;
  expiresAt: number;
}
export interface Served {
  kind: "read" | "write";
  client: string;
  token: number;
  ok: boolean;
  at: number;
  value: number;
}
export interface Work {
  op: number;
  node: string;
  ok: boolean;
  token?: number;
  reason?: string;
}

export interface FencingRun {
  history: History;
  works: Work[];
  grants: Grant[];
  served: Served[];
  finalValue: number | null;
  programErrors: string[];
  /** The client that slept through its lease. */
  sleeper: string;
}

export interface ScenarioOptions {
  program: ProgramSource;
  leaseMs: number;
  grade: (run: FencingRun) => Grade;
}

interface System {
  cluster: Cluster;
  clients: Record<string, NodeClient>;
  recorder: HistoryRecorder;
  run: FencingRun;
}

const [SLEEPER, RIVAL] = CLIENTS as [string, string];
const roleOf = (id: string) => (id === LOCK ? "lock service" : id === STORAGE ? "storage" : "client");

export function runFencingScenario(ctx: RunContext, options: ScenarioOptions): Promise<Grade> {
  /**
   * The moment a client has checked its lease and started preparing its write: it tells its
   * requester "preparing", which the cluster reports as a send — after the step that did the check.
   */
  const watchers = new Set<(e: LabEvent) => void>();
  const emit = (e: LabEvent) => {
    for (const w of watchers) w(e);
    ctx.emit(e);
  };
  const preparing = (node: string) =>
    new Promise<void>((resolve) => {
      const w = (e: LabEvent) => {
        if (e.kind === "message" && e.phase === "send" && e.from === node && e.type === "preparing") {
          watchers.delete(w);
          resolve();
        }
      };
      watchers.add(w);
    });
  const fault = (action: "start" | "stop") => ctx.emit({ kind: "fault", t: ctx.now(), fault: "pause", action, target: SLEEPER, detail: { why: "a long GC pause" } });

  return runPhases<System, FencingRun>(ctx, {
    async startSystem(onTeardown) {
      const cluster = await Cluster.start({ nodeIds: NODES, program: options.program, tmpDir: ctx.tmpDir, seed: ctx.seed, tickMs: TICK_MS, now: ctx.now, emit });
      onTeardown(() => cluster.stop());
      // The map shows each node's job beside it.
      for (const id of NODES) ctx.emit({ kind: "state", t: ctx.now(), subject: id, state: "up", detail: { value: roleOf(id) } });
      const clients = Object.fromEntries(NODES.map((id) => [id, new NodeClient(`c${id.slice(1)}`, id, cluster.node(id).clientProxy.port)]));
      onTeardown(() => Object.values(clients).forEach((c) => c.close()));
      const run: FencingRun = { history: [], works: [], grants: [], served: [], finalValue: null, programErrors: [], sleeper: SLEEPER };
      return { cluster, clients, recorder: new HistoryRecorder(ctx.now, ctx.emit), run };
    },
    async workload(sys) {
      await work(sys, RIVAL);
      const handle = () => sys.cluster.node(SLEEPER).slot.handle;
      const sleeperPreparing = preparing(SLEEPER);
      const sleeperWork = work(sys, SLEEPER);
      await Promise.race([sleeperPreparing, sleeperWork]);
      if (!pause(handle())) throw new LabRunError("internal", `The lab could not pause ${SLEEPER}.`, "This is not your code's fault; run it again.");
      fault("start");
      try {
        await sleep(options.leaseMs + EXPIRY_MARGIN_MS, undefined, { signal: ctx.signal });
        const rivalPreparing = preparing(RIVAL);
        const rivalWork = work(sys, RIVAL);
        await Promise.race([rivalPreparing, rivalWork]);
        resume(handle());
        fault("stop");
        await Promise.all([sleeperWork, rivalWork]);
      } finally {
        resume(handle());
      }
    },
    async finalReads(sys) {
      const lock = await sys.clients[LOCK]!.request({ type: "dump" }, REPLY_TIMEOUT_MS).catch(() => null);
      const storage = await sys.clients[STORAGE]!.request({ type: "dump" }, REPLY_TIMEOUT_MS).catch(() => null);
      sys.run.grants = (lock?.grants ?? []) as Grant[];
      sys.run.served = (storage?.log ?? []) as Served[];
      sys.run.finalValue = typeof storage?.value === "number" ? storage.value : null;
    },
    check: (sys) => ({ ...sys.run, history: sys.recorder.history, programErrors: sys.cluster.errors.slice(0, 3).map((e) => `${e.node}: ${e.where}: ${e.message}`) }),
    grade: (run) => options.grade(run),
  });

  /** One increment under the lock by a client node; its outcome is what the client reported. */
  async function work(sys: System, node: string): Promise<void> {
    const op = sys.recorder.history.length;
    const outcome = await sys.recorder.call({ process: NODES.indexOf(node), f: "add", value: 1, node }, async () => {
      const reply = await sys.clients[node]!.request({ type: "work" }, WORK_TIMEOUT_MS);
      if (reply.type === "work_ok") return { ok: true, node };
      return { ok: false, definite: true, error: String(reply.reason ?? reply.type) };
    });
    sys.run.works.push({ op, node, ok: outcome.ok, ...(outcome.ok ? {} : { reason: outcome.error }) });
  }
}
