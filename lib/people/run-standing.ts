/**
 * Whether one run counts, and if not why: shown on the run ("Practice — your first prediction
 * counted: failed") and returned by the API. Uses the same rule as progress (./counting).
 */
import type { Db } from "@/lib/db/client";
import { countedRuns, taskKey, type CountableRun } from "./counting";

export type Practice =
  | { why: "replay"; replayOf: string }
  | { why: "predicted"; first: { id: string; status: "passed" | "failed" } };

type RunRow = CountableRun & { finishedAt: Date | null; replayOfId: string | null };

/** null = the run counts (or will, once graded); errors are labelled by their grade instead. */
export async function practiceOf(db: Db, run: RunRow, kind: string | null): Promise<Practice | null> {
  if (run.replayOfId) return { why: "replay", replayOf: run.replayOfId };
  if (kind !== "predict" || !run.userId) return null;
  const graded = await db.labRun.findMany({
    where: { userId: run.userId, labId: run.labId, taskId: run.taskId, status: { in: ["passed", "failed"] }, replayOfId: null },
    select: { id: true, userId: true, labId: true, taskId: true, status: true, createdAt: true, finishedAt: true },
  });
  const first = countedRuns(graded, new Set([taskKey(run.labId, run.taskId)]))[0];
  if (!first || first.id === run.id) return null;
  return { why: "predicted", first: { id: first.id, status: first.status as "passed" | "failed" } };
}
