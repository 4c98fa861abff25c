/**
 * predict: before the run, the student states whether W=2, R=2 (W + R = N - 1) will show a
 * stale read under a fixed crash + partition, and which client will see it. The faults are
 * fixed so the answer follows from the quorums, not from luck: client c3's read quorum is
 * exactly the two replicas that missed the writes.
 */
import { z } from "zod";
import type { LinearizabilityResult } from "@/lib/checkers";
import type { FaultSchedule } from "@/lib/faults/schedule";
import { predictVerdictTable } from "@/lib/labs/tasks/predict-task";
import type { Grade, LabTask, RunContext, VerdictCase } from "@/lib/labs/types";
import { checkKv, runScenario, type RunRecord } from "../scenario";
import { CLIENTS, N } from "../settings";
import { anomalyOf, staleReadsOf } from "../stale-read";

const W = 2;
const R = 2;
const CRASHED = "n4";
const PARTITIONED = "n5";
const FAULTS_AT_MS = 300;
const CLIENT_NAMES = Array.from({ length: CLIENTS }, (_, i) => `c${i}`);

const answerSchema = z
  .object({
    staleRead: z.boolean().describe("Will the checker find a stale read?"),
    client: z.enum(CLIENT_NAMES as [string, ...string[]]).optional().describe("If yes: which client will read stale data?"),
  })
  .refine((a) => !a.staleRead || a.client !== undefined, { message: "name the client you expect to read stale data", path: ["client"] });

const statement = `
Same store, now with **N = ${N}, W = ${W}, R = ${R}** — so W + R = ${W + R}, not more than N.

${FAULTS_AT_MS} ms into the workload, **${CRASHED} crashes** and **${PARTITIONED} is partitioned**
away; both last until the heal phase (which restarts ${CRASHED} from its log, without the
writes it missed). After the heal every client reads every key. Client c*i* asks its home
replica n*i+1* first, then the next ones in order (n5 is followed by n1); a get uses the
first R replies.

**Predict before you run:** will the linearizability checker find a stale read? If yes,
which client will see it? Think about whose read quorum can miss every replica that
acknowledged the writes made during the faults.
`.trim();

/** Every possible prediction: only "yes, c3" is right (its list starts n4, n5). */
function predictVerdicts(): VerdictCase[] {
  return predictVerdictTable([
    { name: "no stale read", answer: { staleRead: false }, right: false, wrongIncludes: "predicted no stale read" },
    ...CLIENT_NAMES.map((client) => ({ name: `stale, ${client}`, answer: { staleRead: true, client }, right: client === "c3", wrongIncludes: `not ${client}` })),
  ]);
}

export const predict: LabTask = {
  id: "predict",
  kind: "predict",
  title: "Predict: does W + R ≤ N read stale data here?",
  statement,
  answerSchema,
  starter: { staleRead: false },
  timeLimitMs: 60_000,
  // A quiet machine gets several times this done (labs:verify's details.workload); a starved run, a handful.
  minimumWorkload: { answered: 40, what: "operations" },
  verdictTable: predictVerdicts,
};

interface PredictResult extends RunRecord {
  linearizability: LinearizabilityResult;
}

export async function runPredict(ctx: RunContext, raw: unknown): Promise<Grade> {
  const answer = answerSchema.parse(raw);
  const faults: FaultSchedule = [
    { at: FAULTS_AT_MS, fault: "partition", target: PARTITIONED, params: { direction: "both" } },
    { at: FAULTS_AT_MS, fault: "crash", target: CRASHED },
  ];
  return runScenario(ctx, {
    w: W,
    r: R,
    faults,
    check: (record): PredictResult => ({ ...record, linearizability: checkKv(record.history) }),
    grade: (result) => gradePredict(result, answer),
  });
}

function gradePredict(result: PredictResult, answer: z.infer<typeof answerSchema>): Grade {
  const { linearizability } = result;
  if (linearizability.verdict === "unknown") {
    return { verdict: "error", errorKind: "internal", diagnosis: "The linearizability checker ran out of time on this history, so the run could not be graded.", hint: "Run it again." };
  }
  const stale = staleReadsOf(result.history);
  const observed = linearizability.verdict === "illegal";
  const staleClients = [...new Set(stale.map((s) => `c${s.read.process}`))].sort();
  const details = { observedStaleRead: observed, staleClients, witness: linearizability.witness, prediction: answer };
  const anomaly = observed ? anomalyOf(result.history, linearizability) : null;
  const example = anomaly?.description ?? linearizability.witness?.message;
  const witness = anomaly ? { witness: anomaly.witness } : {};
  if (!observed) {
    return answer.staleRead
      ? { verdict: "fail", diagnosis: "You predicted a stale read, but the run had no stale read: every read was up to date.", details }
      : { verdict: "pass", diagnosis: "Right: no stale read this time.", details };
  }
  if (!answer.staleRead) {
    return {
      verdict: "fail",
      diagnosis: `You predicted no stale read, but the checker found one: ${example}.`,
      ...witness,
      hint: `With W + R ≤ N a read quorum can consist only of replicas that missed a write. Look at which client's first ${R} replicas are ${CRASHED} and ${PARTITIONED}.`,
      details,
    };
  }
  if (answer.client && !staleClients.includes(answer.client)) {
    return {
      verdict: "fail",
      diagnosis: `Right that there would be a stale read, but it was ${staleClients.join(", ")} that read stale data, not ${answer.client}: ${example}.`,
      hint: `A get reads the first ${R} replicas of the client's list; only a list that starts with ${CRASHED}, ${PARTITIONED} misses every replica that took the writes.`,
      ...witness,
      details,
    };
  }
  return { verdict: "pass", diagnosis: `Right: ${example}. Its read quorum (${CRASHED}, ${PARTITIONED}) was exactly the replicas that missed the writes.`, ...witness, details };
}
