/**
 * Which worker runs a run: `<prefix>:run:<id>:worker` = worker id, set when the run starts
 * and removed when it ends. With the workers' heartbeats (lib/queue/heartbeat.ts) this lets
 * the reconcile loop tell within seconds that a running run's worker is gone, instead of
 * waiting for BullMQ's job lock to expire.
 */
import type { Redis } from "ioredis";
import { scanKeys } from "@/lib/queue/scan-keys";

export const runOwnerKey = (prefix: string, runId: string) => `${prefix}:run:${runId}:worker`;

/** Records the owner; the key outlives any legitimate run (`ttlMs`) so a lost one is not kept forever. */
export async function claimRun(redis: Redis, prefix: string, runId: string, workerId: string, ttlMs: number): Promise<void> {
  await redis.set(runOwnerKey(prefix, runId), workerId, "PX", ttlMs);
}

export async function runOwner(redis: Redis, prefix: string, runId: string): Promise<string | null> {
  return redis.get(runOwnerKey(prefix, runId));
}

export async function releaseRun(redis: Redis, prefix: string, runId: string): Promise<void> {
  await redis.del(runOwnerKey(prefix, runId));
}

/** Every run that has an owner now, with its worker (for the operations page). */
export async function runOwners(redis: Redis, prefix: string): Promise<{ runId: string; workerId: string }[]> {
  const keys = await scanKeys(redis, runOwnerKey(prefix, "*"));
  if (keys.length === 0) return [];
  const workers = await redis.mget(keys);
  const start = runOwnerKey(prefix, "").length - ":worker".length;
  return keys.flatMap((k, i) => (workers[i] ? [{ runId: k.slice(start, k.length - ":worker".length), workerId: workers[i]! }] : []));
}
