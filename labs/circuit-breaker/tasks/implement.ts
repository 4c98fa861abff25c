/**
 * implement: the breaker's state machine, written by the student as two pure functions run
 * in the sandbox, in front of the real flaky service; graded decision by decision against
 * the statement's breaker on the same history (../shadow.ts).
 */
import { z } from "zod";
import type { LabTask, RunContext } from "@/lib/labs/types";
import { sandboxedFunctions } from "../functions";
import { gradeImplement } from "../grade-implement";
import { IMPLEMENT_CONFIG, runImplementScenario } from "../scenario-implement";
import { CLIENT_TIMEOUT_MS } from "../settings";

export const implementAnswer = z.object({ code: z.string({ error: "code must be the text of your TypeScript" }).min(1, "code is empty: write onRequest and onResult") });

const STARTER = `type Mode = "closed" | "open" | "half-open";
type Config = { minimumVolume: number; errorThresholdPercent: number; rollingWindowMs: number; sleepWindowMs: number; probeTimeoutMs: number };
type Result = { ok: boolean; admittedAt: number; latencyMs: number };
type State = { mode: Mode }; // add what your breaker must remember

/** Before a call: may it go to the service? (state is null before the first call.) */
export function onRequest(state: State | null, now: number, config: Config): { allow: boolean; state: State } {
  const s = state ?? { mode: "closed" };
  return { allow: true, state: s }; // TODO
}

/** After a call that was let through: its outcome. */
export function onResult(state: State, now: number, result: Result, config: Config): State {
  return state; // TODO
}
`;

const c = IMPLEMENT_CONFIG;

export const implementTask: LabTask = {
  id: "implement",
  kind: "implement",
  title: "Write the breaker's state machine",
  statement: `Write a circuit breaker as two pure functions; the lab's caller runs them around every call it makes to a real payments / inventory service, through a fault proxy that makes it fail.

\`\`\`ts
onRequest(state, now, config) → { allow: boolean, state }    // before a call (state is null at first)
onResult(state, now, result, config) → state                 // after a call you allowed: { ok, admittedAt, latencyMs }
\`\`\`

\`now\` is the run's clock in milliseconds; \`result.admittedAt\` is the \`now\` your \`onRequest\` was given when it let that call through. The state is yours (JSON), but it must carry \`mode\`: \`"closed"\`, \`"open"\` or \`"half-open"\`. A call you refuse is answered at once with an error and never reaches the service. This run's config: \`minimumVolume: ${c.minimumVolume}\`, \`errorThresholdPercent: ${c.errorThresholdPercent}\`, \`rollingWindowMs: ${c.rollingWindowMs}\`, \`sleepWindowMs: ${c.sleepWindowMs}\`, \`probeTimeoutMs: ${c.probeTimeoutMs}\`.

**The breaker to build:**

- **Closed:** every call goes through. Each result of a call admitted since the breaker (last) closed enters the **rolling window**, stamped with the \`now\` it arrived; outcomes more than \`rollingWindowMs\` old leave it. When a result arrives and the window holds at least \`minimumVolume\` outcomes of which at least \`errorThresholdPercent\` % failed, the breaker **opens**.
- **Open:** every call is refused until \`sleepWindowMs\` have passed since it opened; the first call after that is let through as **the probe**, and the breaker is **half-open**.
- **Half-open:** every other call is refused. The probe's success closes the breaker (with an empty window); its failure opens it again, with a fresh sleep window. A probe that has not answered \`probeTimeoutMs\` after it was let through has failed: the next call notices, and the breaker opens again (that call is refused). Results of other calls change nothing.
- While open, results change nothing.

The lab runs your breaker beside this one, giving both the same calls and results at the same \`now\`, and grades the first decision where they differ — whether a call may go through, or the mode after a step. The run: the first call fails; healthy calls; a pause; one slow call (held over a second) goes out just before the service starts answering 503; the service comes back, but the first call it gets hangs for longer than the probe timeout (the client's own deadline is ${CLIENT_TIMEOUT_MS} ms). Before you run:

1. Why must the first call's failure not open the breaker, when the breaker opens on 5 failures out of 5 a moment later?
2. The slow call was let through while closed and succeeds after the breaker opened. What does its success say about the service now, and how can \`onResult\` tell it from the probe's?
3. Without a probe timeout, what does your breaker do between the hung probe and the client's deadline, and what do the callers see?`,
  answerSchema: implementAnswer,
  starter: { code: STARTER },
  timeLimitMs: 40_000,
};

export async function runImplement(ctx: RunContext, raw: unknown) {
  const { code } = implementAnswer.parse(raw);
  // Load the student's code alone first: a compile error or a missing export is theirs, in their words.
  const student = await sandboxedFunctions(code);
  try {
    return await runImplementScenario(ctx, student.fns, gradeImplement);
  } finally {
    student.dispose();
  }
}
