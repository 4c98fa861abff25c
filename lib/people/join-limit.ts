/**
 * Joining a cohort is rate limited per user with the sign-in token bucket
 * (lib/auth/rate-limit.ts): codes cannot be enumerated and a script cannot spam joins.
 */
import type { Redis } from "ioredis";
import { takeToken, type BucketSettings } from "@/lib/auth/rate-limit";
import { AccessError } from "./errors";

/** A burst of FAULTLINE_JOIN_BURST (5) tries, then one every 20 s. */
export function joinLimitFromEnv(): BucketSettings {
  const burst = Number(process.env.FAULTLINE_JOIN_BURST ?? 5);
  return { capacity: Number.isFinite(burst) && burst > 0 ? burst : 5, refillPerSecond: 1 / 20 };
}

export async function takeJoinAttempt(redis: Redis, prefix: string, userId: string, limit = joinLimitFromEnv()): Promise<void> {
  const decision = await takeToken(redis, `${prefix}:join-limit:user:${userId}`, limit);
  if (!decision.allowed) {
    throw new AccessError(429, `Too many join attempts. Wait ${decision.retryAfterSeconds} s, check the code with your instructor, and try again.`);
  }
}
