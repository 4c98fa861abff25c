/**
 * predict: the same late burst and mid-window burst through all three limiters; the student
 * predicts the sliding-window counter's worst rolling window before the run shows it.
 */
import { z } from "zod";
import type { RedisClients } from "@/lib/labs/redis-clients";
import { predictVerdictTable } from "@/lib/labs/tasks/predict-task";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { checkAdmitted } from "../admitted-windows";
import { luaLimiter, type LimiterKind } from "../lua-limiters";
import { runTraffic } from "../run-traffic";
import { LIMIT, RULE, WINDOW_MS } from "../settings";
import type { Burst, Limiter } from "../traffic";

const KINDS: LimiterKind[] = ["fixed-window", "sliding-log", "sliding-counter"];
const LATE = WINDOW_MS - 1;
const MID = WINDOW_MS + WINDOW_MS / 2;
const CHOICES = [String(LIMIT), String(LIMIT + LIMIT / 2), String(2 * LIMIT)] as const;

export const predictAnswer = z.object({
  slidingCounter: z.enum(CHOICES, { error: `pick one of ${CHOICES.join(", ")}` }),
});
type PredictAnswer = z.infer<typeof predictAnswer>;

const statement = `
Three limiters, each allowing **${LIMIT} requests per ${WINDOW_MS} ms**, get the same traffic from one user:
**${LIMIT} requests at ${LATE} ms** (the last millisecond of the first fixed window) and **${LIMIT} more at ${MID} ms**
(the middle of the second).

- **fixed window**: one counter per window [k·${WINDOW_MS}, (k+1)·${WINDOW_MS}) ms;
- **sliding log**: a sorted set of admitted requests' times, trimmed to the last ${WINDOW_MS} ms;
- **sliding-window counter**: the counts of the current and previous fixed windows, admitting while
  previous × (1 − elapsed / ${WINDOW_MS}) + current < ${LIMIT}, where *elapsed* is the time since the current window began.

The checker finds, for each limiter, the most requests it admitted in any **rolling window** of ${WINDOW_MS} ms.

**Predict:** what is that number for the **sliding-window counter**?

Before you choose, work out the fixed window's and the sliding log's numbers too, and say what the counter
assumes about *when* in the previous window its requests arrived. Is that assumption true here?
`.trim();

export const predictTask: LabTask = {
  id: "predict",
  kind: "predict",
  title: "How far off is the counter?",
  statement,
  answerSchema: predictAnswer,
  starter: { slidingCounter: CHOICES[0] } satisfies PredictAnswer,
  timeLimitMs: 30_000,
  verdictTable: () =>
    predictVerdictTable(
      CHOICES.map((c) => ({
        name: `counter ${c}`,
        answer: { slidingCounter: c },
        right: c === String(LIMIT + LIMIT / 2),
        wrongIncludes: "spread evenly",
      })),
    ),
};

type Measured = Record<LimiterKind, number>;

export function gradePredict(measured: Measured, answer: PredictAnswer): Grade {
  const counter = measured["sliding-counter"];
  const details = { measured, predicted: Number(answer.slidingCounter) };
  const all = `fixed window ${measured["fixed-window"]}, sliding log ${measured["sliding-log"]}, sliding-window counter ${counter}`;
  const why = `At ${MID} ms the counter weighs the previous window's ${LIMIT} requests by 1 − ${MID - WINDOW_MS}/${WINDOW_MS} = ${(WINDOW_MS - (MID - WINDOW_MS)) / WINDOW_MS}: it assumes they were spread evenly over that window, but all of them arrived in its last millisecond, still inside the rolling window that ends at ${MID} ms.`;
  if (Number(answer.slidingCounter) === counter)
    return {
      verdict: "pass",
      diagnosis: `Right: the most admitted in any rolling ${WINDOW_MS} ms window was ${all}. ${why}`,
      details,
    };
  return {
    verdict: "fail",
    diagnosis: `You predicted ${answer.slidingCounter} for the counter; the run measured ${all}. ${why}`,
    hint: "Compute the counter's estimate at each burst, then count what the rolling window that ends at the second burst really holds.",
    details,
  };
}

/** One user per limiter, so one run shows all three side by side. */
async function allThree(sys: RedisClients): Promise<Limiter> {
  const limiters = new Map<string, Limiter>();
  for (const kind of KINDS)
    limiters.set(kind, await luaLimiter(sys.admin, kind, RULE, (u) => `${sys.keyPrefix}${u}`));
  return {
    decide: (conn, user, now, member, process) =>
      limiters.get(user)!.decide(conn, user, now, member, process),
  };
}

export function runPredict(ctx: RunContext, answer: PredictAnswer): Promise<Grade> {
  const bursts: Burst[] = KINDS.flatMap((user) => [
    { at: LATE, user, count: LIMIT, phase: "late burst", fault: "boundary-burst" },
    { at: MID, user, count: LIMIT, phase: "mid-window burst", fault: "burst" },
  ]);
  return runTraffic<Measured>(ctx, {
    makeLimiter: allThree,
    bursts,
    check(traffic) {
      const { keys } = checkAdmitted(traffic.decisions);
      const worst = (kind: string) => keys.find((k) => k.key === kind)?.worst?.count ?? 0;
      return Object.fromEntries(KINDS.map((k) => [k, worst(k)])) as Measured;
    },
    grade: (measured) => gradePredict(measured, answer),
  });
}
