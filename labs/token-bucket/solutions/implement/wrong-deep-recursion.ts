// Refills one millisecond at a time, recursively, and counts a new user's refill from
// time 0: the first call nests once per millisecond since 1970 and runs out of stack.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { tokens: number; updatedAt: number };

function refill(tokens: number, ms: number, config: Config): number {
  if (ms <= 0) return tokens;
  return refill(tokens + config.refillPerSecond / 1000, ms - 1, config);
}

export function allow(state: Bucket | null, now: number, cost: number, config: Config) {
  const last = state ?? { tokens: 0, updatedAt: 0 };
  const tokens = Math.min(config.capacity, refill(last.tokens, now - last.updatedAt, config));
  if (tokens >= cost) return { allowed: true, state: { tokens: tokens - cost, updatedAt: now } };
  return { allowed: false, state: { tokens, updatedAt: now } };
}
