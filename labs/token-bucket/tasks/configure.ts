import { z } from "zod";
import { describeWindow } from "../rate-bound";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { describeCount, MIN_STEADY_SHARE, type TrafficReport } from "../checks";
import { luaLimiter } from "../limiters";
import { PROFILE, runBurstThenSteady, TARGET } from "../traffic-run";

export const configureAnswer = z.object({
  capacity: z
    .number({ error: "capacity must be a number of tokens" })
    .int("capacity must be a whole number")
    .min(1)
    .max(10_000),
  refillPerSecond: z
    .number({ error: "refillPerSecond must be a number" })
    .positive("refillPerSecond must be above 0")
    .max(10_000),
  scope: z.enum(["per-user", "global"], { error: 'scope must be "per-user" or "global"' }),
});
type ConfigureAnswer = z.infer<typeof configureAnswer>;

export const configureTask: LabTask = {
  id: "configure",
  kind: "configure",
  title: "Size the bucket",
  statement: `Your API sits behind a token-bucket limiter running as one Lua script in Redis.
Product asks for exactly this, per user:

- a client that was idle may send a **burst of ${TARGET.capacity} requests at once** and all of them get through;
- after that it is held to **${TARGET.refillPerSecond} requests per second**, never more;
- a **noisy neighbour** hammering the API at the same time must not eat into anyone else's allowance.

The run fires the burst from ${PROFILE.mainProcesses} parallel clients, then keeps offering up to ${(PROFILE.mainProcesses * 1000) / PROFILE.mainGapMs} requests/s
for ${PROFILE.steadyMs / 1000} s while a second user floods from ${PROFILE.neighbourProcesses} more connections.
Choose the bucket's **capacity**, its **refill rate** and whether buckets are **per user** or one **global** bucket.`,
  answerSchema: configureAnswer,
  starter: { capacity: 10, refillPerSecond: 20, scope: "global" } satisfies ConfigureAnswer,
  timeLimitMs: 30_000,
};

export function gradeConfigure(report: TrafficReport, answer: ConfigureAnswer): Grade {
  const details = { ...report };
  const main = describeCount(report.mainSteadyAdmitted, report);
  const ideal = `${report.idealSteadyAdmitted}`;
  if (report.burstAdmitted < report.burstSize) {
    return {
      verdict: "fail",
      diagnosis: `Only ${report.burstAdmitted} of the ${report.burstSize}-request burst were admitted: the bucket is too small to absorb the burst.`,
      hint: "The capacity is the largest burst a full bucket lets through at once.",
      details,
    };
  }
  if (report.steadyShare < MIN_STEADY_SHARE) {
    if (answer.scope === "global") {
      return {
        verdict: "fail",
        diagnosis: `The noisy neighbour starved the main user: after the burst the main user got ${main} through where its own bucket would have allowed ${ideal}, while the neighbour got ${report.neighbourSteadyAdmitted}, because both spend tokens from one global bucket.`,
        hint: "Give every user their own bucket.",
        details,
      };
    }
    return {
      verdict: "fail",
      diagnosis: `After the burst the main user got ${main} through where the target allows ${ideal}: the bucket refills too slowly.`,
      hint: "The refill rate is the sustained rate a user is held to.",
      details,
    };
  }
  if (report.violation) {
    const v = report.violation;
    return {
      verdict: "fail",
      diagnosis: `The limiter let through more than the target: ${v.admitted} requests in ${describeWindow(v)}, where a ${TARGET.capacity}-burst, ${TARGET.refillPerSecond}/s bucket allows at most ${v.allowed}.`,
      hint:
        answer.capacity > TARGET.capacity
          ? "Extra capacity becomes extra requests after the burst."
          : "The refill rate is the sustained rate; lower it to the target.",
      details,
    };
  }
  return {
    verdict: "pass",
    diagnosis: `All ${report.burstSize} burst requests got through, then the main user got ${main} through, just what a ${TARGET.capacity}-burst, ${TARGET.refillPerSecond}/s bucket allows, while the neighbour flooded its own bucket.`,
    details,
  };
}

export function runConfigure(ctx: RunContext, answer: ConfigureAnswer): Promise<Grade> {
  const config = { capacity: answer.capacity, refillPerSecond: answer.refillPerSecond };
  return runBurstThenSteady(
    ctx,
    (sys) =>
      luaLimiter(sys.admin, {
        config,
        keyOf: (user) => `${sys.keyPrefix}bucket:${answer.scope === "global" ? "all" : user}`,
      }),
    (report) => gradeConfigure(report, answer),
  );
}
