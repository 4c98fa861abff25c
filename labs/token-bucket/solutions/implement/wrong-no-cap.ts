// Refills but never caps at capacity: after idling, a user has saved up more than one burst.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { tokens: number; updatedAt: number };

export function allow(state: Bucket | null, now: number, cost: number, config: Config) {
  const last = state ?? { tokens: config.capacity, updatedAt: now };
  const tokens = last.tokens + ((now - last.updatedAt) / 1000) * config.refillPerSecond;
  if (tokens >= cost) return { allowed: true, state: { tokens: tokens - cost, updatedAt: now } };
  return { allowed: false, state: { tokens, updatedAt: now } };
}
