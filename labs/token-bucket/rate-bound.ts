import type { BucketConfig } from "./model";

export interface RateBoundViolation {
  /** First and last admitted request of the worst window, ms. */
  fromMs: number;
  toMs: number;
  admitted: number;
  /** capacity + refill × window length: the most a correct bucket can admit in it. */
  allowed: number;
}

/**
 * Rolling-window rate bound of a token bucket: in ANY window of length w, a bucket of capacity
 * B refilling at R/s admits at most B + R·w. Checks every window spanned by two admitted
 * requests (the tightest ones) and returns the worst, or null. `slack` absorbs time rounding.
 * Local to this lab because lib/checkers has not landed yet (see the report); it is pure and
 * works on any list of admission times.
 */
export function worstRateBoundViolation(
  admittedAt: number[],
  config: BucketConfig,
  slack = 1,
): RateBoundViolation | null {
  const times = [...admittedAt].sort((a, b) => a - b);
  let worst: RateBoundViolation | null = null;
  let worstExcess = 0;
  for (let i = 0; i < times.length; i++) {
    const from = times[i] as number;
    for (let j = i; j < times.length; j++) {
      const to = times[j] as number;
      const allowed = config.capacity + (config.refillPerSecond * (to - from)) / 1000;
      const excess = j - i + 1 - (allowed + slack);
      if (excess > worstExcess) {
        worstExcess = excess;
        worst = { fromMs: from, toMs: to, admitted: j - i + 1, allowed: Math.floor(allowed) };
      }
    }
  }
  return worst;
}
