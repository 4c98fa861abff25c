/** How a run is shown to whoever asks; owner checks go here (one place). */
import type { Db } from "@/lib/db/client";
import type { GradeWitness, TaskKind } from "@/lib/labs/types";
import { canViewRun } from "@/lib/people/run-access";
import { practiceOf, type Practice } from "@/lib/people/run-standing";
import { findTask, loadManifest } from "./manifest";

/**
 * Who asks: a signed-in user (by id, with their role), or "system" for the pipeline's own
 * reads after a route has already checked access (the CLI waiting for its grade).
 */
export type Viewer = { id: string; role?: string } | "system";

/** Staff (and the system) see a grade's details; students do not for predict tasks. */
export type Audience = "staff" | "student";

export interface RunView {
  id: string;
  labId: string;
  taskId: string;
  /** The task's kind, null when the lab is no longer in the manifest. */
  kind: TaskKind | null;
  status: "queued" | "running" | "grading" | "passed" | "failed" | "error";
  seed: number;
  answer: unknown;
  diagnosis: string | null;
  hint: string | null;
  errorKind: string | null;
  /** The operation the diagnosis is about (Grade.witness), for the timeline's highlight. */
  witness: GradeWitness | null;
  details: unknown;
  /** The run this one replays (an instructor's replay: never counts). */
  replayOf: string | null;
  /** Why this run does not count, when it does not (replay; a predict task's later run). */
  practice: Practice | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const FINAL_STATUSES = ["passed", "failed", "error"] as const;

export function isFinal(status: string): boolean {
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
    errorKind: run.errorKind,
    witness: (run.witness as GradeWitness | null) ?? null,
    details: run.details,
    replayOf: run.replayOfId,
    practice: await practiceOf(db, run, kind),
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
  return forAudience(view, audienceOf(viewer));
}
