// Spends tokens but never adds any back: the burst passes, then the user is locked out.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { tokens: number };

export function allow(state: Bucket | null, now: number, cost: number, config: Config) {
  const tokens = state ? state.tokens : config.capacity;
  if (tokens >= cost) return { allowed: true, state: { tokens: tokens - cost } };
  return { allowed: false, state: { tokens } };
}
