import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { describeInvalidAnswer } from "./answer-errors";
import { loadLab } from "./discover";
import { defaultLabDatabaseUrl } from "./lab-database";
import { LabFailure, LabNotFoundError, LabRunError, RunAborted } from "./errors";
import { MetricBuckets } from "./metric-buckets";
import type { Grade, LabEvent, RunContext } from "./types";
import { WorkloadTally } from "./workload-tally";

export interface InProcessRunOptions {
  seed: number;
  redisUrl: string;
  /** Every key of the run starts with this; the lab deletes them at teardown. */
  redisPrefix: string;
  /** The labs database; default LABS_DATABASE_URL, or the one next to DATABASE_URL (./lab-database.ts). */
  labDatabaseUrl?: string;
  /** Cancel the run (worker shutdown); teardown still runs. */
  signal?: AbortSignal;
  emit?: (event: LabEvent) => void;
  runId?: string;
  /** Overrides the task's timeLimitMs (tests of the timeout path). */
  timeLimitMs?: number;
  /** Look for labs here instead of the repo's labs/. */
  labsDir?: string;
}

/** How long a stopped run may take to tear down before we stop waiting for it. */
const TEARDOWN_GRACE_MS = 10_000;

function errorGrade(errorKind: Grade["errorKind"], diagnosis: string, hint?: string): Grade {
  return { verdict: "error", errorKind, diagnosis, hint };
}

/**
 * Runs one task of one lab in this process: validates the answer, builds the RunContext,
 * enforces the time limit, buckets metric events per 100 ms and always cleans up.
 * Throws LabNotFoundError for an unknown lab or task (a caller bug); every other outcome,
 * including crashes inside the lab, comes back as a Grade.
 */
export async function runLabInProcess(
  labId: string,
  taskId: string,
  answer: unknown,
  opts: InProcessRunOptions,
): Promise<Grade> {
  const lab = await loadLab(labId, { dir: opts.labsDir });
  const task = lab.tasks.find((t) => t.id === taskId);
  if (!task)
    throw new LabNotFoundError(
      `Lab "${labId}" has no task "${taskId}". Its tasks: ${lab.tasks.map((t) => t.id).join(", ")}`,
    );

  const parsed = task.answerSchema.safeParse(answer);
  if (!parsed.success) {
    return {
      ...errorGrade(
        "invalid-answer",
        describeInvalidAnswer(parsed.error),
        "Fix the fields named above and run again.",
      ),
      details: { issues: parsed.error.issues },
    };
  }

  const started = performance.now();
  const now = () => performance.now() - started;
  const downstream = opts.emit ?? (() => {});
  const metrics = new MetricBuckets();
  const workload = new WorkloadTally();
  const emit = (event: LabEvent) => {
    if (event.kind === "metric") return metrics.add(event);
    workload.observe(event);
    downstream(event);
  };
  const flushMetrics = () => metrics.takeClosed(now()).forEach(downstream);
  const flusher = setInterval(flushMetrics, 100);

  const controller = new AbortController();
  const limitMs = opts.timeLimitMs ?? task.timeLimitMs;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limitMs);
  const onOuterAbort = () => controller.abort();
  opts.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (opts.signal?.aborted) controller.abort();

  const tmpDir = await mkdtemp(join(tmpdir(), `faultline-${labId}-`));
  const ctx: RunContext = {
    runId: opts.runId ?? randomUUID(),
    seed: opts.seed,
    signal: controller.signal,
    tmpDir,
    redisUrl: opts.redisUrl,
    redisPrefix: opts.redisPrefix,
    labDatabaseUrl: opts.labDatabaseUrl ?? defaultLabDatabaseUrl(),
    now,
    emit,
  };

  const running = lab.run(ctx, taskId, parsed.data).then(
    (grade) => ({ grade }),
    (error: unknown) => ({ error }),
  );
  // After an abort the lab gets a grace period to tear down, then we stop waiting.
  const stopped = new Promise<"gave-up">((resolve) => {
    controller.signal.addEventListener(
      "abort",
      () => setTimeout(() => resolve("gave-up"), TEARDOWN_GRACE_MS).unref(),
      { once: true },
    );
  });

  let grade: Grade;
  try {
    const outcome = await Promise.race([running, stopped]);
    if (timedOut) {
      grade = errorGrade(
        "timeout",
        `The run took longer than its limit of ${Math.round(limitMs / 1000)} s and was stopped.`,
        "If your code loops or waits, make it finish sooner; otherwise try again.",
      );
    } else if (controller.signal.aborted) {
      grade = errorGrade(
        "internal",
        "The run was cancelled before it finished (the worker stopped).",
        "Run it again.",
      );
    } else if (outcome === "gave-up") {
      grade = errorGrade("internal", "The run did not stop in time.");
    } else if ("grade" in outcome) {
      grade = workload.judge(outcome.grade, task.minimumWorkload);
    } else if (outcome.error instanceof LabRunError || outcome.error instanceof LabFailure) {
      grade = outcome.error.toGrade();
    } else if (outcome.error instanceof RunAborted) {
      grade = errorGrade("internal", "The run was stopped before it finished.");
    } else {
      const message =
        outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      downstream({ kind: "log", t: now(), level: "error", message: `lab crashed: ${message}` });
      grade = errorGrade(
        "internal",
        `The lab itself crashed: ${message}`,
        "This is not your fault; tell the instructor.",
      );
    }
  } finally {
    clearTimeout(timer);
    clearInterval(flusher);
    opts.signal?.removeEventListener("abort", onOuterAbort);
    await rm(tmpDir, { recursive: true, force: true });
  }
  metrics.takeAll().forEach(downstream);
  downstream({ kind: "phase", t: now(), phase: "done" });
  return { ...grade, details: { ...grade.details, durationMs: Math.round(now()) } };
}
