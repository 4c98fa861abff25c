/**
 * configure: size the statement's breaker for stated requirements in front of the real flaky
 * service. Each setting is chosen from a few values; the verdict table holds the reference,
 * an alternative that also passes, and each setting moved alone to each value that breaks a
 * requirement (a representative grid of the 216 answers: every failure reason, every pass
 * among the one-at-a-time moves).
 */
import { z } from "zod";
import type { Grade, LabTask, RunContext, VerdictCase } from "@/lib/labs/types";
import { gradeConfigure } from "../grade-configure";
import { CADENCE_MS, HEALTHY_CALLS, MAX_REACHING_WHILE_DOWN, OPEN_WITHIN_MS, OUTAGE_MS, RECOVER_WITHIN_MS, runConfigureScenario, FAIL_FAST_MS } from "../scenario-configure";
import { CLIENT_TIMEOUT_MS, type BreakerConfig } from "../settings";

export const OPTIONS = {
  minimumVolume: [1, 5, 10, 100],
  errorThresholdPercent: [20, 50, 95],
  rollingWindowMs: [100, 500, 10_000],
  sleepWindowMs: [50, 300, 1_500],
  probeTimeoutMs: [150, 1_500],
} as const satisfies Record<keyof BreakerConfig, readonly number[]>;

const choice = <T extends readonly number[]>(values: T, what: string) =>
  z.union(values.map((v) => z.literal(v)) as unknown as [z.ZodLiteral<T[number]>, z.ZodLiteral<T[number]>, ...z.ZodLiteral<T[number]>[]]).describe(`${what} (${values.join(", ")})`);

export const configureAnswer = z.object({
  minimumVolume: choice(OPTIONS.minimumVolume, "Minimum request volume: outcomes in the window before the error rate counts"),
  errorThresholdPercent: choice(OPTIONS.errorThresholdPercent, "Error threshold, %"),
  rollingWindowMs: choice(OPTIONS.rollingWindowMs, "Rolling window, ms"),
  sleepWindowMs: choice(OPTIONS.sleepWindowMs, "Sleep window (open before a probe), ms"),
  probeTimeoutMs: choice(OPTIONS.probeTimeoutMs, "Probe timeout, ms"),
});

export const REFERENCE_CONFIG: BreakerConfig = { minimumVolume: 10, errorThresholdPercent: 50, rollingWindowMs: 500, sleepWindowMs: 300, probeTimeoutMs: 150 };

/** One setting moved from the reference, and what theory says of it. */
const MOVES: Array<{ set: Partial<BreakerConfig>; fails?: string; why: string }> = [
  { set: {}, why: "the reference: every requirement with margin" },
  { set: { minimumVolume: 5 }, why: "5 outcomes of the 20 % background hold at most 2 failures (40 %)" },
  { set: { minimumVolume: 1 }, fails: "1 failure out of 1 request", why: "the first call's failure is 100 % of a window of one" },
  { set: { minimumVolume: 100 }, fails: "never opened", why: "a 500 ms window never holds 100 outcomes at this rate" },
  { set: { errorThresholdPercent: 20 }, fails: "during the healthy traffic", why: "the background error rate is 20 %" },
  { set: { errorThresholdPercent: 95 }, fails: "Not fail-fast", why: "the pre-outage successes must nearly all leave the window first" },
  { set: { rollingWindowMs: 100 }, fails: "never opened", why: "100 ms holds about 5 outcomes, under the minimum volume" },
  { set: { rollingWindowMs: 10_000 }, fails: "Not fail-fast", why: "the window still holds every success since the start" },
  { set: { sleepWindowMs: 50 }, fails: "probes reached the service while it was still down", why: "a probe every 50 ms through a 650 ms outage" },
  { set: { sleepWindowMs: 1_500 }, fails: "Slow recovery", why: "the first probe comes after the recovery deadline" },
  { set: { probeTimeoutMs: 1_500 }, fails: "Slow recovery", why: "the hung probe is given up only at the client's deadline" },
];

export function configureVerdicts(): VerdictCase[] {
  return MOVES.map((m) => {
    const answer = { ...REFERENCE_CONFIG, ...m.set };
    const name = Object.keys(m.set).length === 0 ? "reference" : Object.entries(m.set).map(([k, v]) => `${k}=${v}`).join(" ");
    return { name, answer, expected: m.fails ? { verdict: "fail", diagnosisIncludes: m.fails } : { verdict: "pass" }, why: m.why };
  });
}

const statement = `A checkout calls a payments / inventory service through a **circuit breaker**. The service is a real process behind a fault proxy; the breaker is the one the chapter describes:

- **Closed:** calls go through; each result enters a **rolling window** of \`rollingWindowMs\` (by when it finished). When the window holds at least \`minimumVolume\` outcomes and at least \`errorThresholdPercent\` % of them failed, it **opens**.
- **Open:** calls fail fast, answered by the breaker without reaching the service, until \`sleepWindowMs\` has passed; then one call goes through as the **probe** (**half-open**).
- **Half-open:** the probe's success closes it; its failure — or no answer within \`probeTimeoutMs\` — opens it again for another sleep window.

One caller makes a call every ${CADENCE_MS} ms or so (the client gives up on a call after ${CLIENT_TIMEOUT_MS} ms). The run: the very first call fails; after a short pause come ${HEALTHY_CALLS} calls to a healthy service that still fails **1 call in 5**; then the service answers \`503\` to everything for **${OUTAGE_MS} ms**; then it recovers — but the first call it gets after that hangs past the client's deadline.

Choose the five settings so that:

1. the breaker **never trips on one failure out of one request**, nor on the healthy service's 1 in 5;
2. during the outage it **opens within ${OPEN_WITHIN_MS} ms** and then fails fast (refused calls answered within ${FAIL_FAST_MS} ms), with at most **${MAX_REACHING_WHILE_DOWN} calls reaching the service** while it is still down once the breaker has opened;
3. it **closes within ${RECOVER_WITHIN_MS} ms** of the service recovering.

Before you run: at 50 calls a second, how many outcomes does each window length hold, and how many of them are successes when the outage starts? How long after the outage starts does a 50 % threshold trip with that window — and a 95 % one? After the recovery, what is the longest the breaker can stay open or half-open with your sleep window and probe timeout?`;

export const configureTask: LabTask = {
  id: "configure",
  kind: "configure",
  title: "Size the breaker",
  statement,
  answerSchema: configureAnswer,
  starter: { minimumVolume: 1, errorThresholdPercent: 50, rollingWindowMs: 10_000, sleepWindowMs: 1_500, probeTimeoutMs: 1_500 } satisfies BreakerConfig,
  timeLimitMs: 30_000,
  // A quiet machine gets several times this done (labs:verify's details.workload); a starved run, a handful.
  minimumWorkload: { answered: 30, what: "calls" },
  verdictTable: configureVerdicts,
};

export function runConfigure(ctx: RunContext, answer: z.infer<typeof configureAnswer>): Promise<Grade> {
  return runConfigureScenario(ctx, answer, gradeConfigure);
}
