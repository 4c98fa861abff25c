/**
 * At most a few runs per user waiting or running at once, so one student cannot fill the
 * queue for everyone. Counted in Postgres under a per-user advisory lock held by the insert's
 * transaction: parallel submits by one user take turns, so none can see a stale count.
 */
import type { Db } from "@/lib/db/client";
import { RunRequestError } from "./errors";

/** Statuses that still hold a place: waiting in the queue, running, or being graded. */
export const ACTIVE_STATUSES = ["queued", "running", "grading"] as const;

/** FAULTLINE_MAX_ACTIVE_RUNS (default 3); 0 turns the cap off. */
export function maxActiveRunsFromEnv(): number {
  const n = Number(process.env.FAULTLINE_MAX_ACTIVE_RUNS ?? 3);
  return Number.isInteger(n) && n >= 0 ? n : 3;
}

export const tooManyActive = (active: number) =>
  new RunRequestError(429, `You have ${active} runs waiting or running; wait for one to finish, then run again.`);

type NewRunData = Parameters<Db["labRun"]["create"]>[0]["data"] & { userId: string };

/** Inserts a `queued` run unless its user already has `max` active ones (429 then). */
export async function createRunWithinCap(db: Db, data: NewRunData, max: number): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    // Two-key form: our own lock space, apart from the migration lock.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('faultline:active-runs'), hashtext(${data.userId}))`;
    const active = await tx.labRun.count({ where: { userId: data.userId, status: { in: [...ACTIVE_STATUSES] } } });
    if (active >= max) throw tooManyActive(active);
    return tx.labRun.create({ data, select: { id: true } });
  });
}
