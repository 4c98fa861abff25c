/**
 * predict: half the clients retry with full jitter, half with equal jitter, into the same
 * outage. Which half makes more attempts? Full jitter waits d/2 on average, equal jitter
 * 3d/4, so full jitter retries more often during the outage: about 10–15 % more attempts
 * here, on every seed (a difference under 5 % would count as "about the same").
 */
import { z } from "zod";
import { predictVerdictTable } from "@/lib/labs/tasks/predict-task";
import type { Grade, LabTask, RunContext, VerdictCase } from "@/lib/labs/types";
import { sandboxedDelay } from "../delay-sandbox";
import { peakAfterRecovery } from "../measure";
import { runRetryScenario, type RetryRun } from "../scenario";
import { BASE_MS, CAP_MS, CLIENTS, MAX_DELAY_MS, OUTAGE_MS } from "../settings";
import { STRATEGIES } from "../strategies";

const GROUPS = ["full jitter", "equal jitter"] as const;
const ANSWERS = ["full jitter", "equal jitter", "about the same"] as const;
type Answer = (typeof ANSWERS)[number];
/** Closer than this (relative to the larger count) is "about the same". */
const SAME_WITHIN = 0.05;

const answerSchema = z.object({ moreAttempts: z.enum(ANSWERS).describe("Which half makes more attempts in all?") });

const statement = `The same ${CLIENTS} clients and the same ${OUTAGE_MS} ms outage (base ${BASE_MS} ms, cap ${CAP_MS} ms), but now the lab writes the delays: clients 0–${CLIENTS / 2 - 1} retry with **full jitter**, clients ${CLIENTS / 2}–${CLIENTS - 1} with **equal jitter** (the chapter's definitions, with $d_k = \\min(\\text{cap}, \\text{base} \\cdot 2^k)$).

**Predict before you run:** which half makes more attempts in all — or do they make about the same number (within ${SAME_WITHIN * 100} % of each other)?

Work out the average wait of each for the same $d_k$, and how many waits fit into the outage. Then think about which half you would rather be the service for.`;

function predictVerdicts(): VerdictCase[] {
  return predictVerdictTable(ANSWERS.map((a) => ({ name: a, answer: { moreAttempts: a }, right: a === "full jitter", wrongIncludes: `you predicted ${a}` })));
}

export const predictTask: LabTask = {
  id: "predict",
  kind: "predict",
  title: "Predict: full or equal jitter, which retries more?",
  statement,
  answerSchema,
  starter: { moreAttempts: "about the same" },
  timeLimitMs: 30_000,
  // A quiet machine gets several times this done (labs:verify's details.workload); a starved run, a handful.
  minimumWorkload: { answered: 100, what: "requests" },
  verdictTable: predictVerdicts,
};

function gradePredict(run: RetryRun, predicted: Answer): Grade {
  const count = (group: string) => run.dueAt.filter((_, client) => run.groupOf(client) === group).reduce((n, due) => n + due.length, 0);
  const [full, equal] = GROUPS.map(count) as [number, number];
  const observed: Answer = Math.abs(full - equal) <= SAME_WITHIN * Math.max(full, equal) ? "about the same" : full > equal ? "full jitter" : "equal jitter";
  const peak = peakAfterRecovery(run);
  const details = { attempts: { "full jitter": full, "equal jitter": equal }, observed, predicted, peakAfterRecovery: peak.count };
  const what = `full jitter made ${full} attempts, equal jitter ${equal}`;
  if (run.overBudget || run.badDelay || run.delayError)
    return { verdict: "error", errorKind: "internal", diagnosis: `This run could not be graded: not every client got through (${what}).`, hint: "Run it again; tell the instructor if it keeps happening.", details };
  if (observed === predicted)
    return { verdict: "pass", diagnosis: `Right: ${what}. Full jitter waits d/2 on average and equal jitter 3d/4, so full jitter fits more retries into the outage — and both spread them.`, details };
  return {
    verdict: "fail",
    diagnosis: `Not this time: you predicted ${predicted}, but ${what}${observed === "about the same" ? " (about the same)" : ""}.`,
    hint: "Compare the two averages for the same d: uniform over [0, d) against d/2 plus uniform over [0, d/2).",
    details,
  };
}

export async function runPredict(ctx: RunContext, raw: unknown): Promise<Grade> {
  const { moreAttempts } = answerSchema.parse(raw);
  const loaded = await Promise.all(GROUPS.map((g) => sandboxedDelay(STRATEGIES[g])));
  try {
    const groups = GROUPS.map((name, i) => ({ name, delay: loaded[i]!.delay }));
    return await runRetryScenario(ctx, groups, MAX_DELAY_MS, (run) => gradePredict(run, moreAttempts));
  } finally {
    for (const l of loaded) l.dispose();
  }
}
