import { runPhases } from "@/lib/labs/phases";
import type { Grade, RunContext } from "@/lib/labs/types";
import type { Limiter } from "./limiters";
import { startSystem, watchBuckets, type TokenBucketSystem } from "./system";
import { Traffic, type Request } from "./workload";

export interface TrafficPlan<C> {
  /** Redis connections to open: one per logical client (Jepsen process). */
  processes: number;
  /** Users whose buckets the UI's gauge shows. */
  users: string[];
  makeLimiter(sys: TokenBucketSystem): Promise<Limiter> | Limiter;
  /** Sees each decision as it lands; may call traffic.stop() once the grade is certain. */
  onDecision?(r: Request, traffic: Traffic): void;
  workload(traffic: Traffic, sys: TokenBucketSystem): Promise<void>;
  /** May be async: the implement task replays the student's code here. */
  check(traffic: Traffic, sys: TokenBucketSystem): Promise<C> | C;
  grade(report: C): Grade;
}

/**
 * Every token-bucket task runs the same way: open Redis clients → seeded traffic (the faults
 * are part of it: a noisy neighbour, pauses) → let in-flight requests finish → read the
 * buckets → check → grade.
 */
export function runTraffic<C>(ctx: RunContext, plan: TrafficPlan<C>): Promise<Grade> {
  type System = { sys: TokenBucketSystem; traffic: Traffic; stopWatch: () => Promise<void> };
  return runPhases<System, C>(ctx, {
    async startSystem(onTeardown) {
      const sys = await startSystem(ctx, onTeardown, plan.processes);
      const limiter = await plan.makeLimiter(sys);
      const stopWatch = watchBuckets(ctx, sys, limiter, plan.users);
      onTeardown(stopWatch);
      const traffic: Traffic = new Traffic(ctx, sys, limiter, (r) => plan.onDecision?.(r, traffic));
      return { sys, traffic, stopWatch };
    },
    workload: ({ traffic, sys }) => plan.workload(traffic, sys),
    // Loops have ended, so nothing is in flight; the last bucket reading is the final read.
    finalReads: ({ stopWatch }) => stopWatch(),
    check: ({ traffic, sys }) => plan.check(traffic, sys),
    grade: (report) => plan.grade(report),
  });
}
