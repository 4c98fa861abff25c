// Integers only: tokens counted in thousandths, so refill per ms is refillPerSecond
// thousandths and nothing is ever rounded.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { milli: number; at: number };

export function allow(state: Bucket | null, now: number, cost: number, config: Config) {
  const capacity = config.capacity * 1000;
  const last = state ?? { milli: capacity, at: now };
  const elapsed = Math.max(0, now - last.at);
  const milli = Math.min(capacity, last.milli + elapsed * config.refillPerSecond);
  const at = Math.max(last.at, now);
  if (milli >= cost * 1000) return { allowed: true, state: { milli: milli - cost * 1000, at } };
  return { allowed: false, state: { milli, at } };
}
