/**
 * configure-wr: choose W and R for N=5 so reads stay linearizable and the store stays
 * available while one replica is crashed and another is partitioned away. Replicas apply
 * writes with different lags, so an answer with W + R ≤ N shows a stale read on every seed,
 * and one with W or R above the live replicas shows unavailability.
 */
import { z } from "zod";
import { createRng } from "@/lib/labs";
import type { Grade, LabTask, RunContext, VerdictCase } from "@/lib/labs/types";
import type { LinearizabilityResult } from "@/lib/checkers";
import { availabilityDuring, type Availability } from "@/lib/history/fault-windows";
import type { FaultSchedule } from "@/lib/faults/schedule";
import { checkKv, runScenario, type RunRecord } from "../scenario";
import { AVAILABILITY_THRESHOLD, CHECK_BUDGET_MS, N, REPLICA_TIMEOUT_MS } from "../settings";
import { anomalyOf } from "../stale-read";

/** Notify rounds run until the faults start; the random mix runs from then to the end. */
export const FAULTS_AT_MS = 1_000;
const WORKLOAD_MS = 2_200;
/** Replica i applies a put LAG_STEP_MS × (its place in the ring after the fastest) late. */
const LAG_STEP_MS = 50;
/** Replicas that still answer during the faults: N minus the crashed and the partitioned. */
const LIVE = N - 2;

const answerSchema = z.object({
  w: z.number().int().min(1).max(N).describe(`Write quorum: acks a put waits for (1–${N})`),
  r: z.number().int().min(1).max(N).describe(`Read quorum: replies a get waits for (1–${N})`),
});
type Answer = z.infer<typeof answerSchema>;

const statement = `
You run a leaderless key-value store of **N = ${N} replicas** (\`n1\` … \`n${N}\`), each a real
process reached through its own network proxy. Five clients \`c0\` … \`c4\` read and write
the keys \`x\`, \`y\`, \`z\`; client c*i* starts its preference list at replica n*i+1* and
goes round the ring (n${N} is followed by n1).

The coordinator (the client library) works like this:

- **get**: ask the first R replicas of the client's preference list. A replica that errors
  or stays silent for ${REPLICA_TIMEOUT_MS} ms is replaced by the next one in the list. Return
  the value with the highest version; if fewer than W of the replies had it, write it back
  until W replicas acknowledge it.
- **put**: read the highest version from R replicas, then send the value with a higher
  version to all ${N} replicas and wait for **W** acknowledgements.

The replicas are not equally fast: each applies (and acknowledges) a put after its own
delay, from 0 ms on the fastest to ${LAG_STEP_MS * (N - 1)} ms on the slowest; a get is
answered at once from what the replica has applied. The replica map shows each delay.

The run, in order:

1. For the first ${FAULTS_AT_MS} ms clients work in rounds: one client puts a key and, as
   soon as it is acknowledged, every client reads that key.
2. Then one replica **crashes** and another is **partitioned** away until the workload
   ends, while the clients keep reading and writing at random.
3. The crashed replica restarts, the partition heals, and every client reads every key.

Which replicas fail is chosen by the run. Choose **W** and **R** (each 1 to ${N}) so that

1. every read returns the latest acknowledged write — the whole history must be
   **linearizable** — and
2. at least **${Math.round(AVAILABILITY_THRESHOLD * 100)}%** of the operations that run while
   the faults are active still succeed.
`.trim();

/** The answer space and what theory says of each answer. */
export function configureVerdicts(): VerdictCase[] {
  const rows: VerdictCase[] = [];
  for (let w = 1; w <= N; w++) {
    for (let r = 1; r <= N; r++) {
      const available = w <= LIVE && r <= LIVE;
      const linearizable = w + r > N;
      rows.push({
        name: `W=${w} R=${r}`,
        answer: { w, r },
        expected: available && linearizable ? { verdict: "pass" } : { verdict: "fail", diagnosisIncludes: available ? "not linearizable" : "unavailable" },
        why: !available ? `needs more than the ${LIVE} live replicas` : linearizable ? "quorums overlap and both fit" : `W + R = ${w + r} ≤ N: a read can miss the write`,
      });
    }
  }
  return rows;
}

export const configureWr: LabTask = {
  id: "configure-wr",
  kind: "configure",
  title: "Choose W and R",
  statement,
  answerSchema,
  starter: { w: 1, r: 1 },
  timeLimitMs: 60_000,
  // A quiet machine gets several times this done (labs:verify's details.workload); a starved run, a handful.
  minimumWorkload: { answered: 6, what: "operations" },
  verdictTable: configureVerdicts,
};

/** Ring-ordered apply lags starting at a seeded replica: n(s) 0 ms, n(s+1) one step, … */
export function applyLags(seed: number): number[] {
  const fastest = createRng(seed).fork("configure-wr-lags").int(0, N - 1);
  return Array.from({ length: N }, (_, i) => ((i - fastest + N) % N) * LAG_STEP_MS);
}

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
    applyLagMs: applyLags(ctx.seed),
    workloadMs: WORKLOAD_MS,
    notifyMs: FAULTS_AT_MS,
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
  const reachable = LIVE;
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

  const anomaly = linearizability.verdict === "illegal" ? anomalyOf(result.history, linearizability) : null;
  if (linearizability.verdict === "illegal") {
    problems.push(`Not linearizable: ${anomaly ? anomaly.description : "the checker found an operation that no order can explain"}.`);
    hints.push(`A read quorum of R = ${r} replicas could consist only of replicas that had not applied a write W = ${w} others had acknowledged. What must hold between W, R and N so that every read quorum meets every write quorum?`);
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
  return { verdict: "fail", diagnosis: problems.join(" "), hint: hints.join(" "), ...(anomaly ? { witness: anomaly.witness } : {}), details: summary(result, availability) };
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
