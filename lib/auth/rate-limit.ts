/**
 * Sign-in and sign-up are rate limited per client address and per account with the same
 * atomic Redis token bucket the token-bucket lab teaches (lib/rate-limit/token-bucket-lua.ts): one
 * script per decision, so parallel guesses cannot all spend the same token. Cohort joins use
 * the same bucket per user (lib/people/cohorts.ts).
 */
import { APIError } from "better-auth/api";
import type { Redis } from "ioredis";
import { LUA_UNITS_PER_TOKEN, TOKEN_BUCKET_LUA } from "@/lib/rate-limit/token-bucket-lua";
import { log } from "@/lib/log";

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
  // The script counts in units of 1/LUA_UNITS_PER_TOKEN token (integers, never rounded).
  const [allowed, units] = (await redis.eval(
    TOKEN_BUCKET_LUA,
    1,
    key,
    limit.capacity,
    limit.refillPerSecond,
    1,
    ttlMs,
    "units",
  )) as [number, number];
  const missing = Math.max(0, 1 - Number(units) / LUA_UNITS_PER_TOKEN);
  return { allowed: allowed === 1, retryAfterSeconds: Math.ceil(missing / limit.refillPerSecond) };
}

/**
 * Sign-in / sign-up: one bucket per account, and one per client address when the address is
 * known (lib/runs/client-ip.ts: only behind FAULTLINE_TRUSTED_PROXIES). An unknown address
 * gets no address bucket rather than one shared by everyone, which anyone could drain to lock
 * the whole site out; the account bucket still holds.
 */
export async function enforceAuthLimits(
  redis: Redis,
  prefix: string,
  path: string,
  address: string | null,
  email: string | undefined,
): Promise<void> {
  const checks: Promise<LimitDecision>[] = [];
  if (address) checks.push(takeToken(redis, `${prefix}:ip:${address}`, AUTH_LIMITS.ip));
  if (email) checks.push(takeToken(redis, `${prefix}:account:${email.toLowerCase()}`, AUTH_LIMITS.account));
  const refused = (await Promise.all(checks)).find((d) => !d.allowed);
  if (refused) {
    // Never log the body: it holds the password.
    log.warn({ path, ip: address }, "auth rate limit hit");
    throw new APIError("TOO_MANY_REQUESTS", {
      message: `Too many attempts. Wait ${refused.retryAfterSeconds} s and try again.`,
    });
  }
}
