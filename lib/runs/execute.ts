/**
 * Executes one queued run inside a worker: a fresh child process per run (its own process
 * group) runs the lab, streams events over IPC and sends the grade. The worker enforces the
 * hard time limit by killing the child's group, reaps whatever the lab left, records the
 * events and stores the grade. A crash or hang in a lab never takes the worker down.
 */
import { ROOT_CONTEXT, type Context } from "@opentelemetry/api";
import type { Redis } from "ioredis";
import type { Db } from "@/lib/db/client";
import { loadLab } from "@/lib/labs/discover";
import { defaultLabDatabaseUrl } from "@/lib/labs/lab-database";
import type { Grade } from "@/lib/labs/types";
import { log } from "@/lib/log";
import { logFields } from "@/lib/observability/log-context";
import { contextWith, inRunSpan, PhaseSpans, startRunSpan } from "@/lib/observability/run-trace";
import { observeCheckerTime, observeQueueWait } from "@/lib/observability/run-metrics";
import { killGroup, terminateGroup, type ProcRegistry } from "@/lib/procs";
import { ChildPool, forkRunChild } from "./child-pool";
import type { ChildRunSpec, FromChild, ToChild } from "./child-protocol";
import { parkGrade } from "./parked-grade";
import { EventRecorder, markStreamEnded } from "./recorder";
import { claimRun, releaseRun } from "./run-owner";
import { cleanRunDir, makeRunDir } from "./run-dirs";
import { withRetry } from "./retry";
import { finishRun, moveRun, startQueuedRun, statusOf } from "./status";
import { isFinal } from "./view";

export interface ExecuteDeps {
  db: Db;
  redis: Redis;
  prefix: string;
  redisUrl: string;
  /** The labs database runs get (default: LABS_DATABASE_URL, or the one next to DATABASE_URL). */
  labDatabaseUrl?: string;
  /** Records the children so a successor can kill them if this worker dies. */
  registry?: ProcRegistry;
  /** Warm children; without one, each run forks a cold child. */
  pool?: ChildPool;
  /** Aborted on worker shutdown or a lost job lock: the child aborts and tears down. */
  signal?: AbortSignal;
  labsDir?: string;
  /** Slack on top of the task's time limit for start-up and teardown. */
  marginMs?: number;
  /** Called with the wall-clock time of the first live event (benchmarks). */
  onFirstEvent?: (at: number) => void;
  /** This worker's heartbeat id: recorded as the run's owner so a lost worker is noticed fast. */
  workerId?: string;
  /** The run job's trace context: the child, its phases and the grade's storing are spans under it. */
  trace?: Context;
}

export const WORKER_LOST: Grade = {
  verdict: "error",
  errorKind: "worker-lost",
  diagnosis:
    "The worker running your lab stopped unexpectedly, so the run could not finish. This does not count as an attempt.",
  hint: "Run it again.",
};

