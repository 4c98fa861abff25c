// Treats `now` as seconds: refills 1000 times too fast, so a bucket is full again after 1 ms.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { tokens: number; updatedAt: number };

export function allow(state: Bucket | null, now: number, cost: number, config: Config) {
  const last = state ?? { tokens: config.capacity, updatedAt: now };
  const tokens = Math.min(
    config.capacity,
    last.tokens + (now - last.updatedAt) * config.refillPerSecond,
  );
  if (tokens >= cost) return { allowed: true, state: { tokens: tokens - cost, updatedAt: now } };
  return { allowed: false, state: { tokens, updatedAt: now } };
}
