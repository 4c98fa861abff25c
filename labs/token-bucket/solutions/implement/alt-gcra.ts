// GCRA: store only the theoretical arrival time (tat). A request costing n is admitted when,
// after it, tat would be at most `capacity` emission intervals ahead of now.
type Config = { capacity: number; refillPerSecond: number };
type Gcra = { tat: number };

export function allow(state: Gcra | null, now: number, cost: number, config: Config) {
  const interval = 1000 / config.refillPerSecond; // ms per token
  const tat = Math.max(state ? state.tat : now, now);
  const next = tat + cost * interval;
  if (next - now <= config.capacity * interval) return { allowed: true, state: { tat: next } };
  return { allowed: false, state: { tat } };
}
