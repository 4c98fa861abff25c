/**
 * An instructor's replay of a stored run: the same lab, task, answer and SEED (so the same
 * faults at the same moments), started by the instructor and marked `replayOfId`, so it
 * never counts for anyone's progress or gradebook. Who may: an instructor or admin who can
 * see the run (lib/people/run-access); to anyone who cannot see it the run does not exist.
 */
import type { Viewer } from "@/lib/auth/viewer";
import { canViewRun } from "@/lib/people/run-access";
import { RunRequestError } from "./errors";
import { checkRate, enqueueRun, validateSubmission, type SubmitOptions, type SubmittedRun } from "./submit";

export const mayReplay = (viewer: Pick<Viewer, "role"> | null) => viewer?.role === "instructor" || viewer?.role === "admin";

export async function replayRun(
  runId: string,
  viewer: Viewer | null,
  opts: Omit<SubmitOptions, "userId">,
): Promise<SubmittedRun & { replayOf: string }> {
  if (!viewer) throw new RunRequestError(401, "Sign in to replay runs: /sign-in");
  const run = await opts.db.labRun.findUnique({ where: { id: runId } });
  if (!run || !(await canViewRun(opts.db, viewer, run))) throw new RunRequestError(404, "No such run.");
  if (!mayReplay(viewer)) {
    throw new RunRequestError(403, "Only instructors can replay a run; press Run again for a new run with a fresh seed.");
  }
  // The task may have changed since: replay only what its current schema still accepts.
  const { labId, taskId, answer } = validateSubmission({ labId: run.labId, taskId: run.taskId, answer: run.answer }, opts.manifest);
  await checkRate(opts.rateLimit, viewer.id);
  const replay = await enqueueRun(opts, { labId, taskId, answer, seed: run.seed, userId: viewer.id, replayOfId: run.id });
  return { ...replay, replayOf: run.id };
}
