/**
 * implement: the student writes `delay(k, previousMs, u, config)`, the wait before each retry
 * of CLIENTS clients that all start in an outage. The verdict table tries every strategy the
 * chapter names; the stored solutions hold the other answers students write.
 */
import { z } from "zod";
import type { Grade, LabTask, RunContext, VerdictCase } from "@/lib/labs/types";
import { sandboxedDelay } from "../delay-sandbox";
import { gradeRetries } from "../grade";
import { runRetryScenario } from "../scenario";
import { ATTEMPT_TIMEOUT_MS, BASE_MS, CAP_MS, CLIENTS, COMPLETE_WITHIN_MS, MAX_DELAY_MS, OUTAGE_MS, PEAK_LIMIT, RETRY_BUDGET, WINDOW_MS } from "../settings";
import { STRATEGIES, type StrategyName } from "../strategies";

export const implementAnswer = z.object({ code: z.string({ error: "code must be the text of your TypeScript" }).min(1, "code is empty: write delay") });

const STARTER = `type Config = { baseMs: number; capMs: number };

/**
 * The wait, in milliseconds, before retry k (k = 0 for the first retry).
 * previousMs: what you returned last time (baseMs before the first retry).
 * u: a random number in [0, 1), a fresh one on every call.
 */
export function delay(k: number, previousMs: number, u: number, config: Config): number {
  return config.baseMs; // TODO
}
`;

const statement = `**${CLIENTS} clients** each call a real inventory service once, at the same moment — and the service is down: it answers \`503\` to everything for **${OUTAGE_MS} ms**, then recovers. A client whose attempt fails waits \`delay(k, previousMs, u, config)\` milliseconds and tries again, until it succeeds. Write \`delay\`.

\`\`\`ts
delay(k, previousMs, u, config) → milliseconds
// k: 0 before the first retry, 1 before the second, …
// previousMs: what delay returned last time for this client (config.baseMs before the first retry)
// u: a fresh random number in [0, 1) on every call (seeded: a run can be replayed)
// config: { baseMs: ${BASE_MS}, capMs: ${CAP_MS} }
\`\`\`

A client's attempt k+1 is due \`delay(k, …)\` ms after its attempt k was due (a failed attempt comes back in a few milliseconds; each has a ${ATTEMPT_TIMEOUT_MS} ms deadline). The lab works out every client's plan from your \`delay\` and grades it, then runs it against the real service; so the grade is the same on every run with the same seed, however busy the machine is. Graded:

1. **Retry budget:** all clients together make at most **${RETRY_BUDGET} attempts** (${RETRY_BUDGET / CLIENTS} per client on average).
2. **No thundering herd:** once the service is back, at most **${PEAK_LIMIT} clients** retry in any ${WINDOW_MS} ms.
3. **Completion:** every client's call gets through within **${COMPLETE_WITHIN_MS} ms** of the recovery.

A delay must be a finite number of milliseconds, from 0 to ${MAX_DELAY_MS}. The live view counts the arrivals at the service per 100 ms.

Before you run:

- With a fixed wait of \`baseMs\`, how many attempts does each client make during the outage?
- With \`min(cap, base · 2^k)\` and no randomness, at what times does each client retry? How many clients arrive in the first ${WINDOW_MS} ms window after the recovery?
- Late in the outage, how far apart can two clients' next attempts be with your \`delay\`? And what is the longest a client can wait after the service is back?`;

/** Every strategy the chapter names, with what theory says of it here. */
const TABLE: Record<StrategyName, { expected: VerdictCase["expected"]; why: string }> = {
  "no backoff": { expected: { verdict: "fail", diagnosisIncludes: "retry budget" }, why: `a retry every ${BASE_MS} ms: ${Math.ceil(OUTAGE_MS / BASE_MS) + 1} attempts per client` },
  "backoff, no jitter": { expected: { verdict: "fail", diagnosisIncludes: "Synchronised retries" }, why: "every client waits the same, so all arrive in the same instant after the recovery" },
  "full jitter": { expected: { verdict: "pass" }, why: "waits spread over [0, d): ~25 clients in the busiest 100 ms, done within the cap" },
  "equal jitter": { expected: { verdict: "pass" }, why: "waits spread over [d/2, d): fewer attempts, still spread" },
  "decorrelated jitter": { expected: { verdict: "pass" }, why: "waits spread over [base, min(cap, 3 × previous)), capped" },
};

export function implementVerdicts(): VerdictCase[] {
  return Object.entries(TABLE).map(([name, row]) => ({ name, answer: { code: STRATEGIES[name as StrategyName] }, expected: row.expected, why: row.why }));
}

export const implementTask: LabTask = {
  id: "implement",
  kind: "implement",
  title: "Write the retry delay",
  statement,
  answerSchema: implementAnswer,
  starter: { code: STARTER },
  timeLimitMs: 30_000,
  // A quiet machine gets several times this done (labs:verify's details.workload); a starved run, a handful.
  minimumWorkload: { answered: 100, what: "requests" },
  verdictTable: implementVerdicts,
};

export async function runImplement(ctx: RunContext, raw: unknown): Promise<Grade> {
  const { code } = implementAnswer.parse(raw);
  // Load the student's code alone first: a compile error or a missing export is theirs, in their words.
  const student = await sandboxedDelay(code);
  try {
    return await runRetryScenario(ctx, [{ name: "yours", delay: student.delay }], MAX_DELAY_MS, gradeRetries);
  } finally {
    student.dispose();
  }
}
