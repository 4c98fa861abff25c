import { z } from "zod";
import { createRng } from "@/lib/labs/rng";
import type { LabTask, RunContext } from "@/lib/labs/types";
import { createSandbox } from "@/lib/sandbox";
import { DecisionChains, type Committed } from "../decision-chain";
import { gradeImplement, type ImplementReport } from "../grade-implement";
import { optimisticLimiter } from "../limiters";
import { sandboxedAllow, SANDBOX_LIMITS } from "../sandboxed-allow";
import {
  IMPLEMENT_BUCKET,
  IMPLEMENT_TRAFFIC,
  implementWorkload,
  MAIN,
  NEIGHBOUR,
  QUIET,
  type WorkloadMarks,
} from "../scenario-implement";
import { runTraffic } from "../traffic-run";
import type { Request } from "../workload";

export const implementAnswer = z.object({
  code: z
    .string({ error: "code must be the text of your TypeScript" })
    .min(1, "code is empty: write an allow() function"),
});
type ImplementAnswer = z.infer<typeof implementAnswer>;

const STARTER = `// Decide one request. \`state\` is whatever you returned last time for this user
// (null for a new user); \`now\` is Redis's clock in whole milliseconds.
type Config = { capacity: number; refillPerSecond: number };

export function allow(state: unknown, now: number, cost: number, config: Config) {
  // TODO: refill by the time elapsed since the last call, cap at capacity,
  // then spend \`cost\` tokens if there are enough.
  return { allowed: true, state };
}
`;

const { capacity, refillPerSecond } = IMPLEMENT_BUCKET;

export const implementTask: LabTask = {
  id: "implement",
  kind: "implement",
  title: "Write allow()",
  statement: `Write the token bucket's decision as a pure function. It **is** the limiter: every request runs it.

\`\`\`ts
allow(state, now, cost, config) → { allowed: boolean, state }
\`\`\`

- \`state\` is what your function returned for this user last time (\`null\` for a user it has never seen), stored in Redis as JSON. Keep it small: a state over 400 bytes fails the run.
- \`now\` is Redis's clock in **whole milliseconds**. Along one user's decisions it never goes backwards, but several decisions can share the same \`now\`.
- \`cost\` is how many tokens the request needs, from 1 up to the capacity.
- \`config\` is \`{ capacity, refillPerSecond }\`; this run passes \`{ capacity: ${capacity}, refillPerSecond: ${refillPerSecond} }\`.

A user the bucket has never seen starts with a full bucket. A request is admitted when the bucket holds at least \`cost\` tokens, and then spends them; a rejected request spends nothing.

How it runs: ${IMPLEMENT_TRAFFIC.mainProcesses} clients of one user, ${IMPLEMENT_TRAFFIC.neighbourProcesses} of a noisy neighbour and one of a quiet third user call your function in parallel. Each reads the user's state with \`WATCH\`, calls \`allow()\` and writes what it returns with \`MULTI\`/\`EXEC\`, retrying when another client won the race. Only committed decisions count, so each user's decisions form one sequence, and the grader replays that sequence through an exact bucket and compares **every decision**. The traffic has idle periods followed by bursts, and requests of every cost.

Before you run, work out:

1. A user idle for ten seconds sends a request costing ${capacity}, then one costing 1 a millisecond later. Which are admitted, and how many tokens are left after each?
2. Three requests costing 2 arrive in the same millisecond on a bucket holding 4.6 tokens. What happens to each, and to the bucket?
3. Why may \`allow()\` keep nothing outside \`state\`, not even a variable at the top of your file?

Floating point is fine: where the exact bucket holds exactly \`cost\` tokens and is not full, either decision is accepted.`,
  answerSchema: implementAnswer,
  starter: { code: STARTER } satisfies ImplementAnswer,
  timeLimitMs: 30_000,
};

/** After the first wrong decision, keep going this long: later decisions name the mistake. */
const AFTER_MISMATCH_MS = 150;

/** The user's decisions replayed in a fresh sandbox; null when the replay itself fails. */
async function replayAlone(code: string, chain: Committed[]): Promise<boolean[] | null> {
  const box = await createSandbox(code, SANDBOX_LIMITS);
  try {
    const allow = sandboxedAllow(box);
    let state: unknown = null;
    return chain.map((d) => {
      const step = allow(state, d.now, d.cost, IMPLEMENT_BUCKET);
      state = step.state;
      return step.allowed;
    });
  } catch {
    return null;
  } finally {
    box.dispose();
  }
}

export async function runImplement(ctx: RunContext, answer: ImplementAnswer) {
  // Compile before starting anything, so a syntax error costs the student no waiting.
  const box = await createSandbox(answer.code, SANDBOX_LIMITS);
  let stopTimer: NodeJS.Timeout | undefined;
  try {
    const allow = sandboxedAllow(box);
    const rng = createRng(ctx.seed);
    let chains: DecisionChains<Request> | undefined;
    const marks: WorkloadMarks = { quietDone: false };
    return await runTraffic<ImplementReport>(ctx, {
      processes:
        IMPLEMENT_TRAFFIC.mainProcesses +
        IMPLEMENT_TRAFFIC.neighbourProcesses +
        IMPLEMENT_TRAFFIC.quietProcesses,
      users: [MAIN, NEIGHBOUR, QUIET],
      makeLimiter: (sys) =>
        optimisticLimiter(
          { config: IMPLEMENT_BUCKET, keyOf: (user) => `${sys.keyPrefix}bucket:${user}` },
          allow,
        ),
      onDecision(r, traffic) {
        const stopSoon = () => {
          stopTimer = setTimeout(
            () => (marks.quietDone ? traffic.stop() : stopSoon()),
            AFTER_MISMATCH_MS,
          );
        };
        chains ??= new DecisionChains<Request>(IMPLEMENT_BUCKET, () => {
          if (stopTimer === undefined) stopSoon();
        });
        if (r.commit && r.allowed !== undefined)
          chains.add({
            user: r.user,
            seq: r.commit.seq,
            now: r.commit.now,
            cost: r.cost,
            allowed: r.allowed,
            ref: r,
          });
      },
      workload: (traffic) => implementWorkload(ctx, traffic, rng, marks),
      async check(traffic) {
        const c = chains ?? new DecisionChains<Request>(IMPLEMENT_BUCKET);
        const mismatch = c.firstMismatch();
        const chain = mismatch ? (c.chains.get(mismatch.decision.user) ?? []) : [];
        return {
          chains: c,
          mismatch,
          replayedAlone: mismatch ? await replayAlone(answer.code, chain) : null,
          requests: traffic.requests.length,
        };
      },
      grade: gradeImplement,
    });
  } finally {
    clearTimeout(stopTimer);
    box.dispose();
  }
}
