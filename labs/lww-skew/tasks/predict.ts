/**
 * predict: on a wall-clock last-write-wins store where n1's clock runs ahead, c0 writes x
 * through n1 and, after that is acknowledged, c1 writes x through n2. What does every replica
 * read? The writes are fixed and far inside the skew, so the outcome follows from the clocks,
 * not from luck.
 */
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { predictVerdictTable } from "@/lib/labs/tasks/predict-task";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { notExercised } from "@/lib/labs/workload-tally";
import { findLostWrite } from "../lost-write";
import { runStoreScenario, type StoreRun } from "../scenario";
import { CONVERGE_WITHIN_MS, SKEW_MS, SKEWED_NODE } from "../settings";
import { skewWindowMissed } from "../skew-window";
import type { PlannedPut } from "../workload";

const PROGRAM = fileURLToPath(new URL("../programs/wall-clock-lww.ts", import.meta.url));
const LATER_MS = 500;
const WRITES: PlannedPut[] = [
  { key: "x", process: 0, value: "a", pauseMs: 0 },
  { key: "x", process: 1, value: "b", pauseMs: LATER_MS },
];
const CHOICES = ["a", "b", "they disagree"] as const;
type Choice = (typeof CHOICES)[number];

const answerSchema = z.object({ reads: z.enum(CHOICES).describe("After gossip, what does every replica read for x?") });

export const predict: LabTask = {
  id: "predict",
  kind: "predict",
  title: "Predict: which write survives a fast clock?",
  statement: `Three replicas run a last-write-wins store, the way Cassandra keeps a cell: a replica gives each \`put\` a timestamp from **its own wall clock**, acknowledges it at once, and gossips what it holds; every replica keeps the value with the higher timestamp, breaking ties by node id.

**${SKEWED_NODE}'s clock runs ${SKEW_MS} ms ahead**; n2's and n3's are right. Client c0 puts \`x = "a"\` through ${SKEWED_NODE} and gets \`put_ok\`. **${LATER_MS} ms after that**, client c1 puts \`x = "b"\` through n2 and gets \`put_ok\` too. Then the replicas gossip until they agree, and every replica is asked for \`x\`.

**Predict before you run:** what does every replica read for \`x\`? Work out the two timestamps. Which client was told its write succeeded, and which of them would ever find out otherwise? How long would c1 have had to wait for its write to win?`,
  answerSchema,
  starter: { reads: "b" },
  timeLimitMs: 30_000,
  checksItsScenario: true,
  verdictTable: () => predictVerdictTable(CHOICES.map((reads) => ({ name: reads, answer: { reads }, right: reads === "a", wrongIncludes: `predicted ${reads}` }))),
};

function observed(run: StoreRun): string {
  const values = Object.values(run.finalReads).map((reads) => (typeof reads.x === "string" ? reads.x : JSON.stringify(reads.x ?? null)));
  return values.every((v) => v === values[0]) ? values[0]! : "they disagree";
}

function gradePredict(run: StoreRun, prediction: Choice): Grade {
  // Either verdict is about writes inside the skew: a run that did not keep them there says nothing.
  const missed = skewWindowMissed(run);
  if (missed) return notExercised(missed, { finalReads: run.finalReads, prediction });
  const saw = observed(run);
  // The lab's own store always agrees once gossip gets through: disagreeing, it was starved.
  if (saw === "they disagree") return notExercised(`the replicas had not agreed on x ${CONVERGE_WITHIN_MS} ms after the heal (${JSON.stringify(run.finalReads)})`, { finalReads: run.finalReads, prediction });
  const lost = findLostWrite(run).story;
  const why =
    `${SKEWED_NODE} stamped "a" about ${SKEW_MS} ms in the future; n2 stamped "b" ${LATER_MS} ms later by the true time, which is still about ${SKEW_MS - LATER_MS} ms before a's stamp. ` +
    `Every replica keeps the larger stamp, so "a" wins everywhere and c1's acknowledged "b" is gone without an error anywhere.` +
    (lost ? ` ${lost.description}` : "");
  const details = { finalReads: run.finalReads, prediction };
  const witness = lost ? { witness: lost.witness } : {};
  if (saw === prediction) return { verdict: "pass", diagnosis: `Right: every replica reads "${saw}". ${why}`, ...witness, details };
  return {
    verdict: "fail",
    diagnosis: `You predicted ${prediction}, but ${saw === "they disagree" ? "the replicas disagreed" : `every replica read "${saw}"`}. ${why}`,
    hint: `"Last" means the largest stamp, not the latest write. Write down both stamps as numbers: ${SKEWED_NODE}'s clock adds ${SKEW_MS} ms to a's.`,
    ...witness,
    details,
  };
}

export async function runPredict(ctx: RunContext, raw: unknown): Promise<Grade> {
  const { reads } = answerSchema.parse(raw);
  return runStoreScenario(ctx, { program: { kind: "module", file: PROGRAM }, keys: ["x"], writes: WRITES, grade: (run) => gradePredict(run, reads) });
}
