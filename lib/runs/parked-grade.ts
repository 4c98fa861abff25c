/**
 * A grade the worker could not store (Postgres down longer than the retries last) is parked
 * in Redis for an hour; the reconcile loop stores it instead of "worker lost" once the
 * database is back, so an outage at grading time does not lose the student's result.
 */
import type { Redis } from "ioredis";
import type { RunEnding } from "./status";

const PARK_SECONDS = 3600;

export const parkedGradeKey = (prefix: string, runId: string) => `${prefix}:run:${runId}:grade`;

export async function parkGrade(redis: Redis, prefix: string, runId: string, grade: RunEnding): Promise<void> {
  await redis.set(parkedGradeKey(prefix, runId), JSON.stringify(grade), "EX", PARK_SECONDS);
}

export async function parkedGrade(redis: Redis, prefix: string, runId: string): Promise<RunEnding | null> {
  const raw = await redis.get(parkedGradeKey(prefix, runId));
  return raw ? (JSON.parse(raw) as RunEnding) : null;
}

export async function dropParkedGrade(redis: Redis, prefix: string, runId: string): Promise<void> {
  await redis.del(parkedGradeKey(prefix, runId));
}
