/**
 * Sign-in and sign-up are rate limited per client IP and per account with the same atomic
 * Redis token bucket the token-bucket lab teaches (labs/token-bucket/lua.ts): one script per
 * decision, so parallel guesses cannot all spend the same token.
 */
import type { Redis } from "ioredis";
import { TOKEN_BUCKET_LUA } from "@/labs/token-bucket/lua";

export interface BucketSettings {
  capacity: number;
  refillPerSecond: number;
}

/** A burst of 10 tries per IP, then one every 6 s; 5 per account, then one every 12 s. */
export const AUTH_LIMITS = {
  ip: { capacity: Number(process.env.FAULTLINE_AUTH_IP_BURST ?? 10), refillPerSecond: 1 / 6 },
  account: {
    capacity: Number(process.env.FAULTLINE_AUTH_ACCOUNT_BURST ?? 5),
    refillPerSecond: 1 / 12,
  },
} satisfies Record<string, BucketSettings>;

export interface LimitDecision {
  allowed: boolean;
  /** Seconds until one token is back, when refused. */
  retryAfterSeconds: number;
}

export async function takeToken(
  redis: Redis,
  key: string,
  limit: BucketSettings,
): Promise<LimitDecision> {
  const ttlMs = Math.ceil((limit.capacity / limit.refillPerSecond) * 1000) + 1_000;
  const [allowed, tokens] = (await redis.eval(
    TOKEN_BUCKET_LUA,
    1,
    key,
    limit.capacity,
    limit.refillPerSecond,
    1,
    ttlMs,
  )) as [number, string];
  const missing = Math.max(0, 1 - Number(tokens));
  return { allowed: allowed === 1, retryAfterSeconds: Math.ceil(missing / limit.refillPerSecond) };
}
