// Spends the cost whether or not it admits: rejected requests push the balance below zero.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { tokens: number; updatedAt: number };

export function allow(state: Bucket | null, now: number, cost: number, config: Config) {
  const last = state ?? { tokens: config.capacity, updatedAt: now };
  const refilled = last.tokens + ((now - last.updatedAt) / 1000) * config.refillPerSecond;
  const tokens = Math.min(config.capacity, refilled);
  return { allowed: tokens >= cost, state: { tokens: tokens - cost, updatedAt: now } };
}
