/**
 * A token bucket's promise, checked exactly: a bucket of capacity B refilling at R/s never
 * admits more than B + R·T requests in ANY window of T seconds, for every T (the window from
 * a full bucket's burst to the last refill). Times are Redis µs and R a multiple of 0.5, so
 * the check is in integers: no rounding slack that a slightly-too-fast limiter could hide in.
 */
export interface LinearBound {
  /** Requests allowed at once (T → 0). */
  burst: number;
  /** Requests per second allowed in the long run; a multiple of 0.5. */
  perSecond: number;
}

export interface BoundViolation<R> {
  /** The admitted request that opened the window and the one that went over the bound. */
  first: R;
  last: R;
  fromUs: number;
  toUs: number;
  admitted: number;
  /** burst + perSecond × window: the most the bound allows in this window (not rounded). */
  allowed: number;
}

/**
 * The first admitted request (in time order) that takes some window over the bound, with the
 * window start that makes it worst; null when the bound holds. O(n): for the window ending at
 * request j, the worst start i maximises 2R·t_i − 2·10^6·i (all integers).
 */
export function firstBoundViolation<R extends { us: number }>(
  admitted: R[],
  bound: LinearBound,
): BoundViolation<R> | null {
  const sorted = [...admitted].sort((a, b) => a.us - b.us);
  const t0 = sorted[0]?.us ?? 0;
  const twiceRate = Math.round(bound.perSecond * 2);
  const limit = 2 * bound.burst * 1_000_000;
  let best = { key: -Infinity, i: 0 };
  for (let j = 0; j < sorted.length; j++) {
    const tj = (sorted[j] as R).us - t0;
    const key = twiceRate * tj - 2_000_000 * j;
    if (key > best.key) best = { key, i: j };
    if (2_000_000 * (j + 1) - twiceRate * tj + best.key > limit) {
      const first = sorted[best.i] as R;
      const last = sorted[j] as R;
      const seconds = (last.us - first.us) / 1e6;
      return {
        first,
        last,
        fromUs: first.us,
        toUs: last.us,
        admitted: j - best.i + 1,
        allowed: bound.burst + bound.perSecond * seconds,
      };
    }
  }
  return null;
}

/** "7 requests within 0.184 s, where at most 6 + 5 × 0.184 = 6.92 may be". */
export function describeViolation(v: BoundViolation<unknown>, bound: LinearBound): string {
  const seconds = (v.toUs - v.fromUs) / 1e6;
  return `${v.admitted} requests within ${seconds.toFixed(3)} s, where at most ${bound.burst} + ${bound.perSecond} × ${seconds.toFixed(3)} = ${v.allowed.toFixed(2)} may be`;
}
