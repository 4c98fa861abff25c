// Right decisions, but logs the time of every request: the state grows with each one.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { tokens: number; updatedAt: number; log: number[] };

export function allow(state: Bucket | null, now: number, cost: number, config: Config) {
  const last = state ?? { tokens: config.capacity, updatedAt: now, log: [] };
  const refilled = last.tokens + ((now - last.updatedAt) / 1000) * config.refillPerSecond;
  const tokens = Math.min(config.capacity, refilled);
  const allowed = tokens >= cost;
  const log = [...last.log, now];
  return { allowed, state: { tokens: allowed ? tokens - cost : tokens, updatedAt: now, log } };
}
