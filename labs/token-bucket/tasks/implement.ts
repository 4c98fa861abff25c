import { z } from "zod";
import { describeWindow } from "../rate-bound";
import { LabFailure } from "@/lib/labs/errors";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { createSandbox, type Sandbox } from "@/lib/sandbox";
import { describeCount, MIN_STEADY_SHARE, type TrafficReport } from "../checks";
import { optimisticLimiter, type AllowFn } from "../limiters";
import { PROFILE, runBurstThenSteady, TARGET } from "../traffic-run";

export const implementAnswer = z.object({
  code: z
    .string({ error: "code must be the text of your TypeScript" })
    .min(1, "code is empty: write an allow() function"),
});
type ImplementAnswer = z.infer<typeof implementAnswer>;

const STARTER = `// Decide one request. \`state\` is whatever you returned last time for this user
// (null for a new user); \`now\` is Redis's clock in milliseconds.
type Config = { capacity: number; refillPerSecond: number };

export function allow(state: unknown, now: number, cost: number, config: Config) {
  // TODO: refill by the time elapsed since the last call, cap at capacity,
  // then spend \`cost\` tokens if there are enough.
  return { allowed: true, state };
}
`;

export const implementTask: LabTask = {
  id: "implement",
  kind: "implement",
  title: "Write allow()",
  statement: `Implement the token bucket's decision as a pure function:

\`\`\`ts
allow(state, now, cost, config) → { allowed: boolean, state }
\`\`\`

- \`state\` is what your function returned for this user last time (\`null\` the first time), stored in Redis as JSON;
- \`now\` is Redis's clock in **milliseconds**; \`cost\` is 1;
- \`config\` is \`{ capacity: ${TARGET.capacity}, refillPerSecond: ${TARGET.refillPerSecond} }\`.

Your function runs in a sandbox (no files, no network, 200 ms of CPU per call) and **is** the limiter:
every request of ${PROFILE.mainProcesses + PROFILE.neighbourProcesses} parallel clients reads the user's state with WATCH,
calls your function and writes the new state in MULTI/EXEC (retrying when another client won the race).
The run checks that a ${TARGET.capacity}-request burst passes and that the main user is then held to
${TARGET.refillPerSecond} requests/s, next to a noisy neighbour.`,
  answerSchema: implementAnswer,
  starter: { code: STARTER } satisfies ImplementAnswer,
  timeLimitMs: 30_000,
};

const resultSchema = z.object({ allowed: z.boolean(), state: z.json() });

/** The student's allow() behind the AllowFn the limiter calls, checking what it returns. */
function sandboxedAllow(box: Sandbox): AllowFn {
  return (state, now, cost, config) => {
    const result = box.call("allow", state, now, cost, config);
    const parsed = resultSchema.safeParse(result);
    if (!parsed.success || parsed.data.state === undefined) {
      throw new LabFailure(
        `allow() must return { allowed: boolean, state }, but it returned ${JSON.stringify(result) ?? "undefined"}.`,
        "Return an object with a boolean `allowed` and the `state` to keep for next time.",
      );
    }
    if (JSON.stringify(parsed.data.state).length > 4_096)
      throw new LabFailure(
        "allow() returned a state larger than 4 KB; a bucket needs two numbers.",
      );
    return { allowed: parsed.data.allowed, state: parsed.data.state };
  };
}

export function gradeImplement(report: TrafficReport): Grade {
  const details = { ...report };
  const main = describeCount(report.mainSteadyAdmitted, report);
  if (report.burstAdmitted < report.burstSize) {
    return {
      verdict: "fail",
      diagnosis: `Only ${report.burstAdmitted} of the ${report.burstSize}-request burst were admitted: a new user (state null) should start with a full bucket of capacity tokens.`,
      hint: "When state is null, start from { tokens: capacity }.",
      details,
    };
  }
  if (report.steadyShare < MIN_STEADY_SHARE) {
    return {
      verdict: "fail",
      diagnosis: `After the burst the main user got ${main} through where a correct bucket admits ${report.idealSteadyAdmitted}: your bucket refills too slowly or not at all.`,
      hint: "Add refillPerSecond × (seconds since the last call) to the tokens, then cap at capacity.",
      details,
    };
  }
  if (report.violation) {
    const v = report.violation;
    return {
      verdict: "fail",
      diagnosis: `Your limiter admitted ${v.admitted} requests in ${describeWindow(v)}, but a ${TARGET.capacity}-burst, ${TARGET.refillPerSecond}/s bucket allows at most ${v.allowed}: it refills too fast or lets too much through.`,
      hint: "`now` is in milliseconds but the refill rate is per second; and never let tokens exceed capacity.",
      details,
    };
  }
  return {
    verdict: "pass",
    diagnosis: `Your allow() let the whole burst through and then admitted ${main}, just what a ${TARGET.capacity}-burst, ${TARGET.refillPerSecond}/s bucket allows for the same requests.`,
    details,
  };
}

export async function runImplement(ctx: RunContext, answer: ImplementAnswer): Promise<Grade> {
  // Compile before starting anything, so a syntax error costs the student no waiting.
  const box = await createSandbox(answer.code, {
    exports: ["allow"],
    callTimeoutMs: 200,
    totalTimeMs: 10_000,
  });
  try {
    const allow = sandboxedAllow(box);
    return await runBurstThenSteady(
      ctx,
      (sys) =>
        optimisticLimiter(
          { config: TARGET, keyOf: (user) => `${sys.keyPrefix}bucket:${user}` },
          allow,
        ),
      gradeImplement,
    );
  } finally {
    box.dispose();
  }
}
