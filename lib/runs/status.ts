/**
 * Status changes of a LabRun. Every change is conditional on the current status, so a late
 * worker, the reconcile loop and a retried job can race without overwriting a final grade.
 */
import type { Db } from "@/lib/db/client";
import type { Grade } from "@/lib/labs/types";
import { countRunFinished } from "@/lib/observability/run-metrics";
import { boundGrade } from "./bounded-output";
import { STATUS_OF_VERDICT, type FinalStatus, type RunErrorKind, type RunStatus } from "./grade-view";

/** How a run ends: a lab's grade, or one the pipeline gives (a run that never got queued). */
export type RunEnding = Omit<Grade, "errorKind"> & { errorKind?: RunErrorKind };

export function statusOf(grade: RunEnding): FinalStatus {
  return STATUS_OF_VERDICT[grade.verdict];
}

/** Moves the run from one of `from` to `to`; false when it was not in `from` any more. */
export async function moveRun(db: Db, runId: string, from: RunStatus[], to: RunStatus): Promise<boolean> {
  const data = to === "running" ? { status: to, startedAt: new Date() } : { status: to };
  const { count } = await db.labRun.updateMany({
    where: { id: runId, status: { in: from } },
    data,
  });
  return count === 1;
}

/**
 * Moves a queued run to running and returns it, in one round trip (the worker's first step:
 * on a busy machine every trip to Postgres is one more wait before the run starts); null when
 * it was not queued (or does not exist).
 */
export async function startQueuedRun(db: Db, runId: string) {
  const [run] = await db.labRun.updateManyAndReturn({
    where: { id: runId, status: "queued" },
    data: { status: "running", startedAt: new Date() },
  });
  return run ?? null;
}

/** Stores the grade unless the run is already final; returns whether it was stored. */
export async function finishRun(db: Db, runId: string, ending: RunEnding): Promise<boolean> {
  // Diagnoses quote student text; the row, the end event and gradebook cells stay small.
  const grade = boundGrade(ending);
  const ended = await db.labRun.updateManyAndReturn({
    where: { id: runId, status: { in: ["queued", "running", "grading"] } },
    data: {
      status: statusOf(grade),
      diagnosis: grade.diagnosis,
      hint: grade.hint ?? null,
      errorKind: grade.verdict === "error" ? (grade.errorKind ?? "internal") : null,
      details: (grade.details ?? {}) as object,
      // The witness is stored as the lab gave it; the timeline finds its bar by `op.index`.
      ...(grade.witness ? { witness: grade.witness as object } : {}),
      finishedAt: new Date(),
    },
    select: { labId: true, taskId: true, status: true, errorKind: true, startedAt: true, finishedAt: true },
  });
  // Counted where it is stored, whoever ends it (worker, reconcile loop, failed enqueue): once.
  for (const run of ended) countRunFinished(run, run.status, run.errorKind);
  return ended.length === 1;
}
