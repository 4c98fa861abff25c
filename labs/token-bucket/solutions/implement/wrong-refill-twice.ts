// A student's next try: on a reject it saves the refilled tokens but keeps the old
// timestamp, so the same elapsed time is refilled again on the next call.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { tokens: number; updatedAt: number };

export function allow(state: Bucket | null, now: number, cost: number, config: Config) {
  const last = state ?? { tokens: config.capacity, updatedAt: now };
  const elapsedSeconds = Math.max(0, now - last.updatedAt) / 1000;
  const tokens = Math.min(config.capacity, last.tokens + elapsedSeconds * config.refillPerSecond);
  if (tokens >= cost) return { allowed: true, state: { tokens: tokens - cost, updatedAt: now } };
  return { allowed: false, state: { tokens, updatedAt: last.updatedAt } };
}
