/**
 * Which graded runs count for progress and gradebooks. Replays never count (an instructor
 * repeating a stored run). For a "predict" task only the student's FIRST graded prediction
 * counts: a prediction is locked once the run shows what happened, so later runs are practice.
 * "First" is the first to be graded (finishedAt), so a run that counted never stops counting.
 */
import type { LabsManifest } from "@/lib/catalogue";

export interface CountableRun {
  id: string;
  userId: string | null;
  labId: string;
  taskId: string;
  status: string;
  createdAt: Date;
  finishedAt?: Date | null;
  replayOfId?: string | null;
}

export const taskKey = (labId: string, taskId: string) => `${labId}/${taskId}`;

/** The keys (`lab/task`) of tasks graded once per student. */
export function countsOnceTasks(manifest: LabsManifest): Set<string> {
  return new Set(
    manifest.labs.flatMap((lab) =>
      lab.tasks.filter((t) => t.kind === "predict").map((t) => taskKey(lab.id, t.id)),
    ),
  );
}

export const isGraded = (status: string) => status === "passed" || status === "failed";

const gradedAt = (r: CountableRun) => (r.finishedAt ?? r.createdAt).getTime();

/** Graded runs in the order they were graded (ties by id, so the order is the same everywhere). */
export function inGradingOrder<T extends CountableRun>(runs: T[]): T[] {
  return [...runs].sort((a, b) => gradedAt(a) - gradedAt(b) || a.id.localeCompare(b.id));
}

/** The runs that count, oldest graded first: no errors, no replays, one per student per predict task. */
export function countedRuns<T extends CountableRun>(runs: T[], countsOnce: Set<string>): T[] {
  const predicted = new Set<string>();
  return inGradingOrder(runs).filter((run) => {
    if (!isGraded(run.status) || run.replayOfId || !run.userId) return false;
    const key = taskKey(run.labId, run.taskId);
    if (!countsOnce.has(key)) return true;
    const perStudent = `${run.userId} ${key}`;
    if (predicted.has(perStudent)) return false;
    predicted.add(perStudent);
    return true;
  });
}
