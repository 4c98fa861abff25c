/**
 * break (break it): the lab runs a fixed-window limiter; the student writes the traffic, within
 * a request budget, that gets more than the limit through in some rolling window.
 */
import { z } from "zod";
import { checkRateBound, type RateWindow } from "@/lib/checkers/rate-window";
import type { Grade, LabTask, RunContext, VerdictCase } from "@/lib/labs/types";
import { checkAdmitted } from "../admitted-windows";
import { luaLimiter } from "../lua-limiters";
import { runTraffic } from "../run-traffic";
import { CLIENTS, LIMIT, RULE, WINDOW_MS } from "../settings";
import { witnessOf, type Burst, type Decision } from "../traffic";

const BUDGET = 2 * LIMIT;
const RUN_MS = 3 * WINDOW_MS;
const USER = "you";

export const breakAnswer = z
  .object({
    requests: z
      .array(
        z.object({
          at: z
            .number()
            .int()
            .min(0)
            .max(RUN_MS - 1)
            .describe(`Lab ms (0–${RUN_MS - 1})`),
          count: z
            .number()
            .int()
            .min(1)
            .max(BUDGET)
            .describe("Requests sent in parallel at that ms"),
        }),
      )
      .min(1, "send at least one request")
      .max(BUDGET),
  })
  .superRefine((answer, ctx) => {
    const total = answer.requests.reduce((n, r) => n + r.count, 0);
    if (total > BUDGET)
      ctx.addIssue({
        code: "custom",
        path: ["requests"],
        message: `${total} requests is over the budget of ${BUDGET}`,
      });
  });
type BreakAnswer = z.infer<typeof breakAnswer>;

const statement = `
The API runs a **fixed-window** limiter in Redis: **at most ${LIMIT} requests per ${WINDOW_MS} ms**, counted
with one Lua script per request:

\`\`\`lua
local key = KEYS[1] .. ':' .. math.floor(now / ${WINDOW_MS})   -- one counter per window
local n = redis.call('INCR', key)
if n == 1 then redis.call('PEXPIRE', key, ...) end
return n <= ${LIMIT}
\`\`\`

The promise the API's documentation makes is stronger: "at most ${LIMIT} requests in **any** ${WINDOW_MS} ms".
The checker takes every admitted request's time and finds the **rolling window** — any interval
[s, s + ${WINDOW_MS}) ms, wherever it starts — that holds the most.

**Your task:** write the traffic that makes the checker find **more than ${LIMIT}** admitted requests in one
rolling window. You have a budget of **${BUDGET} requests** in a run of ${RUN_MS} ms. Each entry sends \`count\`
requests in parallel (over ${CLIENTS} connections) at lab millisecond \`at\`; the lab's clock is the one the
script sees as \`now\`, so times are exact.

\`\`\`json
{ "requests": [ { "at": 0, "count": 4 }, { "at": 1500, "count": 4 } ] }
\`\`\`

Before you run, work out:

1. Which intervals does this limiter actually count in, and which does the checker look at?
2. Where can ${LIMIT} admitted requests of one counter and ${LIMIT} of the next be closest together?
3. Would the same traffic get through a sliding log? Why not?
`.trim();

export const breakTask: LabTask = {
  id: "break",
  kind: "break",
  title: "Double the fixed window",
  statement,
  answerSchema: breakAnswer,
  starter: {
    requests: [
      { at: 0, count: 4 },
      { at: 1500, count: 4 },
    ],
  } satisfies BreakAnswer,
  timeLimitMs: 30_000,
  verdictTable: (): VerdictCase[] => [
    {
      name: "boundary burst",
      answer: {
        requests: [
          { at: 999, count: LIMIT },
          { at: 1000, count: LIMIT },
        ],
      },
      expected: { verdict: "pass" },
      why: `${LIMIT} at the end of one window and ${LIMIT} at the start of the next: ${2 * LIMIT} in 2 ms`,
    },
    {
      name: "wide boundary burst",
      answer: {
        requests: [
          { at: 1700, count: LIMIT },
          { at: 2300, count: LIMIT },
        ],
      },
      expected: { verdict: "pass" },
      why: "600 ms apart but on either side of 2000 ms",
    },
    {
      name: "uneven boundary burst",
      answer: {
        requests: [
          { at: 999, count: LIMIT + 3 },
          { at: 1000, count: LIMIT - 3 },
        ],
      },
      expected: { verdict: "pass" },
      why: `${LIMIT} + ${LIMIT - 3} admitted within 2 ms`,
    },
    {
      name: "even spread",
      answer: {
        requests: Array.from({ length: BUDGET }, (_, i) => ({ at: i * 145, count: 1 })),
      },
      expected: { verdict: "fail", diagnosisIncludes: "never puts more than 7" },
      why: "never more than 7 in any second",
    },
    {
      name: "burst mid-window",
      answer: { requests: [{ at: 500, count: BUDGET }] },
      expected: { verdict: "fail", diagnosisIncludes: "one fixed window" },
      why: `one counter admits ${LIMIT} and rejects the rest`,
    },
    {
      name: "bursts a window apart",
      answer: {
        requests: [
          { at: 0, count: LIMIT },
          { at: 1000, count: LIMIT },
        ],
      },
      expected: { verdict: "fail", diagnosisIncludes: "never puts more than 10" },
      why: "exactly one window apart: no rolling window holds both",
    },
    {
      name: "too far apart",
      answer: {
        requests: [
          { at: 100, count: LIMIT + 5 },
          { at: 1200, count: LIMIT - 5 },
        ],
      },
      expected: { verdict: "fail", diagnosisIncludes: "never close enough" },
      why: "the two windows' admitted requests are 1 100 ms apart",
    },
    {
      name: "too few requests",
      answer: {
        requests: [
          { at: 999, count: 5 },
          { at: 1000, count: 5 },
        ],
      },
      expected: { verdict: "fail", diagnosisIncludes: "only 10" },
      why: "10 requests cannot exceed a limit of 10",
    },
    {
      name: "over budget",
      answer: {
        requests: [
          { at: 999, count: LIMIT + 1 },
          { at: 1000, count: LIMIT },
        ],
      },
      expected: { verdict: "error", errorKind: "invalid-answer" },
      why: `more than ${BUDGET} requests`,
    },
  ],
};

