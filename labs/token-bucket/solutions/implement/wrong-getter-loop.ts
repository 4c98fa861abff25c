// Decides lazily in a getter that waits for the bucket to fill: reading the answer never ends.
type Config = { capacity: number; refillPerSecond: number };
type Bucket = { tokens: number; updatedAt: number };

export function allow(state: Bucket | null, now: number, cost: number, config: Config) {
  const tokens = state ? state.tokens : config.capacity;
  return {
    get allowed() {
      let t = tokens;
      while (t < cost + config.capacity) t += 0;
      return true;
    },
    state: { tokens, updatedAt: now },
  };
}
