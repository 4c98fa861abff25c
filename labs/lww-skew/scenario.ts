/**
 * How every lww-skew task runs: three replicas run a key-value store program (the student's,
 * in each node's sandbox, or the lab's own), n1's clock is set ahead, and a fixed plan of
 * puts goes through the replicas one after another, each after the previous was
 * acknowledged. Then the clock is set right, the replicas get a few seconds to agree, and
 * every replica is asked for every key.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Cluster, type ProgramSource } from "@/lib/cluster/cluster";
import { NodeClient } from "@/lib/cluster/node-client";
import { runFaultSchedule } from "@/lib/faults/run-fault-schedule";
import { HistoryRecorder } from "@/lib/history/recorder";
import type { History } from "@/lib/history/types";
import { runPhases } from "@/lib/labs/phases";
import type { Grade, RunContext } from "@/lib/labs/types";
import { CONVERGE_WITHIN_MS, FAULTS, NODES, REPLY_TIMEOUT_MS, SKEW_SETTLE_MS, TICK_MS } from "./settings";
import type { PlannedPut } from "./workload";

/** Node → key → the value its final get returned (null: never written; undefined: no answer). */
export type FinalReads = Record<string, Record<string, unknown>>;

export interface StoreRun {
  history: History;
  keys: string[];
  finalReads: FinalReads;
  /** What the replicas' programs reported (thrown errors, broken results), first few. */
  programErrors: string[];
}

export interface ScenarioOptions {
  program: ProgramSource;
  keys: string[];
  writes: PlannedPut[];
  grade: (run: StoreRun) => Grade;
}

interface System {
  cluster: Cluster;
  clients: NodeClient[];
  recorder: HistoryRecorder;
  faults: { stop: AbortController; done: Promise<unknown> | null };
  finalReads: FinalReads;
}

/** One get, unrecorded (the quiesce phase's polling): the value, or "?" when no answer. */
async function peek(client: NodeClient, key: string): Promise<string> {
  const reply = await client.request({ type: "get", key }, REPLY_TIMEOUT_MS).catch(() => null);
  return reply?.type === "get_ok" ? JSON.stringify(reply.value ?? null) : "?";
}

export function runStoreScenario(ctx: RunContext, options: ScenarioOptions): Promise<Grade> {
  return runPhases<System, StoreRun>(ctx, {
    async startSystem(onTeardown) {
      const cluster = await Cluster.start({ nodeIds: NODES, program: options.program, tmpDir: ctx.tmpDir, seed: ctx.seed, tickMs: TICK_MS, now: ctx.now, emit: ctx.emit });
      onTeardown(() => cluster.stop());
      const clients = NODES.map((node, i) => new NodeClient(`c${i}`, node, cluster.node(node).clientProxy.port));
      onTeardown(() => clients.forEach((c) => c.close()));
      return { cluster, clients, recorder: new HistoryRecorder(ctx.now, ctx.emit), faults: { stop: new AbortController(), done: null }, finalReads: {} };
    },
    async workload(sys) {
      sys.faults.done = runFaultSchedule(FAULTS, sys.cluster.targets(), {
        signal: AbortSignal.any([ctx.signal, sys.faults.stop.signal]),
        emit: ctx.emit,
        now: ctx.now,
        healAtMs: 600_000,
        seed: ctx.seed,
      });
      await sleep(SKEW_SETTLE_MS, undefined, { signal: ctx.signal });
      // One write at a time, each after the previous one's reply: real time orders them all.
      for (const { key, process, value, pauseMs } of options.writes) {
        await sleep(pauseMs, undefined, { signal: ctx.signal });
        const node = NODES[process]!;
        await sys.recorder.call({ process, f: "put", key, value, node }, async () => {
          const reply = await sys.clients[process]!.request({ type: "put", key, value }, REPLY_TIMEOUT_MS);
          return reply.type === "put_ok" ? { ok: true, node } : { ok: false, definite: true, error: `${node} replied ${reply.type}` };
        });
      }
    },
    async heal(sys) {
      sys.faults.stop.abort();
      await sys.faults.done;
      await sys.cluster.heal();
    },
    // Gossip carries every write everywhere within a few ticks: wait until every replica
    // answers the same for every key, or give up after a bound (a wrong program may never
    // agree, and its grade says so).
    async quiesce(sys) {
      const deadline = Date.now() + CONVERGE_WITHIN_MS;
      await sleep(3 * TICK_MS);
      while (Date.now() < deadline && !ctx.signal.aborted) {
        const views = await Promise.all(sys.clients.map(async (c) => (await Promise.all(options.keys.map((k) => peek(c, k)))).join(",")));
        if (views.every((v) => !v.includes("?") && v === views[0])) return;
        await sleep(TICK_MS * 2);
      }
    },
    // Recorded, so the timeline shows what each replica ended with next to the writes.
    async finalReads(sys) {
      for (const [process, node] of NODES.entries()) {
        const reads: Record<string, unknown> = {};
        for (const key of options.keys) {
          for (let attempt = 0; attempt < 3 && !(key in reads); attempt++) {
            await sys.recorder.call({ process, f: "get", key, node }, async () => {
              const reply = await sys.clients[process]!.request({ type: "get", key }, REPLY_TIMEOUT_MS);
              if (reply.type !== "get_ok") return { ok: false, definite: true, error: `${node} replied ${reply.type}` };
              reads[key] = reply.value ?? null;
              return { ok: true, value: reply.value ?? null, node };
            });
          }
        }
        sys.finalReads[node] = reads;
      }
    },
    check: (sys) => ({
      history: sys.recorder.history,
      keys: options.keys,
      finalReads: sys.finalReads,
      programErrors: sys.cluster.errors.slice(0, 3).map((e) => `${e.node}: ${e.where}: ${e.message}`),
    }),
    grade: (run) => options.grade(run),
  });
}
