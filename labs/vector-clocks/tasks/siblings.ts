/**
 * siblings (implement): the student's `compare` and `mergeSiblings` run inside every replica
 * of a Dynamo-style store; graded on concurrent writes kept as siblings and none lost, with
 * no false siblings.
 */
import { z } from "zod";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { createSandbox } from "@/lib/sandbox";
import { replicaProgram, STUDENT_EXPORTS } from "../compose";
import { gradeSiblings } from "../grade";
import { runSiblingsScenario } from "../scenario";
import { FAULTS, KEY, NODES, WORKLOAD_MS } from "../settings";

export const codeAnswer = z.object({ code: z.string({ error: "code must be the text of your TypeScript" }).min(1, "code is empty: write compare and mergeSiblings") });

const STARTER = `type Vector = Record<string, number>; // replica id → counter
type Sibling = { value: string; vv: Vector };

/** How the write stamped \`a\` relates to the write stamped \`b\`. */
export function compare(a: Vector, b: Vector): "before" | "after" | "equal" | "concurrent" {
  return "concurrent"; // TODO
}

/** A key's siblings after \`incoming\` arrives (a client's put, or a replica's gossip). */
export function mergeSiblings(siblings: Sibling[], incoming: Sibling): Sibling[] {
  return [incoming]; // TODO: this is last-writer-wins
}
`;

export const siblings: LabTask = {
  id: "siblings",
  kind: "implement",
  title: "Keep concurrent writes as siblings",
  statement: `Three replicas \`${NODES.join("`, `")}\` store one key, \`${KEY}\`, as a list of **siblings** \`{ value, vv }\`, each stamped with a version vector. Clients read the key and write back, sending what they read as their context: the replica stamps the new write with that context's vector plus its own next counter. Replicas gossip their siblings; for the middle of the ${WORKLOAD_MS} ms workload n3 is cut off, and gossip is reordered throughout.

The store is the lab's; it calls **your** two functions on every put and every gossip message, in every replica:

- \`compare(a, b)\` → \`"before"\` | \`"after"\` | \`"equal"\` | \`"concurrent"\`
- \`mergeSiblings(siblings, incoming)\` → the key's new list of siblings

It passes when every replica ends with the same siblings: every acknowledged write that was concurrent with another is still there, and no write that a later write had read (and so replaced) comes back. Before you run:

1. n1 holds \`{n1: 2}\`; gossip brings \`{n1: 1}\`. What must happen to the incoming sibling, and why does reordered gossip make this case common?
2. A client read \`{n1: 2}\` and \`{n3: 1}\` and wrote back on n2. Which vector does the new write get, and which siblings does it replace?
3. Why is \`{n1: 3}\` vs \`{n1: 2, n3: 1}\` concurrent, although 3 > 2?`,
  answerSchema: codeAnswer,
  starter: { code: STARTER },
  timeLimitMs: 40_000,
  // A quiet machine gets several times this done (labs:verify's details.workload); a starved run, a handful.
  minimumWorkload: { answered: 25, what: "operations" },
};

export async function runSiblings(ctx: RunContext, raw: unknown): Promise<Grade> {
  const { code } = codeAnswer.parse(raw);
  // Load the student's code alone first: a compile error or a missing export is theirs, in their words.
  (await createSandbox(code, { exports: STUDENT_EXPORTS })).dispose();
  return runSiblingsScenario(ctx, { program: { kind: "sandboxed", code: replicaProgram(code) }, faults: FAULTS, grade: gradeSiblings });
}
