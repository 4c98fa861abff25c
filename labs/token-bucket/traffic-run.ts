import { createRng } from "@/lib/labs/rng";
import { runPhases } from "@/lib/labs/phases";
import type { Grade, RunContext } from "@/lib/labs/types";
import { analyseTraffic, type TrafficReport } from "./checks";
import type { Limiter } from "./limiters";
import type { BucketConfig } from "./model";
import { startSystem, watchBuckets, type TokenBucketSystem } from "./system";
import { burstThenSteady, Traffic, type BurstThenSteady } from "./workload";

/** The targets every burst-then-steady task states: let 10 through at once, then hold 5/s. */
export const TARGET: BucketConfig = { capacity: 10, refillPerSecond: 5 };

export const PROFILE: BurstThenSteady = {
  burst: TARGET.capacity,
  mainProcesses: 4,
  neighbourProcesses: 4,
  // 4 clients every ~50 ms offer up to 80/s, many times the 5/s target even when a loaded
  // machine slows every request down: the bucket, not the clients, must be what limits them.
  mainGapMs: 50,
  neighbourGapMs: 20,
  steadyMs: 2_500,
};

/**
 * Start Redis clients → burst then steady traffic with the noisy neighbour as the fault →
 * stop the neighbour → let in-flight requests finish → read the buckets → analyse → grade.
 */
export function runBurstThenSteady(
  ctx: RunContext,
  makeLimiter: (sys: TokenBucketSystem) => Promise<Limiter> | Limiter,
  grade: (report: TrafficReport) => Grade,
): Promise<Grade> {
  type System = { sys: TokenBucketSystem; traffic: Traffic; stopWatch: () => Promise<void> };
  return runPhases<System, TrafficReport>(ctx, {
    async startSystem(onTeardown) {
      const sys = await startSystem(
        ctx,
        onTeardown,
        PROFILE.mainProcesses + PROFILE.neighbourProcesses,
      );
      const limiter = await makeLimiter(sys);
      const stopWatch = watchBuckets(ctx, sys, limiter, ["main", "neighbour"]);
      onTeardown(stopWatch);
      return { sys, traffic: new Traffic(ctx, sys, limiter), stopWatch };
    },
    workload: ({ traffic }) => burstThenSteady(ctx, traffic, createRng(ctx.seed), PROFILE),
    // Loops have ended, so nothing is in flight; the last bucket reading is the final read.
    finalReads: ({ stopWatch }) => stopWatch(),
    check: ({ traffic }) => analyseTraffic(traffic.requests, TARGET),
    grade: (report) => grade(report),
  });
}
