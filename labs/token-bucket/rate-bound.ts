import { checkRateBound } from "@/lib/checkers/rate-window";
import type { BucketConfig } from "./model";

export interface RateBoundViolation {
  /** The worst window, ms: [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  admitted: number;
  /** floor(capacity + refill × window length): the most a correct bucket admits in it. */
  allowed: number;
}

/** Short windows catch an over-admitted burst, long ones a refill that is too fast. */
export const WINDOWS_MS = [100, 250, 500, 1_000, 2_000, 4_000] as const;

/**
 * A token bucket's rate bound: in ANY window of length w, a bucket of capacity B refilling at
 * R/s admits at most B + R·w. Checked with lib/checkers' rolling-window rate bound at several
 * window lengths, each with its own bound; returns the window exceeding its bound the most, or
 * null. `slack` absorbs time rounding.
 */
export function worstRateBoundViolation(
  admittedAt: number[],
  config: BucketConfig,
  slack = 1,
): RateBoundViolation | null {
  let worst: RateBoundViolation | null = null;
  for (const windowMs of WINDOWS_MS) {
    const allowed = Math.floor(config.capacity + (config.refillPerSecond * windowMs) / 1000);
    const result = checkRateBound({ bucket: admittedAt }, { windowMs, bound: allowed + slack });
    const w = result.violations[0];
    if (!w) continue;
    if (!worst || w.count - allowed > worst.admitted - worst.allowed) {
      worst = { fromMs: w.start, toMs: w.end, admitted: w.count, allowed };
    }
  }
  return worst;
}

/** "any 250 ms" / "any 2 s" window, as the diagnoses say it. */
export function describeWindow(v: RateBoundViolation): string {
  const ms = v.toMs - v.fromMs;
  return ms < 1_000 ? `${ms} ms` : `${ms / 1_000} s`;
}
