/**
 * configure-wr: choose W and R for N=5 so reads stay linearizable and the store stays
 * available while one replica is crashed and another is partitioned away.
 */
import { z } from "zod";
import { createRng } from "@/lib/labs";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import type { LinearizabilityResult } from "@/lib/checkers";
import { availabilityDuring, type Availability } from "../availability";
import type { FaultSchedule } from "@/lib/faults/schedule";
import { checkKv, runScenario, type RunRecord } from "../scenario";
import { AVAILABILITY_THRESHOLD, CHECK_BUDGET_MS, N, REPLICA_TIMEOUT_MS } from "../settings";
import { describeStaleRead, staleReadsOf } from "../stale-read";

export const FAULTS_AT_MS = 300;

const answerSchema = z.object({
  w: z.number().int().min(1).max(N).describe(`Write quorum: acks a put waits for (1–${N})`),
  r: z.number().int().min(1).max(N).describe(`Read quorum: replies a get waits for (1–${N})`),
});
type Answer = z.infer<typeof answerSchema>;

const statement = `
You run a leaderless key-value store of **N = ${N} replicas**, each a real process reached
through its own network proxy. Five clients read and write the keys \`x\`, \`y\`, \`z\`.

The coordinator (the client library) works like this:

- **get**: ask the first R replicas of the client's preference list (each client starts at
  its own "home" replica). A replica that errors or stays silent for ${REPLICA_TIMEOUT_MS} ms
  is replaced by the next one in the list, and asked last until it answers again. Return
  the value with the highest version, and if fewer than W of the replies already had it,
  **write it back** until W replicas hold it.
- **put**: first read the highest version from R replicas, then send the value with a
  higher version to all ${N} replicas and wait for **W** acknowledgements.

${FAULTS_AT_MS} ms into the workload one replica **crashes** and another is **partitioned**
away; both stay down until the workload ends.

Choose **W** and **R** so that

1. every read sees the latest acknowledged write — the history must be **linearizable**, and
2. at least **${Math.round(AVAILABILITY_THRESHOLD * 100)}%** of the operations running while
   the faults are active still succeed.

Why the write-back matters: with W + R > N every read quorum overlaps every write quorum,
but a put that is still in flight may have reached only some replicas. Without the
write-back, one read could see the new value and a later read the old one. Writing the
value back before answering makes that impossible — which is why W + R > N is enough *here*.
`.trim();

export const configureWr: LabTask = {
  id: "configure-wr",
  kind: "configure",
  title: "Choose W and R",
  statement,
  answerSchema,
  starter: { w: 1, r: 1 },
  timeLimitMs: 60_000,
};

export async function runConfigureWr(ctx: RunContext, raw: unknown): Promise<Grade> {
  const answer = answerSchema.parse(raw) as Answer;
  const [crashed, partitioned] = createRng(ctx.seed).fork("configure-wr-targets").shuffle(Array.from({ length: N }, (_, i) => `n${i + 1}`));
  // Both faults last until the heal phase (no duration).
  const faults: FaultSchedule = [
    { at: FAULTS_AT_MS, fault: "partition", target: partitioned as string, params: { direction: "both" } },
    { at: FAULTS_AT_MS, fault: "crash", target: crashed as string },
  ];
  return runScenario(ctx, {
    w: answer.w,
    r: answer.r,
    faults,
    check: checkConfigure,
    grade: (result) => gradeConfigure(result, crashed as string, partitioned as string),
  });
}

export interface ConfigureResult extends RunRecord {
  availability: Availability;
  linearizability: LinearizabilityResult;
}

/**
 * Availability first: when it already fails, the history is full of unknown-outcome puts
 * that make the linearizability search slow, and the verdict could not change the grade,
 * so the checker then gets a short budget.
 */
export function checkConfigure(record: RunRecord): ConfigureResult {
  const availability = availabilityDuring(record.history, record.faultWindows);
  const budget = availability.ratio < AVAILABILITY_THRESHOLD ? 1_000 : CHECK_BUDGET_MS;
  return { ...record, availability, linearizability: checkKv(record.history, budget) };
}

export function gradeConfigure(result: ConfigureResult, crashed: string, partitioned: string): Grade {
  const { w, r, linearizability, availability } = result;
  const reachable = N - 2;
  const problems: string[] = [];
  const hints: string[] = [];
  const percent = (x: number) => `${Math.round(x * 100)}%`;

  if (availability.ratio < AVAILABILITY_THRESHOLD) {
    const reasons = [
      w > reachable ? `writes were unavailable: W=${w} needs ${w} acknowledgements but only ${reachable} replicas could answer` : null,
      r > reachable ? `reads were unavailable: R=${r} needs ${r} replies but only ${reachable} replicas could answer (and every put reads first)` : null,
    ].filter((x): x is string => x !== null);
    problems.push(
      `Unavailable during faults: only ${percent(availability.ratio)} of operations succeeded while ${crashed} was crashed and ${partitioned} partitioned` +
        (reasons.length > 0 ? ` — ${reasons.join("; ")}.` : "."),
    );
    hints.push(`Only ${reachable} of ${N} replicas answer during the faults: a put needs R replies and then W acks, a get R replies (and W acks to write back).`);
  }

  if (linearizability.verdict === "illegal") {
    const stale = staleReadsOf(result.history)[0];
    const blocked = linearizability.witness?.blocked;
    const what = stale
      ? describeStaleRead(stale)
      : blocked
        ? `${blocked.f} ${blocked.key ?? ""} by client c${blocked.process} (returned ${JSON.stringify(blocked.value)}) cannot be placed in any order consistent with real time`
        : "the checker found an operation that no order can explain";
    problems.push(`Not linearizable: a stale read — ${what}.`);
    hints.push(`With W + R ≤ ${N} a read quorum can miss every replica that acknowledged the last write; make W + R > ${N}.`);
  } else if (linearizability.verdict === "unknown" && problems.length === 0) {
    return {
      verdict: "error",
      errorKind: "internal",
      diagnosis: "The linearizability checker ran out of time on this history, so the run could not be graded.",
      hint: "Run it again; tell the instructor if it keeps happening.",
      details: summary(result, availability),
    };
  }

  if (problems.length === 0) {
    return {
      verdict: "pass",
      diagnosis: `W=${w}, R=${r}: the history is linearizable and ${percent(availability.ratio)} of operations succeeded while ${crashed} was crashed and ${partitioned} partitioned.`,
      details: summary(result, availability),
    };
  }
  return { verdict: "fail", diagnosis: problems.join(" "), hint: hints.join(" "), details: summary(result, availability) };
}

function summary(result: ConfigureResult, availability: Availability): Record<string, unknown> {
  return {
    w: result.w,
    r: result.r,
    linearizable: result.linearizability.verdict,
    witness: result.linearizability.witness,
    availability,
    faultWindows: result.faultWindows,
    operations: result.linearizability.operations,
  };
}
