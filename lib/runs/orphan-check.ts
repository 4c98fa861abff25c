/**
 * A running run of ours with neither a job nor an owner key: Redis lost both (a restart
 * without persistence). Its worker, if alive, records itself again on its next heartbeat
 * (every 2.5 s), so the run is judged lost only when a later pass, `confirmMs` after the
 * first sighting, still finds no owner.
 */
import type { Redis } from "ioredis";

const seenKey = (prefix: string, runId: string) => `${prefix}:run:${runId}:orphan-seen`;

/** True once the run has looked orphaned for at least `confirmMs`. */
export async function confirmOrphan(redis: Redis, prefix: string, runId: string, confirmMs: number): Promise<boolean> {
  const now = Date.now();
  const first = await redis.set(seenKey(prefix, runId), String(now), "PX", Math.max(confirmMs * 3, 30_000), "NX");
  if (first === "OK") return false;
  const since = Number(await redis.get(seenKey(prefix, runId)));
  return Number.isFinite(since) && now - since >= confirmMs;
}

export async function clearOrphan(redis: Redis, prefix: string, runId: string): Promise<void> {
  await redis.del(seenKey(prefix, runId));
}
