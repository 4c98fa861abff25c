/** What the run pipeline tells the metrics: one call per moment, so call sites stay one line. */
import { platformMetrics } from "./metrics";

export function countRunSubmitted(labId: string, taskId: string): void {
  platformMetrics().runsSubmitted.inc({ lab: labId, task: taskId });
}

export function countRunFinished(
  run: { labId: string; taskId: string; startedAt: Date | null; finishedAt: Date | null },
  status: string,
  errorKind: string | null,
): void {
  const m = platformMetrics();
  m.runsFinished.inc({ lab: run.labId, task: run.taskId, status, error_kind: errorKind ?? "" });
  // A run ended before any worker started it (never queued, job lost) has no duration.
  if (run.startedAt && run.finishedAt) {
    m.runDuration.observe({ lab: run.labId, task: run.taskId }, Math.max(0, run.finishedAt.getTime() - run.startedAt.getTime()) / 1000);
  }
}

export function observeQueueWait(labId: string, createdAt: Date, startedAt: number): void {
  platformMetrics().queueWait.observe({ lab: labId }, Math.max(0, startedAt - createdAt.getTime()) / 1000);
}

export function observeCheckerTime(labId: string, taskId: string, ms: number): void {
  platformMetrics().checkerTime.observe({ lab: labId, task: taskId }, Math.max(0, ms) / 1000);
}
