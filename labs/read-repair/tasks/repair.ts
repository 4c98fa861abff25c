/**
 * repair (implement): the student's `repair` decides every read in every replica of a store
 * without gossip, after partitions left the replicas stale in four different ways; graded on
 * no resurrection, convergence after a bounded number of reads, and no stale read.
 */
import { z } from "zod";
import type { LabTask, RunContext } from "@/lib/labs/types";
import { createSandbox } from "@/lib/sandbox";
import { replicaProgram, STUDENT_EXPORTS } from "../compose";
import { gradeRepair } from "../grade";
import { KEYS, READ_ROUNDS, repairPlan } from "../plan";
import { runRepairScenario } from "../scenario";

export const codeAnswer = z.object({ code: z.string({ error: "code must be the text of your TypeScript" }).min(1, "code is empty: write repair") });

const STARTER = `type Version = { n: number; by: string }; // n: the counter; by: the replica that stamped it
type Reply = { node: string; value: string | null; version: Version };

/**
 * A read's decision: which of the replies to return to the client, and which replicas
 * (by node id) the coordinator must write that value back to before it answers.
 */
export function repair(replies: Reply[]): { value: string | null; version: Version; writeBack: string[] } {
  const first = replies[0]!;
  return { value: first.value, version: first.version, writeBack: [] }; // TODO
}
`;

const quorums = READ_ROUNDS.map((q) => `[${q.join(", ")}]`).join(", then ");

export const repair: LabTask = {
  id: "repair",
  kind: "implement",
  title: "Decide the read repair",
  statement: `Three replicas \`n1\`, \`n2\`, \`n3\` keep each key as \`{ value, version }\`. A put goes through one replica, which stamps it with **version** \`{ n, by }\` — one more than the counter it holds for that key, and its own id — stores it, forwards it to the peers it can reach, and acknowledges it (W = 1). There is **no gossip and no anti-entropy**: a replica that missed a write only catches up when a read repairs it.

A read names its quorum; the first replica in it coordinates: it asks the others, calls **your** \`repair(replies)\` with the replies in quorum order, writes the value you chose back to the replicas you named, waits for their acks (the blocking write-back), and only then answers the client. A replica applies a write-back as told — it trusts its coordinator.

Versions are ordered by \`n\`, and on equal \`n\` by the larger \`by\` (\`n3\` > \`n1\`). The plan: keys ${KEYS.map((k) => `\`${k}\``).join(", ")} are written everywhere; then \`n3\` is cut off and more writes go through \`n1\` and \`n3\`; then \`n1\` and \`n2\` are cut apart too and \`n1\` takes one more. After the heal every key is read from ${quorums}. It passes when no replica ever moves backwards, every replica ends with the newest acknowledged version of every key, and no read returns a value older than a write acknowledged before it. Before you run:

1. Key \`d\`: \`n1\` and \`n2\` hold \`(2, n1)\`, \`n3\` holds \`(2, n3)\`. Two replies out of three agree — which one is newest, and what does a majority vote do to \`n3\`?
2. A value compares as a string; why can't the newest value be found by comparing values?
3. If your repair returned the newest value but wrote nothing back, which read in the plan would return an older value than one already returned — and why does writing back to the whole quorum prevent it (think of W + R > N)?`,
  answerSchema: codeAnswer,
  starter: { code: STARTER },
  timeLimitMs: 40_000,
};

export async function runRepair(ctx: RunContext, raw: unknown) {
  const { code } = codeAnswer.parse(raw);
  // Load the student's code alone first: a compile error or a missing export is theirs, in their words.
  (await createSandbox(code, { exports: STUDENT_EXPORTS })).dispose();
  return runRepairScenario(ctx, { program: { kind: "sandboxed", code: replicaProgram(code) }, steps: repairPlan(ctx.seed), grade: gradeRepair });
}
