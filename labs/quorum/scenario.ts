/**
 * One quorum run, in Maelstrom's order: start N replicas behind proxies → seeded workload
 * while faults act → heal (restart crashed replicas, end network faults) → quiesce (every
 * replica answers again) → final reads (every client reads every key) → check → grade.
 * Tasks differ only in W, R, the faults and how the result is graded.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { checkLinearizable, type LinearizabilityResult } from "@/lib/checkers";
import { runFaultSchedule, type FaultRunReport, type FaultSchedule } from "@/lib/faults/schedule";
import type { History } from "@/lib/history/types";
import { createRng, runPhases } from "@/lib/labs";
import type { Grade, LabEvent, RunContext } from "@/lib/labs/types";
import { Cluster } from "./cluster";
import { Coordinator } from "./coordinator/quorum";
import { FaultWindows, type Window } from "@/lib/history/fault-windows";
import { HistoryRecorder } from "@/lib/history/recorder";
import { CHECK_BUDGET_MS, CLIENTS, KEYS, MAX_THINK_MS, N, OP_TIMEOUT_MS, PUT_RATIO, REPLICA_TIMEOUT_MS, WORKLOAD_MS } from "./settings";
import { finalReads, runNotifyRounds, runWorkload } from "./workload";

/** Far past the workload: the schedule never heals on its own, the heal phase does. */
const HEAL_NEVER_MS = 3_600_000;

export interface ScenarioOptions<C> {
  w: number;
  r: number;
  /** Validated already; `at`/`duration` count from the start of the workload. */
  faults: FaultSchedule;
  /** Per replica apply lag (see replica/server.ts); omitted = every replica applies at once. */
  applyLagMs?: readonly number[];
  /** Length of the workload phase; default WORKLOAD_MS. */
  workloadMs?: number;
  /**
   * The first `notifyMs` of the workload run notify rounds (a put, then every client reads
   * that key at once) instead of the random mix: the read-after-write pattern that shows
   * whether a read quorum can miss an acknowledged write.
   */
  notifyMs?: number;
  /** The check phase: runs the task's checkers over what the run recorded. */
  check(record: RunRecord): C;
  grade(result: C): Grade;
}

export type { Window };

export interface RunRecord {
  w: number;
  r: number;
  history: History;
  faultWindows: Window[];
  /** When the workload phase started and ended (ms since run start). */
  workload: Window;
}

/** The linearizability check every quorum task uses (kv model, split by key). */
export function checkKv(history: History, timeBudgetMs = CHECK_BUDGET_MS): LinearizabilityResult {
  return checkLinearizable(history, { model: "kv", timeBudgetMs });
}

interface System {
  cluster: Cluster;
  coordinator: Coordinator;
  recorder: HistoryRecorder;
  workload: Window;
  /** The fault schedule runs from the workload phase until the heal phase aborts it. */
  faults: { stop: AbortController; done: Promise<FaultRunReport> | null };
}

export function runScenario<C>(ctx: RunContext, options: ScenarioOptions<C>): Promise<Grade> {
  const windows = new FaultWindows();
  const emit = (event: LabEvent) => {
    windows.observe(event);
    ctx.emit(event);
  };
  const runCtx: RunContext = { ...ctx, emit };
  const rng = createRng(ctx.seed);
  const workloadMs = options.workloadMs ?? WORKLOAD_MS;

  return runPhases<System, C>(runCtx, {
    async startSystem(onTeardown) {
      const cluster = await Cluster.start({ n: N, tmpDir: ctx.tmpDir, seed: ctx.seed, applyLagMs: options.applyLagMs, now: ctx.now, emit });
      onTeardown(() => cluster.stop());
      const coordinator = new Coordinator(cluster.links(), { n: N, w: options.w, r: options.r, replicaTimeoutMs: REPLICA_TIMEOUT_MS, opTimeoutMs: OP_TIMEOUT_MS });
      const stop = new AbortController();
      onTeardown(() => stop.abort());
      return { cluster, coordinator, recorder: new HistoryRecorder(ctx.now, emit), workload: { start: 0, end: 0 }, faults: { stop, done: null } };
    },
    async workload(system) {
      system.workload.start = ctx.now();
      // Open-ended faults last until the heal phase aborts the schedule.
      system.faults.done = runFaultSchedule(options.faults, system.cluster.targets(), {
        signal: AbortSignal.any([ctx.signal, system.faults.stop.signal]),
        emit,
        now: ctx.now,
        healAtMs: workloadMs + HEAL_NEVER_MS,
        seed: ctx.seed,
      });
      try {
        if (options.notifyMs) {
          await runNotifyRounds({
            coordinator: system.coordinator,
            recorder: system.recorder,
            clients: CLIENTS,
            keys: KEYS,
            random: rng.fork("notify").next,
            until: sleep(options.notifyMs, undefined, { signal: ctx.signal }).catch(() => undefined),
            signal: ctx.signal,
          });
        }
        await runWorkload({
          coordinator: system.coordinator,
          recorder: system.recorder,
          clients: CLIENTS,
          keys: KEYS,
          randomFor: (p) => rng.fork(`client-${p}`).next,
          putRatio: PUT_RATIO,
          maxThinkMs: MAX_THINK_MS,
          until: sleep(Math.max(0, workloadMs - (ctx.now() - system.workload.start)), undefined, { signal: ctx.signal }).catch(() => undefined),
          signal: ctx.signal,
        });
      } finally {
        system.workload.end = ctx.now();
      }
    },
    async heal(system) {
      system.faults.stop.abort();
      const report = await system.faults.done;
      for (const error of report?.errors ?? []) ctx.emit({ kind: "log", t: ctx.now(), level: "warn", message: error });
      await system.cluster.heal();
      windows.closeAt(ctx.now());
    },
    async quiesce(system) {
      await system.cluster.waitAllAnswer(5_000, ctx.signal);
    },
    async finalReads(system) {
      await finalReads(system.coordinator, system.recorder, CLIENTS, KEYS);
    },
    check(system) {
      return options.check({ w: options.w, r: options.r, history: system.recorder.history, faultWindows: windows.windows, workload: system.workload });
    },
    grade: (result) => options.grade(result),
  });
}