interface BreakReport {
  answer: BreakAnswer;
  admitted: Decision[];
  worst: RateWindow | null;
}

const fixedWindowOf = (at: number) => Math.floor(at / WINDOW_MS) * WINDOW_MS;

/** Why the fixed window held against this traffic, in the student's numbers. */
function whyItHeld(answer: BreakAnswer): string {
  const sent = answer.requests.reduce((n, r) => n + r.count, 0);
  if (sent <= LIMIT)
    return `You sent only ${sent} requests: no window can hold more than the limit of ${LIMIT} with that few.`;
  const windows = new Set(answer.requests.map((r) => fixedWindowOf(r.at)));
  if (windows.size === 1) {
    const start = [...windows][0]!;
    return `All your requests fall in one fixed window, [${start}, ${start + WINDOW_MS}) ms: its counter admitted ${LIMIT} and rejected the rest.`;
  }
  const sentTimes = answer.requests.flatMap((r) =>
    Array.from({ length: r.count }, () => ({ key: USER, time: r.at })),
  );
  const sentMax =
    checkRateBound(sentTimes, { windowMs: WINDOW_MS, bound: LIMIT }).worst?.count ?? 0;
  if (sentMax <= LIMIT)
    return `Your traffic never puts more than ${sentMax} requests in one rolling window, so there was nothing for the limiter to let through.`;
  return `The requests admitted by different fixed windows were never close enough together to share a rolling window.`;
}

export function gradeBreak({ answer, admitted, worst }: BreakReport): Grade {
  const max = worst?.count ?? 0;
  const details = { rollingMax: max, admitted: admitted.length, limit: LIMIT };
  const inWorst = worst ? admitted.filter((d) => d.at >= worst.start && d.at < worst.end) : [];
  const first = inWorst[0];
  const last = inWorst.at(-1);
  if (worst && max > LIMIT && first && last) {
    const windows = [...new Set(inWorst.map((d) => fixedWindowOf(d.at)))];
    return {
      verdict: "pass",
      diagnosis: `Broken: ${max} requests admitted within the rolling window [${worst.start}, ${worst.end}) ms, over the limit of ${LIMIT}. They were counted by ${windows.length} fixed windows (${windows.map((w) => `[${w}, ${w + WINDOW_MS})`).join(" and ")}), each within its own limit; the last one admitted was process ${last.process}'s at ${last.at} ms.`,
      witness: { kind: "over-admitted", op: witnessOf(last), related: [witnessOf(first)] },
      details,
    };
  }
  return {
    verdict: "fail",
    diagnosis: `The fixed window held: at most ${max} admitted in any rolling ${WINDOW_MS} ms window (the limit is ${LIMIT}). ${whyItHeld(answer)}`,
    hint: "The limiter only counts within each fixed window. Where do two of its windows meet, and what can a client do on both sides of that point?",
    details,
  };
}

export function runBreak(ctx: RunContext, answer: BreakAnswer): Promise<Grade> {
  const bursts: Burst[] = answer.requests.map((r) => ({
    at: r.at,
    user: USER,
    count: r.count,
    phase: "your traffic",
    fault: r.count > 1 ? "burst" : undefined,
  }));
  return runTraffic<BreakReport>(ctx, {
    makeLimiter: (sys) =>
      luaLimiter(sys.admin, "fixed-window", RULE, (u) => `${sys.keyPrefix}fixed:${u}`),
    bursts,
    check(traffic) {
      const admitted = traffic.decisions.filter((d) => d.allowed).sort((a, b) => a.at - b.at);
      return { answer, admitted, worst: checkAdmitted(admitted).worst };
    },
    grade: gradeBreak,
  });
}
