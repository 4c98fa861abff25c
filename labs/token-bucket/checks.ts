import { idealDecisions, type BucketConfig } from "./model";
import { worstRateBoundViolation, type RateBoundViolation } from "./rate-bound";
import type { Request } from "./workload";

/** What the burst-then-steady run showed about the main user, measured against the target bucket. */
export interface TrafficReport {
  burstSize: number;
  burstAdmitted: number;
  steadySeconds: number;
  mainSteadyAdmitted: number;
  /** What a correct target bucket admits for the very same request times (stalls included). */
  idealSteadyAdmitted: number;
  neighbourSteadyAdmitted: number;
  /** Admitted share of what the target allows after the burst; 1 = exactly the target. */
  steadyShare: number;
  violation: RateBoundViolation | null;
}

/** Below this share of the target's steady admissions the main user counts as held back. */
export const MIN_STEADY_SHARE = 0.75;

const rate = (n: number, seconds: number) => (seconds > 0 ? n / seconds : 0);

export function analyseTraffic(requests: Request[], target: BucketConfig): TrafficReport {
  const main = requests
    .filter((r) => r.user === "main" && r.allowed !== undefined)
    .sort((a, b) => a.at - b.at);
  const ideal = idealDecisions(
    main.map((r) => r.at),
    target,
  );
  const burst = main.filter((r) => r.phase === "burst");
  const steady = main
    .map((r, i) => ({ r, ideal: ideal[i] === true }))
    .filter((x) => x.r.phase === "steady");
  const steadyStart = burst.length ? Math.max(...burst.map((r) => r.at)) : 0;
  const steadyEnd = steady.length ? Math.max(...steady.map((x) => x.r.at)) : steadyStart;
  const mainSteadyAdmitted = steady.filter((x) => x.r.allowed).length;
  const idealSteadyAdmitted = steady.filter((x) => x.ideal).length;
  return {
    burstSize: burst.length,
    burstAdmitted: burst.filter((r) => r.allowed).length,
    steadySeconds: (steadyEnd - steadyStart) / 1000,
    mainSteadyAdmitted,
    idealSteadyAdmitted,
    neighbourSteadyAdmitted: requests.filter((r) => r.user === "neighbour" && r.allowed).length,
    steadyShare: idealSteadyAdmitted > 0 ? mainSteadyAdmitted / idealSteadyAdmitted : 1,
    violation: worstRateBoundViolation(
      main.filter((r) => r.allowed).map((r) => r.at),
      target,
    ),
  };
}

/** "12 requests in 2.5 s (4.8/s)": counts first, because leftover burst tokens skew a bare rate. */
export function describeCount(n: number, r: TrafficReport): string {
  return `${n} request${n === 1 ? "" : "s"} in ${r.steadySeconds.toFixed(1)} s (${rate(n, r.steadySeconds).toFixed(1)}/s)`;
}
