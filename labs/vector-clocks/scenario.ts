/**
 * How every vector-clocks run goes: three replicas run the store with the student's merge;
 * each client reads the key and writes back with what it read as context, through its own
 * replica, while n3 is cut off for a while and gossip is reordered; then the
 * cluster heals, the replicas get a few seconds to agree, and every replica's siblings are read.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Cluster, type ProgramSource } from "@/lib/cluster/cluster";
import { NodeClient } from "@/lib/cluster/node-client";
import type { FinalRead } from "@/lib/checkers";
import { runFaultSchedule } from "@/lib/faults/run-fault-schedule";
import type { FaultSchedule } from "@/lib/faults/schedule";
import { HistoryRecorder } from "@/lib/history/recorder";
import type { History } from "@/lib/history/types";
import { runClientLoops } from "@/lib/labs/clients";
import { runPhases } from "@/lib/labs/phases";
import { createRng } from "@/lib/labs/rng";
import type { Grade, RunContext } from "@/lib/labs/types";
import { CONVERGE_WITHIN_MS, FINAL_READ_ATTEMPTS, FINAL_READ_TIMEOUT_MS, KEY, NODES, REPLY_TIMEOUT_MS, TICK_MS, WORKLOAD_MS } from "./settings";
import { contextOf } from "./store-program";

type Sibling = { value: string; vv: Record<string, number> };

export interface SiblingsRun {
  history: History;
  finalReads: FinalRead[];
  programErrors: string[];
}

export interface ScenarioOptions {
  program: ProgramSource;
  faults: FaultSchedule;
  /** A fixed workload instead of seeded loops (the predict task's). */
  script?: (put: (process: number, value: string, read: boolean) => Promise<void>) => Promise<void>;
  grade: (run: SiblingsRun) => Grade;
}

interface System {
  cluster: Cluster;
  clients: NodeClient[];
  recorder: HistoryRecorder;
  faults: { stop: AbortController; done: Promise<unknown> | null };
  finalReads: FinalRead[];
}

const siblingsOf = (body: Record<string, unknown>): Sibling[] => (Array.isArray(body.siblings) ? (body.siblings as Sibling[]) : []);

export function runSiblingsScenario(ctx: RunContext, options: ScenarioOptions): Promise<Grade> {
  return runPhases<System, SiblingsRun>(ctx, {
    async startSystem(onTeardown) {
      const cluster = await Cluster.start({ nodeIds: NODES, program: options.program, tmpDir: ctx.tmpDir, seed: ctx.seed, tickMs: TICK_MS, now: ctx.now, emit: ctx.emit });
      onTeardown(() => cluster.stop());
      const clients = NODES.map((node, i) => new NodeClient(`c${i}`, node, cluster.node(node).clientProxy.port));
      onTeardown(() => clients.forEach((c) => c.close()));
      return { cluster, clients, recorder: new HistoryRecorder(ctx.now, ctx.emit), faults: { stop: new AbortController(), done: null }, finalReads: [] };
    },
    async workload(sys) {
      sys.faults.done = runFaultSchedule(options.faults, sys.cluster.targets(), {
        signal: AbortSignal.any([ctx.signal, sys.faults.stop.signal]),
        emit: ctx.emit,
        now: ctx.now,
        healAtMs: WORKLOAD_MS + 60_000,
        seed: ctx.seed,
      });
      /** A write, after reading the key first (read-modify-write) or blind. */
      const put = async (process: number, value: string, read: boolean) => {
        const client = sys.clients[process]!;
        let seen: Sibling[] = [];
        if (read) {
          const outcome = await sys.recorder.call({ process, f: "read", key: KEY }, async () => {
            const reply = await client.request({ type: "get", key: KEY }, REPLY_TIMEOUT_MS);
            seen = siblingsOf(reply);
            return reply.type === "get_ok" ? { ok: true, value: seen.map((s) => s.value) } : { ok: false, definite: true, error: `replied ${reply.type}` };
          });
          if (!outcome.ok) return;
        }
        const written = { value, context: seen.map((s) => s.value) };
        await sys.recorder.call({ process, f: "write", key: KEY, value: written }, async () => {
          const reply = await client.request({ type: "put", key: KEY, value, context: contextOf(seen) }, REPLY_TIMEOUT_MS);
          return reply.type === "put_ok" ? { ok: true } : { ok: false, definite: true, error: `replied ${reply.type}` };
        });
      };
      if (options.script) return options.script(put);
      const rng = createRng(ctx.seed);
      await runClientLoops({
        clients: sys.clients.length,
        randomFor: (process) => rng.fork(`client-${process}`).next,
        maxThinkMs: 60,
        until: sleep(WORKLOAD_MS, undefined, { signal: ctx.signal }).catch(() => undefined),
        signal: ctx.signal,
        // Read-modify-write, as a cart does: each write replaces exactly what its client read.
        // (A blind write would be replaced by the next write its replica stamps: per-replica
        // vectors cannot tell two clients apart — the problem dotted version vectors solve.)
        step: (process, _random, seq) => put(process, `c${process}-${seq}`, true),
      });
    },
    async heal(sys) {
      sys.faults.stop.abort();
      await sys.faults.done;
      await sys.cluster.heal();
    },
    async quiesce(sys) {
      const deadline = Date.now() + CONVERGE_WITHIN_MS;
      await sleep(3 * TICK_MS);
      while (Date.now() < deadline && !ctx.signal.aborted) {
        const views = await Promise.all(sys.clients.map((c) => c.request({ type: "get", key: KEY }, REPLY_TIMEOUT_MS).then((r) => JSON.stringify(siblingsOf(r).map((s) => s.value).sort()), () => "?")));
        if (views.every((v) => v !== "?" && v === views[0])) return;
        await sleep(TICK_MS * 2);
      }
    },
    // A few tries each, all replicas at once: a replica busy merging a long sibling list (or
    // on a busy machine) once missed a single 1 s read, and "did not answer" is a grade.
    async finalReads(sys) {
      const reads = await Promise.all(
        NODES.map(async (node, i) => {
          for (let attempt = 0; attempt < FINAL_READ_ATTEMPTS && !ctx.signal.aborted; attempt++) {
            const reply = await sys.clients[i]!.request({ type: "get", key: KEY }, FINAL_READ_TIMEOUT_MS).catch(() => null);
            if (reply?.type === "get_ok") return { key: KEY, node, value: siblingsOf(reply).map((s) => s.value) };
          }
          return null;
        }),
      );
      sys.finalReads.push(...reads.filter((r) => r !== null));
    },
    check: (sys) => ({ history: sys.recorder.history, finalReads: sys.finalReads, programErrors: sys.cluster.errors.slice(0, 3).map((e) => `${e.node}: ${e.where}: ${e.message}`) }),
    grade: (run) => options.grade(run),
  });
}
