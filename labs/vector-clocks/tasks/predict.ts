/**
 * predict: two clients write the key blind on n1 and on n3 while n3 is cut off; after the
 * heal, what does every replica hold? The store runs the reference functions, so the outcome
 * follows from version vectors, not luck.
 */
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { predictVerdictTable } from "@/lib/labs/tasks/predict-task";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { replicaProgram } from "../compose";
import { runSiblingsScenario, type SiblingsRun } from "../scenario";
import { KEY, PARTITION_N3 } from "../settings";

const REFERENCE = readFileSync(fileURLToPath(new URL("../solutions/siblings/reference.ts", import.meta.url)), "utf8");
const CHOICES = ["both, as siblings", "only the later write", "only the earlier write", "only n3's write (its id is larger)"] as const;
type Choice = (typeof CHOICES)[number];

const answerSchema = z.object({ holds: z.enum(CHOICES).describe(`After the heal, what does every replica hold for ${KEY}?`) });
const FAULTS = PARTITION_N3.map((entry) => ({ ...entry, at: 0, duration: undefined }));

export const predict: LabTask = {
  id: "predict",
  kind: "predict",
  title: "Predict: two blind writes across a partition",
  statement: `The store keeps siblings by version vectors (with correct \`compare\` and \`mergeSiblings\`). n3 is cut off from n1 and n2. Client c0 writes \`${KEY} = "book"\` on **n1**; **200 ms later**, client c2 writes \`${KEY} = "lamp"\` on **n3**. Neither read the key first. Both writes are acknowledged; then the partition heals and the replicas gossip until they agree.

**Predict before you run:** what does every replica hold for \`${KEY}\`? What would a last-writer-wins store on wall clocks have done, and what does each answer cost the shopper?`,
  answerSchema,
  starter: { holds: "only the later write" },
  timeLimitMs: 30_000,
  verdictTable: () => predictVerdictTable(CHOICES.map((holds) => ({ name: holds, answer: { holds }, right: holds === "both, as siblings", wrongIncludes: `predicted ${holds}` }))),
};

function observed(run: SiblingsRun): Choice | string {
  const views = run.finalReads.map((r) => JSON.stringify([...(r.value as string[])].sort()));
  if (views.length === 0 || views.some((v) => v !== views[0])) return "replicas that disagree";
  const values = JSON.parse(views[0]!) as string[];
  if (values.length === 2) return "both, as siblings";
  if (values[0] === "lamp") return "only the later write";
  return values[0] === "book" ? "only the earlier write" : JSON.stringify(values);
}

function gradePredict(run: SiblingsRun, prediction: Choice): Grade {
  const saw = observed(run);
  const why = `"book" is stamped {n1: 1} and "lamp" {n3: 1}: neither vector is before the other, so neither write saw the other and the store cannot know which the shopper meant — it keeps both and lets the next read (or the application) resolve them. The 200 ms between them is invisible to version vectors, and a wall-clock store would have dropped one for good.`;
  const details = { finalReads: run.finalReads, prediction };
  if (saw === prediction) return { verdict: "pass", diagnosis: `Right: every replica holds ${saw}. ${why}`, details };
  return { verdict: "fail", diagnosis: `You predicted ${prediction}, but every replica holds ${saw}. ${why}`, hint: "Compare the two vectors entry by entry.", details };
}

export async function runPredict(ctx: RunContext, raw: unknown): Promise<Grade> {
  const { holds } = answerSchema.parse(raw);
  return runSiblingsScenario(ctx, {
    program: { kind: "sandboxed", code: replicaProgram(REFERENCE) },
    faults: FAULTS,
    script: async (put) => {
      await sleep(150);
      await put(0, "book", false);
      await sleep(200);
      await put(2, "lamp", false);
      await sleep(200);
    },
    grade: (run) => gradePredict(run, holds),
  });
}
