/**
 * predict: a teammate's counter keeps one total per replica and merges by max. While n3 is
 * cut off, n1 takes 3 adds and n3 takes 2; what does every replica read after the heal?
 * The workload is fixed, so the outcome follows from the merge, not from luck.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { predictVerdictTable } from "@/lib/labs/tasks/predict-task";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { runCounterScenario, type CounterRun } from "../scenario";
import { PARTITION_N3 } from "../settings";

const PROGRAM = fileURLToPath(new URL("../programs/max-of-totals.ts", import.meta.url));
const N1_ADDS = 3;
const N3_ADDS = 2;
const CHOICES = ["5", "3", "2", "they disagree"] as const;
type Choice = (typeof CHOICES)[number];

const answerSchema = z.object({ reads: z.enum(CHOICES).describe("After the heal, what does every replica read?") });

/** The whole run is partitioned: the schedule's partition starts at once and lasts until the heal. */
const FAULTS = PARTITION_N3.map((entry) => ({ ...entry, at: 0, duration: undefined }));

export const predict: LabTask = {
  id: "predict",
  kind: "predict",
  title: "Predict: merging by the larger total",
  statement: `A teammate's counter keeps **one total per replica**: \`add\` adds to it, and gossip merges by keeping the **larger** of the two totals (\`Math.max\`). It never counts anything twice, they argue, so it must be right.

n3 is cut off from n1 and n2. Meanwhile a client sends **${N1_ADDS} adds to n1** and another **${N3_ADDS} adds to n3**; every add is acknowledged. Then the partition heals and the replicas gossip until they agree.

**Predict before you run:** what does every replica read after the heal? What does that say about merging totals?`,
  answerSchema,
  starter: { reads: "5" },
  timeLimitMs: 30_000,
  verdictTable: () => predictVerdictTable(CHOICES.map((reads) => ({ name: reads, answer: { reads }, right: reads === "3", wrongIncludes: `predicted ${reads}` }))),
};

function observed(run: CounterRun): Choice | string {
  const values = Object.values(run.finalReads).map(String);
  return values.every((v) => v === values[0]) ? values[0]! : "they disagree";
}

function gradePredict(run: CounterRun, prediction: Choice): Grade {
  const saw = observed(run);
  const why = `n1's total was ${N1_ADDS} and n3's was ${N3_ADDS}; merging by max keeps ${N1_ADDS} everywhere, so n3's ${N3_ADDS} acknowledged adds are gone without a trace. A total cannot tell "the same adds" from "different adds": only one count per node can.`;
  const details = { finalReads: run.finalReads, prediction };
  if (saw === prediction) return { verdict: "pass", diagnosis: `Right: every replica reads ${saw}. ${why}`, details };
  return { verdict: "fail", diagnosis: `You predicted ${prediction}, but ${saw === "they disagree" ? "the replicas disagreed" : `every replica read ${saw}`}. ${why}`, hint: "Follow one gossip message: what does n1 keep when n3 tells it its total of 2?", details };
}

export async function runPredict(ctx: RunContext, raw: unknown): Promise<Grade> {
  const { reads } = answerSchema.parse(raw);
  return runCounterScenario(ctx, {
    program: { kind: "module", file: PROGRAM },
    faults: FAULTS,
    delta: () => 1,
    // Fixed: the partition is in place first, then n1's and n3's adds, acknowledged one by one.
    script: async (add) => {
      await sleep(150);
      for (let i = 0; i < N1_ADDS; i++) await add(0, 1);
      for (let i = 0; i < N3_ADDS; i++) await add(2, 1);
      await sleep(300);
    },
    grade: (run) => gradePredict(run, reads),
  });
}
