/**
 * configure-n: how many replicas for f = 1 traitor, with the reference vote (f + 1 different
 * replicas must agree), while one honest replica is too slow for any read. Fewer than 3f + 1
 * and reads cannot decide; more works but costs replicas the requirement does not need.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Grade, LabTask, RunContext, VerdictCase } from "@/lib/labs/types";
import { gradeVote } from "../grade";
import { runByzantineScenario, type ByzantineRun } from "../scenario";
import { loadVote, sandboxedVote } from "../sandboxed-vote";
import { F, READ_DEADLINE_MS } from "../settings";

const REFERENCE_VOTE = readFileSync(fileURLToPath(new URL("../solutions/vote/reference.ts", import.meta.url)), "utf8");
const MAX_N = 7;
const NEEDED = 3 * F + 1;

const answerSchema = z.object({
  n: z.number().int().min(1).max(MAX_N).describe(`How many replicas (1–${MAX_N})`),
});

export const configureN: LabTask = {
  id: "configure-n",
  kind: "configure",
  title: "How many replicas for one traitor?",
  statement: `The same register as in the vote task: a trusted writer writes each version to every replica and waits for all of them; readers ask every replica and use a vote that accepts a value once **f + 1 = ${F + 1} different replicas** sent the same value and version. At most **f = ${F}** replica is a traitor, which lies and answers twice. The network is asynchronous: during reads one honest replica is slower than any read can wait (${READ_DEADLINE_MS} ms), so a read must decide without it — from a client's side, a slow replica and a silent traitor look the same.

Choose **n**, the number of replicas: **the fewest** with which no read returns a value no honest replica holds and every read decides in time. Before you run: a read can wait for only n − f replies; how many of those can be lies, and how many honest ones must agree?`,
  answerSchema,
  starter: { n: 3 },
  timeLimitMs: 40_000,
  verdictTable: (): VerdictCase[] =>
    Array.from({ length: MAX_N }, (_, i) => i + 1).map((n) => ({
      name: `n=${n}`,
      answer: { n },
      expected: n === NEEDED ? { verdict: "pass" } : { verdict: "fail", diagnosisIncludes: n < NEEDED ? "Unavailable" : "more replicas than needed" },
      why: n < NEEDED ? `n − 2f = ${n - 2 * F} honest replies in time, fewer than f + 1` : n === NEEDED ? "3f + 1" : "works, but 3f + 1 would do",
    })),
};

function gradeConfigure(run: ByzantineRun): Grade {
  const grade = gradeVote(run);
  if (grade.verdict !== "pass" || run.n === NEEDED) return grade;
  return {
    verdict: "fail",
    diagnosis: `Safe and available — but with more replicas than needed: ${run.n} replicas, when ${NEEDED} would do. ${grade.diagnosis}`,
    hint: `A read waits for n − f replies; f of them may be lies, so n − 2f must be at least f + 1. What is the smallest such n?`,
    details: grade.details,
  };
}

export async function runConfigureN(ctx: RunContext, raw: unknown): Promise<Grade> {
  const { n } = answerSchema.parse(raw);
  const box = await loadVote(REFERENCE_VOTE);
  try {
    return await runByzantineScenario(ctx, { n, vote: sandboxedVote(box), grade: gradeConfigure });
  } finally {
    box.dispose();
  }
}
