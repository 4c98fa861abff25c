/**
 * At most a few live event streams per user (FAULTLINE_MAX_STREAMS, default 4), across every
 * web process: each open stream holds a lease in a Redis sorted set (member = stream id,
 * score = expiry), renewed while it is open and removed when it closes. A crashed process's
 * leases simply expire.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

const LEASE_MS = 60_000;
const RENEW_MS = 20_000;

// Drop expired leases, count, add ours if there is room: one script, so parallel opens cannot overshoot.
const TAKE_LUA = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

export function maxStreamsFromEnv(): number {
  const n = Number(process.env.FAULTLINE_MAX_STREAMS ?? 4);
  return Number.isInteger(n) && n >= 0 ? n : 4;
}

export interface StreamSlot {
  release(): void;
}

/** A lease for one more live stream of `userId`, or null when they already have `max` open (0 = no cap). */
export async function openStreamSlot(redis: Redis, prefix: string, userId: string, max: number): Promise<StreamSlot | null> {
  if (max <= 0) return { release: () => undefined };
  const key = `${prefix}:sse-slots:${userId}`;
  const id = randomUUID();
  const now = Date.now();
  const taken = await redis.eval(TAKE_LUA, 1, key, now, now + LEASE_MS, max, id, LEASE_MS * 2);
  if (taken !== 1) return null;
  const renew = setInterval(() => {
    redis.zadd(key, "XX", Date.now() + LEASE_MS, id).catch(() => undefined);
  }, RENEW_MS);
  renew.unref();
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      clearInterval(renew);
      redis.zrem(key, id).catch(() => undefined);
    },
  };
}
