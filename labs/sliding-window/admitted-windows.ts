import { checkRateBound, type RateBoundResult } from "@/lib/checkers/rate-window";
import { RULE } from "./settings";
import type { Decision } from "./traffic";

/** The kit's rolling-window checker over the admitted requests' lab times, per user. */
export function checkAdmitted(decisions: Decision[]): RateBoundResult {
  return checkRateBound(
    decisions.flatMap((d) => (d.allowed ? [{ key: d.user, time: d.at }] : [])),
    { windowMs: RULE.windowMs, bound: RULE.limit },
  );
}
