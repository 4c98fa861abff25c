// `>` instead of `>=`: a request that needs exactly the tokens left is rejected.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { tokens: number; updatedAt: number };

export function allow(state: Bucket | null, now: number, cost: number, config: Config) {
  const last = state ?? { tokens: config.capacity, updatedAt: now };
  const refilled = last.tokens + ((now - last.updatedAt) / 1000) * config.refillPerSecond;
  const tokens = Math.min(config.capacity, refilled);
  if (tokens > cost) return { allowed: true, state: { tokens: tokens - cost, updatedAt: now } };
  return { allowed: false, state: { tokens, updatedAt: now } };
}
