/**
 * How every crdt-counter task runs: three replicas run a counter program (the student's, in
 * each node's sandbox, or the lab's own), each client adds through its own replica while the
 * network duplicates and reorders messages and n3 is cut off until the heal; then the cluster
 * heals, the replicas get a few seconds to agree, and every replica is read.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { CounterResult } from "@/lib/checkers";
import { Cluster, type ProgramSource } from "@/lib/cluster/cluster";
import { NodeClient } from "@/lib/cluster/node-client";
import { runFaultSchedule } from "@/lib/faults/run-fault-schedule";
import type { FaultSchedule } from "@/lib/faults/schedule";
import { HistoryRecorder } from "@/lib/history/recorder";
import type { History } from "@/lib/history/types";
import { runClientLoops } from "@/lib/labs/clients";
import { runPhases } from "@/lib/labs/phases";
import { createRng } from "@/lib/labs/rng";
import type { Grade, RunContext } from "@/lib/labs/types";
import { CONVERGE_WITHIN_MS, NODES, REPLY_TIMEOUT_MS, TICK_MS, WORKLOAD_MS } from "./settings";

export interface CounterRun {
  history: History;
  /** Each replica's value after heal and quiet; undefined when it did not answer. */
  finalReads: Record<string, unknown>;
  /** What the replicas' programs reported (thrown errors, broken results), first few. */
  programErrors: string[];
}

export interface ScenarioOptions {
  program: ProgramSource;
  faults: FaultSchedule;
  /** Client `process`'s next add: its delta (the workload of a G-counter adds 1s). */
  delta: (random: () => number, process: number) => number;
  /** A fixed workload instead of seeded loops (the predict task's). */
  script?: (add: (process: number, delta: number) => Promise<void>) => Promise<void>;
  grade: (run: CounterRun) => Grade;
}

interface System {
  cluster: Cluster;
  clients: NodeClient[];
  recorder: HistoryRecorder;
  faults: { stop: AbortController; done: Promise<unknown> | null };
  finalReads: Record<string, unknown>;
}

async function read(client: NodeClient): Promise<unknown> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const reply = await client.request({ type: "read" }, 1_000).catch(() => null);
    if (reply?.type === "read_ok") return reply.value;
  }
  return undefined;
}

export function runCounterScenario(ctx: RunContext, options: ScenarioOptions): Promise<Grade> {
  return runPhases<System, CounterRun>(ctx, {
    async startSystem(onTeardown) {
      const cluster = await Cluster.start({ nodeIds: NODES, program: options.program, tmpDir: ctx.tmpDir, seed: ctx.seed, tickMs: TICK_MS, now: ctx.now, emit: ctx.emit });
      onTeardown(() => cluster.stop());
      const clients = NODES.map((node, i) => new NodeClient(`c${i}`, node, cluster.node(node).clientProxy.port));
      onTeardown(() => clients.forEach((c) => c.close()));
      return { cluster, clients, recorder: new HistoryRecorder(ctx.now, ctx.emit), faults: { stop: new AbortController(), done: null }, finalReads: {} };
    },
    async workload(sys) {
      sys.faults.done = runFaultSchedule(options.faults, sys.cluster.targets(), {
        signal: AbortSignal.any([ctx.signal, sys.faults.stop.signal]),
        emit: ctx.emit,
        now: ctx.now,
        healAtMs: WORKLOAD_MS + 60_000,
        seed: ctx.seed,
      });
      const add = async (process: number, delta: number) => {
        await sys.recorder.call({ process, f: "add", value: delta }, async () => {
          const reply = await sys.clients[process]!.request({ type: "add", delta }, REPLY_TIMEOUT_MS);
          return reply.type === "add_ok" ? { ok: true } : { ok: false, definite: true, error: `replied ${reply.type}` };
        });
      };
      if (options.script) return options.script(add);
      const rng = createRng(ctx.seed);
      await runClientLoops({
        clients: sys.clients.length,
        randomFor: (process) => rng.fork(`client-${process}`).next,
        maxThinkMs: 40,
        until: sleep(WORKLOAD_MS, undefined, { signal: ctx.signal }).catch(() => undefined),
        signal: ctx.signal,
        step: (process, random) => add(process, options.delta(random, process)),
      });
    },
    async heal(sys) {
      sys.faults.stop.abort();
      await sys.faults.done;
      await sys.cluster.heal();
    },
    // Gossip carries every add everywhere within a few ticks once the links are back: wait
    // until every replica reads the same value, or give up after a bound (a wrong program
    // may never agree, and its grade says so).
    async quiesce(sys) {
      const deadline = Date.now() + CONVERGE_WITHIN_MS;
      await sleep(3 * TICK_MS);
      while (Date.now() < deadline && !ctx.signal.aborted) {
        const values = await Promise.all(sys.clients.map((c) => c.request({ type: "read" }, REPLY_TIMEOUT_MS).then((r) => JSON.stringify(r.value), () => "?")));
        if (values.every((v) => v !== "?" && v === values[0])) return;
        await sleep(TICK_MS * 2);
      }
    },
    async finalReads(sys) {
      for (const [i, node] of NODES.entries()) sys.finalReads[node] = await read(sys.clients[i]!);
    },
    check: (sys) => ({
      history: sys.recorder.history,
      finalReads: sys.finalReads,
      programErrors: sys.cluster.errors.slice(0, 3).map((e) => `${e.node}: ${e.where}: ${e.message}`),
    }),
    grade: (run) => options.grade(run),
  });
}

export type { CounterResult };
