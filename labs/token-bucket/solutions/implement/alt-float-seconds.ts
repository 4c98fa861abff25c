// Floating point in seconds, written as a class-free reducer: refill, cap, then spend.
interface Config {
  capacity: number;
  refillPerSecond: number;
}
interface State {
  t: number; // tokens
  s: number; // seconds of the last decision
}

const refill = (st: State, seconds: number, c: Config): number =>
  Math.min(c.capacity, st.t + Math.max(0, seconds - st.s) * c.refillPerSecond);

export function allow(state: State | null, now: number, cost: number, config: Config) {
  const seconds = now / 1000;
  const tokens = refill(state ?? { t: config.capacity, s: seconds }, seconds, config);
  const allowed = tokens >= cost;
  return { allowed, state: { t: allowed ? tokens - cost : tokens, s: seconds } };
}
