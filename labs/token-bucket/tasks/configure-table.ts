import type { VerdictCase } from "@/lib/labs/types";
import { APP_TRAFFIC, BACKEND_BOUND } from "../scenario-configure";

/**
 * What theory says about an answer. The batch needs capacity ≥ batch; polling every P ms on
 * an emptied bucket needs refill ≥ 1000/P; the backend's bound K + T/s needs capacity ≤ K
 * (T → 0) and refill ≤ 1/s (T → ∞); a global bucket lets the scraper starve the app. The
 * first reason that applies is the one the grade names (the app's rejections come first).
 */
export function theory(
  capacity: number,
  refill: number,
  scope: "per-user" | "global",
): VerdictCase["expected"] & { why: string } {
  const minRefill = 1000 / APP_TRAFFIC.pollMs;
  if (scope === "global") {
    const alone = theory(capacity, refill, "per-user");
    return alone.verdict === "pass"
      ? {
          verdict: "fail",
          diagnosisIncludes: "one global bucket",
          why: "the scraper shares the app's bucket",
        }
      : { verdict: "fail", why: `${alone.why}, and the scraper shares the app's bucket` };
  }
  if (capacity < APP_TRAFFIC.batch)
    return { verdict: "fail", diagnosisIncludes: "of the app's batch", why: "capacity < batch" };
  if (capacity > BACKEND_BOUND.burst)
    return {
      verdict: "fail",
      diagnosisIncludes: "backend lost a request",
      why: "a full bucket's burst overflows the backend",
    };
  if (refill < minRefill)
    return { verdict: "fail", diagnosisIncludes: "poll", why: "refill slower than the polling" };
  if (refill > BACKEND_BOUND.perSecond)
    return {
      verdict: "fail",
      diagnosisIncludes: "backend lost a request",
      why: "refill faster than the backend serves",
    };
  return { verdict: "pass", why: "batch fits, polls refilled, backend never overflows" };
}

const row = (
  capacity: number,
  refill: number,
  scope: "per-user" | "global" = "per-user",
): VerdictCase => {
  const { why, ...expected } = theory(capacity, refill, scope);
  return {
    name: `c=${capacity} r=${refill}${scope === "global" ? " global" : ""}`,
    answer: { capacity, refillPerSecond: refill, scope },
    expected,
    why,
  };
};

/**
 * The answer space is 20 capacities × 40 rates × 2 scopes. The table covers the passing set
 * (capacity 6, refill 4 to 5), every neighbour of it one step away in each field, the passing
 * set with a global bucket, and the corners and well-known wrong answers of the space.
 */
export function configureVerdictTable(): VerdictCase[] {
  const rows: VerdictCase[] = [];
  for (const capacity of [5, 6, 7])
    for (const refill of [3.5, 4, 4.5, 5, 5.5]) rows.push(row(capacity, refill));
  for (const refill of [4, 5]) rows.push(row(6, refill, "global"));
  rows.push(
    row(1, 0.5),
    row(1, 20),
    row(20, 0.5),
    row(20, 20),
    row(6, 0.5),
    row(6, 20),
    row(10, 5),
    row(20, 20, "global"),
  );
  return rows;
}
