/** A token bucket's settings; the same shape the student's allow() receives. */
export interface BucketConfig {
  capacity: number;
  refillPerSecond: number;
}

export interface BucketState {
  tokens: number;
  /** Milliseconds (Redis TIME) of the last decision. */
  updatedAt: number;
}

/**
 * The textbook token bucket as a pure floating-point step: refill by elapsed time, cap at
 * capacity, spend `cost` if there is enough. A new user starts with a full bucket. Grading
 * uses the exact integer bucket (exact-bucket.ts); this is what a limiter would ship.
 */
export function takeToken(
  state: BucketState | null,
  now: number,
  cost: number,
  config: BucketConfig,
): { allowed: boolean; state: BucketState } {
  const last = state ?? { tokens: config.capacity, updatedAt: now };
  const elapsedSeconds = Math.max(0, now - last.updatedAt) / 1000;
  const tokens = Math.min(config.capacity, last.tokens + elapsedSeconds * config.refillPerSecond);
  if (tokens >= cost) return { allowed: true, state: { tokens: tokens - cost, updatedAt: now } };
  return { allowed: false, state: { tokens, updatedAt: now } };
}
