// A new user starts with an empty bucket, so the burst is rejected.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { tokens: number; updatedAt: number };

export function allow(state: Bucket | null, now: number, cost: number, config: Config) {
  const last = state ?? { tokens: 0, updatedAt: now };
  const tokens = Math.min(
    config.capacity,
    last.tokens + ((now - last.updatedAt) / 1000) * config.refillPerSecond,
  );
  if (tokens >= cost) return { allowed: true, state: { tokens: tokens - cost, updatedAt: now } };
  return { allowed: false, state: { tokens, updatedAt: now } };
}
