/**
 * Workers announce themselves with a key that expires: a worker that dies stops renewing and
 * disappears from `liveWorkers` within HEARTBEAT_TTL_MS, with nobody having to clean up.
 * The reconcile loop ends a running run whose worker's key is gone (lib/runs/reconcile.ts),
 * so the TTL bounds how long a lost worker goes unnoticed; renewing 4× per TTL means three
 * missed beats in a row (a stalled event loop, a Redis blip) before a live worker is judged.
 */
import type { Redis } from "ioredis";
import { scanKeys } from "./scan-keys";

export const HEARTBEAT_TTL_MS = 10_000;
export const HEARTBEAT_EVERY_MS = HEARTBEAT_TTL_MS / 4;

function key(prefix: string, workerId = "*"): string {
  return `${prefix}:worker:${workerId}`;
}

export async function beat(redis: Redis, prefix: string, workerId: string, info: Record<string, unknown>): Promise<void> {
  await redis.set(key(prefix, workerId), JSON.stringify({ ...info, at: Date.now() }), "PX", HEARTBEAT_TTL_MS);
}

export async function isBeating(redis: Redis, prefix: string, workerId: string): Promise<boolean> {
  return (await redis.exists(key(prefix, workerId))) === 1;
}

export async function stopBeating(redis: Redis, prefix: string, workerId: string): Promise<void> {
  await redis.del(key(prefix, workerId));
}

export async function liveWorkers(redis: Redis, prefix: string): Promise<string[]> {
  return (await scanKeys(redis, key(prefix))).map((k) => k.slice(key(prefix, "").length)).sort();
}

/** Each live worker with what it announced (pid, concurrency, `at` = ms of its last beat). */
export async function workerBeats(redis: Redis, prefix: string): Promise<{ id: string; info: Record<string, unknown> }[]> {
  const ids = await liveWorkers(redis, prefix);
  if (ids.length === 0) return [];
  const values = await redis.mget(ids.map((id) => key(prefix, id)));
  const beats: { id: string; info: Record<string, unknown> }[] = [];
  ids.forEach((id, i) => {
    const value = values[i];
    if (value == null) return; // expired between the scan and the read
    try {
      beats.push({ id, info: JSON.parse(value) as Record<string, unknown> });
    } catch {
      beats.push({ id, info: {} });
    }
  });
  return beats;
}
