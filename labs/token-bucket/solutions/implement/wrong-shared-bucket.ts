// Keeps the bucket in a module-level variable: every user (and every retried call) shares it.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { tokens: number; updatedAt: number };

let bucket: Bucket | null = null;

export function allow(_state: Bucket | null, now: number, cost: number, config: Config) {
  const last = bucket ?? { tokens: config.capacity, updatedAt: now };
  const refilled =
    last.tokens + (Math.max(0, now - last.updatedAt) / 1000) * config.refillPerSecond;
  const tokens = Math.min(config.capacity, refilled);
  const allowed = tokens >= cost;
  bucket = { tokens: allowed ? tokens - cost : tokens, updatedAt: Math.max(now, last.updatedAt) };
  return { allowed, state: bucket };
}
