// Returns a bare boolean: the limiter cannot store a state it never got.
type Config = { capacity: number; refillPerSecond: number };

export function allow(state: unknown, now: number, cost: number, config: Config) {
  return cost <= config.capacity;
}
