/** How a run is shown to whoever asks; owner checks go here (one place). */
import type { Db } from "@/lib/db/client";
import { canViewRun } from "@/lib/people/run-access";

/**
 * Who asks: a signed-in user (by id), or "system" for the pipeline's own reads after a route
 * has already checked access (the SSE stream's polling, the CLI waiting for its grade).
 */
export type Viewer = { id: string } | "system";

export interface RunView {
  id: string;
  labId: string;
  taskId: string;
  status: "queued" | "running" | "grading" | "passed" | "failed" | "error";
  seed: number;
  answer: unknown;
  diagnosis: string | null;
  hint: string | null;
  errorKind: string | null;
  details: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const FINAL_STATUSES = ["passed", "failed", "error"] as const;

export function isFinal(status: string): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

/**
 * The run as JSON, or null when it does not exist OR the viewer may not see it: the owner
 * and the instructors of the owner's cohorts may; for anyone else it does not exist.
 */
export async function getRunForViewer(
  id: string,
  viewer: Viewer | null,
  db: Db,
): Promise<RunView | null> {
  const run = await db.labRun.findUnique({ where: { id } });
  if (!run) return null;
  if (viewer !== "system" && !(await canViewRun(db, viewer, run))) return null;
  return {
    id: run.id,
    labId: run.labId,
    taskId: run.taskId,
    status: run.status,
    seed: run.seed,
    answer: run.answer,
    diagnosis: run.diagnosis,
    hint: run.hint,
    errorKind: run.errorKind,
    details: run.details,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
