// Every request costs 1 token, whatever `cost` says.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { tokens: number; updatedAt: number };

export function allow(state: Bucket | null, now: number, cost: number, config: Config) {
  const last = state ?? { tokens: config.capacity, updatedAt: now };
  const refilled = last.tokens + ((now - last.updatedAt) / 1000) * config.refillPerSecond;
  const tokens = Math.min(config.capacity, refilled);
  if (tokens >= 1) return { allowed: true, state: { tokens: tokens - 1, updatedAt: now } };
  return { allowed: false, state: { tokens, updatedAt: now } };
}
