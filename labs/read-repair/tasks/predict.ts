/**
 * predict: the chapter's figure, run for real. A write of v2 reaches only n1; after the heal
 * reader 1 reads {n1, n2}, then reader 2 reads {n2, n3}, with the reference repair. What does
 * reader 2 return, and who holds v2 afterwards? The steps are fixed, so the outcome follows
 * from quorum overlap and the blocking write-back, not from luck.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { predictVerdictTable } from "@/lib/labs/tasks/predict-task";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { replicaProgram } from "../compose";
import { runRepairScenario, type RepairRun, type Step } from "../scenario";
import { NODES } from "../settings";

const REFERENCE = readFileSync(fileURLToPath(new URL("../solutions/repair/reference.ts", import.meta.url)), "utf8");
const READER2 = ["v1", "v2"] as const;
const HOLDERS = ["n1 only", "n1 and n2", "n1, n2 and n3"] as const;
type Prediction = { reader2: (typeof READER2)[number]; holdV2: (typeof HOLDERS)[number] };
const RIGHT: Prediction = { reader2: "v2", holdV2: "n1, n2 and n3" };

const answerSchema = z.object({
  reader2: z.enum(READER2).describe("What does reader 2 return?"),
  holdV2: z.enum(HOLDERS).describe("After both reads, which replicas hold v2?"),
});

const STEPS: Step[] = [
  { do: "put", via: "n1", key: "x", value: "v1", reaches: NODES },
  { do: "cut", a: "n1", b: "n2" },
  { do: "cut", a: "n1", b: "n3" },
  { do: "put", via: "n1", key: "x", value: "v2", reaches: ["n1"] },
  { do: "heal" },
  { do: "read", key: "x", quorum: ["n1", "n2"] },
  { do: "read", key: "x", quorum: ["n2", "n3"] },
];

export const predict: LabTask = {
  id: "predict",
  kind: "predict",
  title: "Predict: a value seen, then un-seen?",
  statement: `The chapter's example, on the store of this lab: N = 3, no gossip, and a read repair that returns the newest of its replies and writes it back to every replica in its quorum that sent an older one, **before** answering. Every replica holds \`x = "v1"\`. Then \`n1\` is cut off from \`n2\` and \`n3\`, and a client writes \`x = "v2"\` through \`n1\`: only \`n1\` takes it, and it is acknowledged (W = 1). The partition heals. **Reader 1** reads \`x\` from \`{n1, n2}\`; after it has its answer, **reader 2** reads \`x\` from \`{n2, n3}\`.

**Predict before you run:** what does reader 2 return, and which replicas hold \`v2\` once both reads are done? Then: what would reader 2 have returned if the write-back were lazy and had not reached \`n2\` yet, and why does the answer not depend on \`n3\` ever having seen the write?`,
  answerSchema,
  starter: { reader2: "v1", holdV2: "n1 and n2" },
  timeLimitMs: 30_000,
  verdictTable: () =>
    predictVerdictTable(READER2.flatMap((reader2) => HOLDERS.map((holdV2) => ({ name: `${reader2}; ${holdV2}`, answer: { reader2, holdV2 }, right: reader2 === RIGHT.reader2 && holdV2 === RIGHT.holdV2, wrongIncludes: `You predicted ${show({ reader2, holdV2 })}` })))),
};

function show(p: Prediction): string {
  return `reader 2 returns "${p.reader2}" and ${p.holdV2} hold${p.holdV2 === "n1 only" ? "s" : ""} v2`;
}

function observed(run: RepairRun): string {
  const reader2 = run.reads[1]?.value ?? "nothing (the read failed)";
  const holders = NODES.filter((n) => run.finals[n]?.x?.value === "v2");
  const holdV2 = holders.length === 1 && holders[0] === "n1" ? "n1 only" : holders.length === 2 && !holders.includes("n3") ? "n1 and n2" : holders.length === 3 ? "n1, n2 and n3" : holders.join(", ") || "none";
  return show({ reader2: reader2 as Prediction["reader2"], holdV2: holdV2 as Prediction["holdV2"] });
}

function gradePredict(run: RepairRun, prediction: Prediction): Grade {
  const saw = observed(run);
  const why = `Reader 1 saw v2 on n1 and v1 on n2, returned v2 and wrote it back to n2 before answering, so v2 was then on two replicas — a write quorum. Any two replicas out of three overlap with those two, so reader 2's quorum {n2, n3} met n2, saw v2, returned it and repaired n3. Had the write-back been lazy, reader 2 could have met two replicas still holding v1 and returned it after reader 1 had returned v2: a value seen, then un-seen.`;
  const details = { finals: run.finals, reads: run.reads, prediction };
  if (saw === show(prediction)) return { verdict: "pass", diagnosis: `Right: ${saw}. ${why}`, details };
  return { verdict: "fail", diagnosis: `You predicted ${show(prediction)}, but ${saw}. ${why}`, hint: "Follow reader 1's write-back: where is v2 when reader 2 starts?", details };
}

export async function runPredict(ctx: RunContext, raw: unknown): Promise<Grade> {
  const prediction = answerSchema.parse(raw);
  return runRepairScenario(ctx, { program: { kind: "sandboxed", code: replicaProgram(REFERENCE) }, steps: STEPS, grade: (run) => gradePredict(run, prediction) });
}
