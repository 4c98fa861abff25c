/** How a run is shown to whoever asks; owner checks go here (one place). */
import type { Db } from "@/lib/db/client";
import { findTask, loadManifest } from "@/lib/catalogue";
import type { GradeWitness, TaskKind } from "@/lib/labs/types";
import { canViewRun } from "@/lib/people/run-access";
import { practiceOf } from "@/lib/people/run-standing";
import type { FinalStatus, GradeView, RunErrorKind, RunStatus } from "./grade-view";

/**
 * Who asks: a signed-in user (by id, with their role), or "system" for the pipeline's own
 * reads after a route has already checked access (the CLI waiting for its grade).
 */
export type Viewer = { id: string; role?: string } | "system";

/** Staff (and the system) see a grade's details; students do not for predict tasks. */
export type Audience = "staff" | "student";

/** GET /api/runs/:id: the run, its grade fields null until it is final. */
export type RunView = Omit<GradeView, "status"> & {
  id: string;
  labId: string;
  taskId: string;
  status: RunStatus;
  seed: number;
  answer: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export const FINAL_STATUSES = ["passed", "failed", "error"] as const satisfies readonly FinalStatus[];

export function isFinal(status: string): status is FinalStatus {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

export function audienceOf(viewer: Viewer | null): Audience {
  return viewer === "system" || viewer?.role === "instructor" || viewer?.role === "admin" ? "staff" : "student";
}

async function taskKind(labId: string, taskId: string): Promise<TaskKind | null> {
  try {
    return findTask(await loadManifest(), labId, taskId)?.kind ?? null;
  } catch {
    return null; // no manifest here (e.g. a worker host): the kind only shapes the view
  }
}

/**
 * A predict task's details may name the outcome (the right answer): a student never gets
 * them; the diagnosis is written not to reveal it.
 */
export function forAudience(run: RunView, audience: Audience): RunView {
  return audience === "student" && run.kind === "predict" ? { ...run, details: null } : run;
}

/** The run's grade as `audience` may see it (the SSE `end` event); null while it is not final. */
export function gradeView(run: RunView, audience: Audience): GradeView | null {
  const { status, kind, diagnosis, hint, errorKind, witness, details, replayOf, practice } = forAudience(run, audience);
  return isFinal(status) ? { status, kind, diagnosis, hint, errorKind, witness, details, replayOf, practice } : null;
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
  const kind = await taskKind(run.labId, run.taskId);
  const view: RunView = {
    id: run.id,
    labId: run.labId,
    taskId: run.taskId,
    kind,
    status: run.status,
    seed: run.seed,
    answer: run.answer,
    diagnosis: run.diagnosis,
    hint: run.hint,
    // Written only by finishRun, from a RunEnding.
    errorKind: run.errorKind as RunErrorKind | null,
    witness: (run.witness as GradeWitness | null) ?? null,
    details: run.details as Record<string, unknown> | null,
    replayOf: run.replayOfId,
    practice: await practiceOf(db, run, kind),
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
  return forAudience(view, audienceOf(viewer));
}