export function defaultMarginMs(): number {
  const fromEnv = Number(process.env.FAULTLINE_RUN_MARGIN_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 15_000;
}

/**
 * Ends a run and wakes its live viewers. The grade write is retried through a Postgres blip;
 * if it still fails this throws (the job fails, and the reconcile loop ends the run later).
 */
function conclude(deps: ExecuteDeps, runId: string, grade: Grade): Promise<string> {
  return inRunSpan("run.store", runId, deps.trace ?? ROOT_CONTEXT, async (span) => {
    span.setAttributes({ "faultline.verdict": grade.verdict, ...(grade.errorKind ? { "faultline.error_kind": grade.errorKind } : {}) });
    const onRetry = (err: Error, attempt: number, delayMs: number) =>
      log.warn({ runId, err: err.message, attempt, delayMs }, "grade not stored yet; retrying");
    const stored = await withRetry(() => finishRun(deps.db, runId, grade), { onRetry });
    await markStreamEnded(deps.redis, deps.prefix, runId).catch(() => undefined);
    if (stored) {
      log.info({ runId, verdict: grade.verdict, errorKind: grade.errorKind, status: statusOf(grade) }, "grade stored");
      return statusOf(grade);
    }
    // Someone else ended it first (the reconcile loop, a retried job): report what it is.
    const run = await withRetry(() => deps.db.labRun.findUnique({ where: { id: runId }, select: { status: true } }), { onRetry });
    log.info({ runId, verdict: grade.verdict, status: run?.status }, "grade not stored: the run had already ended");
    return run?.status ?? "error";
  });
}

interface ChildOutcome {
  grade?: Grade;
  timedOut: boolean;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  stderrTail: string;
  pgid?: number;
}

function runChild(spec: ChildRunSpec, limitMs: number, deps: ExecuteDeps, recorder: EventRecorder, onGrading: () => void): Promise<ChildOutcome> {
  const taken = deps.pool?.take() ?? forkRunChild(deps.registry);
  const { child, stderrTail, tag } = taken;
  // The child's own lines, and any it writes untagged, carry the run's ids (./child-pool.ts).
  tag(logFields());
  // Whether the run got a child that had loaded the labs, and how long it had been warming.
  const childAttributes = { "faultline.child_warm": taken.warmed() ? 1 : 0, "faultline.child_age_ms": Date.now() - taken.forkedAt };
  const childSpan = startRunSpan("run.child", spec.runId, deps.trace ?? ROOT_CONTEXT, { attributes: { "faultline.lab": spec.labId, "faultline.task": spec.taskId, ...childAttributes } });
  const phases = new PhaseSpans(spec.runId, contextWith(childSpan, deps.trace ?? ROOT_CONTEXT));
  const send = (msg: ToChild) => {
    if (child.connected)
      child.send(msg, (err) => err && log.debug({ err: err.message }, "child message not sent"));
  };

  return new Promise<ChildOutcome>((resolve) => {
    let grade: Grade | undefined;
    let timedOut = false;
    let firstEvent = true;
    let checkStartedAt: number | undefined;
    const hardLimit = setTimeout(() => {
      timedOut = true;
      if (child.pid) killGroup(child.pid, "SIGKILL");
    }, limitMs);
    const onAbort = () => {
      send({ type: "abort" });
      // The child gets a teardown grace; after that its group is killed.
      setTimeout(() => child.pid && killGroup(child.pid, "SIGKILL"), 15_000).unref();
    };
    deps.signal?.addEventListener("abort", onAbort, { once: true });

    child.on("message", (msg: FromChild) => {
      if (msg.type === "event") {
        if (firstEvent) {
          firstEvent = false;
          deps.onFirstEvent?.(Date.now());
        }
        recorder.record(msg.event);
        if (msg.event.kind === "phase") phases.phase(msg.event.phase);
        if (msg.event.kind === "phase" && msg.event.phase === "check") {
          checkStartedAt = Date.now();
          onGrading();
        }
      } else if (msg.type === "grade") {
        grade = msg.grade;
        if (checkStartedAt !== undefined) observeCheckerTime(spec.labId, spec.taskId, Date.now() - checkStartedAt);
      }
    });
    child.once("error", (err) =>
      log.warn({ runId: spec.runId, err: err.message }, "run child error"),
    );
    child.once("exit", (code, signal) => {
      clearTimeout(hardLimit);
      phases.end();
      childSpan.setAttributes({ "faultline.exit_code": code ?? -1, ...(signal ? { "faultline.exit_signal": signal } : {}), ...(timedOut ? { "faultline.timed_out": 1 } : {}) });
      childSpan.end();
      deps.signal?.removeEventListener("abort", onAbort);
      // 'exit' can overtake the last IPC messages: wait for the channel to close (bounded).
      const done = () =>
        resolve({ grade, timedOut, exit: { code, signal }, stderrTail: stderrTail(), pgid: child.pid });
      if (!child.connected) return done();
      const bound = setTimeout(done, 1_000);
      child.once("disconnect", () => {
        clearTimeout(bound);
        done();
      });
    });
    send({ type: "start", spec: { ...spec, logFields: logFields() } });
  });
}

function childGrade(outcome: ChildOutcome, limitMs: number, taskLimitMs: number): Grade {
  if (outcome.grade && !outcome.timedOut) return outcome.grade;
  if (outcome.timedOut) {
    return {
      verdict: "error",
      errorKind: "timeout",
      diagnosis: `The run took longer than its limit of ${Math.round(taskLimitMs / 1000)} s and was stopped.`,
      hint: "If your code loops or waits, make it finish sooner; otherwise run it again. This does not count as an attempt.",
      details: { hardLimitMs: limitMs },
    };
  }
  const how = outcome.exit.signal
    ? `signal ${outcome.exit.signal}`
    : `exit code ${outcome.exit.code}`;
  return {
    verdict: "error",
    errorKind: "internal",
    diagnosis: `The process running the lab stopped unexpectedly (${how}) before it could grade your work. This does not count as an attempt.`,
    hint: "Run it again; tell the instructor if it keeps happening.",
    details: { stderrTail: outcome.stderrTail.slice(-1500) },
  };
}

/** Runs the LabRun `runId` to a final status and returns that status. Safe to call twice. */
export async function executeRun(runId: string, deps: ExecuteDeps): Promise<string> {
  // A Postgres blip as the job starts must not fail the job (its run would end as an error).
  const onRetry = (err: Error, attempt: number, delayMs: number) =>
    log.warn({ runId, err: err.message, attempt, delayMs }, "run not read yet; retrying");
  // The common case in one round trip: the run is queued and becomes ours.
  const run = await withRetry(() => startQueuedRun(deps.db, runId), { onRetry });
  if (!run) {
    const current = await withRetry(() => deps.db.labRun.findUnique({ where: { id: runId }, select: { status: true } }), { onRetry });
    if (!current) {
      log.warn({ runId }, "job for a run that does not exist");
      return "missing";
    }
    if (isFinal(current.status)) return current.status;
    // A previous attempt started it and its worker died (BullMQ gave us the stalled job).
    return conclude(deps, runId, WORKER_LOST);
  }

  let taskLimitMs: number;
  try {
    const lab = await loadLab(run.labId, { dir: deps.labsDir });
    const task = lab.tasks.find((t) => t.id === run.taskId);
    if (!task) throw new Error(`lab "${run.labId}" has no task "${run.taskId}"`);
    taskLimitMs = task.timeLimitMs;
  } catch (err) {
    return conclude(deps, runId, {
      verdict: "error",
      errorKind: "internal",
      diagnosis: `This lab could not be loaded (${(err as Error).message}). This does not count as an attempt.`,
      hint: "Tell the instructor.",
    });
  }
  const limitMs = taskLimitMs + (deps.marginMs ?? defaultMarginMs());
  // Side by side, not one after the other: each wait delays the run's start.
  const [runDir] = await Promise.all([
    makeRunDir(runId),
    deps.workerId &&
      claimRun(deps.redis, deps.prefix, runId, deps.workerId, limitMs + 600_000).catch((err: Error) =>
        log.warn({ runId, err: err.message }, "run owner not recorded"),
      ),
  ]);

  const started = Date.now();
  observeQueueWait(run.labId, run.createdAt, started);
  const recorder = new EventRecorder(deps.db, deps.redis, deps.prefix, runId);
  let grading: Promise<boolean> = Promise.resolve(false);
  let outcome: ChildOutcome;
  try {
    outcome = await runChild(
      {
        runId,
        labId: run.labId,
        taskId: run.taskId,
        answer: run.answer,
        seed: run.seed,
        redisUrl: deps.redisUrl,
        redisPrefix: `${deps.prefix}:lab:${runId}`,
        labDatabaseUrl: deps.labDatabaseUrl ?? defaultLabDatabaseUrl(),
        labsDir: deps.labsDir,
        tmpDir: runDir,
      },
      limitMs,
      deps,
      recorder,
      // Caught at once: awaited only after the child is done, a rejection (Postgres down as the
      // run is graded) would meanwhile count as unhandled and kill the worker. "grading" is
      // only shown to viewers; the grade itself is stored with retries below.
      () =>
        (grading = moveRun(deps.db, runId, ["running"], "grading").catch((err: Error) => {
          log.warn({ runId, err: err.message }, "run not marked grading");
          return false;
        })),
    );
  } finally {
    await recorder.close();
  }
  const childDone = Date.now();
  try {
    await grading;
    const grade = childGrade(outcome, limitMs, taskLimitMs);
    const status = await conclude(deps, runId, grade).catch(async (err: Error) => {
      log.error({ runId, err: err.message }, "grade not stored: parked for the reconcile loop");
      await parkGrade(deps.redis, deps.prefix, runId, grade).catch(() => undefined);
      throw err;
    });
    log.info({ runId, status, stages: { waitMs: started - run.createdAt.getTime(), childMs: childDone - started, concludeMs: Date.now() - childDone } }, "run stages");
    return status;
  } finally {
    await teardown(deps, runId, runDir, outcome.pgid);
  }
}

/**
 * Always, even when the grade could not be stored (before this job ends): whatever is left in
 * the child's group, then anything the lab started in groups of its own (found through the
 * registry files under the run's dir). The lab's own teardown normally leaves nothing.
 */
async function teardown(deps: ExecuteDeps, runId: string, runDir: string, pgid: number | undefined): Promise<void> {
  await releaseRun(deps.redis, deps.prefix, runId).catch(() => undefined);
  if (pgid) {
    await terminateGroup(pgid, { graceMs: 0, killWaitMs: 3_000 }).catch(() => undefined);
    deps.registry?.remove(pgid);
  }
  const reaped = await cleanRunDir(runDir).catch(() => []);
  if (reaped.length) log.warn({ runId, reaped }, "killed processes the lab left behind");
  deps.pool?.warm();
}
