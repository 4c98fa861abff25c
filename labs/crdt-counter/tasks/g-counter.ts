/** g-counter (implement): the student's G-counter runs as the node program of every replica. */
import { z } from "zod";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { gradeCounter } from "../grade";
import { checkStudentMerge, G_STATE } from "../merge-check";
import { runCounterScenario } from "../scenario";
import { FAULTS, NODES, TICK_MS, WORKLOAD_MS } from "../settings";

export const programAnswer = z.object({ code: z.string({ error: "code must be the text of your TypeScript" }).min(1, "code is empty: write init, handle, tick and merge") });

const STARTER = `// One replica of a counter. The runtime calls these with JSON values and sends what you
// return: { state, send?: [{ dest, body }] }. Keep everything in \`state\`.
type Counts = Record<string, number>; // node id → that node's count
type State = { id: string; peers: string[]; counts: Counts };
type Message = { src: string; body: { type: string; msg_id?: number; delta?: number; counts?: Counts } };

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), counts: {} };
}

/** Two counter states in, one out: what a replica keeps when it learns another's state. */
export function merge(a: Counts, b: Counts): Counts {
  return a; // TODO
}

export function handle(state: State, message: Message, now: number) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  switch (message.body.type) {
    case "add": // TODO: count it
      return { state, send: [reply({ type: "add_ok" })] };
    case "read": // TODO: the counter's value
      return { state, send: [reply({ type: "read_ok", value: 0 })] };
    default: // messages between replicas: yours to design
      return { state };
  }
}

/** Every ${TICK_MS} ms. */
export function tick(state: State, now: number) {
  return { state, send: [] };
}
`;

export const gCounter: LabTask = {
  id: "g-counter",
  kind: "implement",
  title: "Write a G-counter that survives a bad network",
  statement: `Three replicas, \`${NODES.join("`, `")}\`, each run **your program**. Clients send \`add\` (\`delta\` is always 1) and \`read\` to any replica; a replica answers at once from what it knows and tells the others in messages you design. For the ${WORKLOAD_MS} ms of the workload every link **duplicates and reorders** messages, and from 300 ms on **n3 is cut off** from the other two (clients still reach it). Then the network heals and every replica is read.

It passes when every replica reads exactly the number of acknowledged adds — none lost, none counted twice — and your \`merge\` is commutative, associative and idempotent (it is also checked on generated states, not only on this run's).

Write \`init\`, \`handle\`, \`tick\` and \`merge(a, b)\`, where a counter state is \`{ [nodeId]: count }\`. Before you run, answer for yourself:

1. n1 gossips its state twice and n2 merges both copies. What must \`merge\` do so the second copy changes nothing?
2. During the partition n1 takes 4 adds and n3 takes 3. Why can no single number per replica be merged into 7 afterwards?
3. Which message may arrive after a newer one from the same replica, and why is that harmless for your merge?`,
  answerSchema: programAnswer,
  starter: { code: STARTER },
  timeLimitMs: 40_000,
  // A quiet machine gets several times this done (labs:verify's details.workload); a starved run, a handful.
  minimumWorkload: { answered: 20, what: "adds" },
};

export async function runGCounter(ctx: RunContext, raw: unknown): Promise<Grade> {
  const { code } = programAnswer.parse(raw);
  const laws = await checkStudentMerge(code, G_STATE, ctx.seed);
  return runCounterScenario(ctx, { program: { kind: "sandboxed", code }, faults: FAULTS, delta: () => 1, grade: (run) => gradeCounter(run, laws) });
}
