import type { Redis } from "ioredis";

export interface RateLimitOptions {
  /** Submissions allowed per window. */
  limit: number;
  windowMs: number;
}

/** From FAULTLINE_SUBMIT_RATE ("30" = 30 per minute); 0 turns the limit off. */
export function submitRateFromEnv(): RateLimitOptions {
  const perMinute = Number(process.env.FAULTLINE_SUBMIT_RATE ?? 30);
  return { limit: Number.isFinite(perMinute) && perMinute >= 0 ? perMinute : 30, windowMs: 60_000 };
}

/**
 * A fixed-window counter per key — the submitting user (INCR + PEXPIRE in one MULTI): cheap, shared by every
 * web process, and good enough to stop a runaway loop from flooding the queue.
 * Returns how many ms to wait when over the limit, or 0 when allowed.
 */
export async function takeSubmitSlot(
  redis: Redis,
  prefix: string,
  key: string,
  opts: RateLimitOptions,
): Promise<number> {
  if (opts.limit <= 0) return 0;
  const window = Math.floor(Date.now() / opts.windowMs);
  const counter = `${prefix}:ratelimit:submit:${key}:${window}`;
  const result = await redis.multi().incr(counter).pexpire(counter, opts.windowMs).exec();
  const count = Number(result?.[0]?.[1] ?? 0);
  if (count <= opts.limit) return 0;
  return (window + 1) * opts.windowMs - Date.now();
}
