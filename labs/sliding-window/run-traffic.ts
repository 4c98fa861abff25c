import { runPhases } from "@/lib/labs/phases";
import { openRedisClients, type RedisClients } from "@/lib/labs/redis-clients";
import { createRng } from "@/lib/labs/rng";
import type { Grade, RunContext } from "@/lib/labs/types";
import { CLIENTS } from "./settings";
import { Traffic, type Burst, type Limiter } from "./traffic";

export interface TrafficPlan<C> {
  makeLimiter(sys: RedisClients): Promise<Limiter> | Limiter;
  bursts: Burst[];
  check(traffic: Traffic, sys: RedisClients): Promise<C> | C;
  grade(report: C): Grade;
}

/** Every task runs the same way: Redis clients → bursts on the lab clock → check → grade. */
export function runTraffic<C>(ctx: RunContext, plan: TrafficPlan<C>): Promise<Grade> {
  return runPhases<{ sys: RedisClients; traffic: Traffic }, C>(ctx, {
    async startSystem(onTeardown) {
      const sys = await openRedisClients(ctx, onTeardown, CLIENTS, "sw");
      return { sys, traffic: new Traffic(ctx, sys, await plan.makeLimiter(sys)) };
    },
    workload: ({ traffic }) => traffic.run(plan.bursts, createRng(ctx.seed).fork("clients")),
    check: ({ traffic, sys }) => plan.check(traffic, sys),
    grade: (report) => plan.grade(report),
  });
}
