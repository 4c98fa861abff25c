/** pn-counter (implement): a counter that also goes down, as the node program of every replica. */
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { gradeCounter } from "../grade";
import { checkStudentMerge, PN_STATE } from "../merge-check";
import { runCounterScenario } from "../scenario";
import { FAULTS } from "../settings";
import { programAnswer } from "./g-counter";

/** Deltas a client sends: mostly up, sometimes down. */
const DELTAS = [3, 2, 1, 1, -1, -2];

const STARTER = `// A counter that goes up and down. A state is { p: counts, n: counts }: what each node added,
// and what each node subtracted (both as positive numbers).
type Counts = Record<string, number>;
type Pn = { p: Counts; n: Counts };
type State = { id: string; peers: string[]; pn: Pn };
type Message = { src: string; body: { type: string; msg_id?: number; delta?: number; pn?: Pn } };

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), pn: { p: {}, n: {} } };
}

export function merge(a: Pn, b: Pn): Pn {
  return a; // TODO
}

export function handle(state: State, message: Message, now: number) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  if (message.body.type === "add") return { state, send: [reply({ type: "add_ok" })] }; // TODO
  if (message.body.type === "read") return { state, send: [reply({ type: "read_ok", value: 0 })] }; // TODO
  return { state };
}

export function tick(state: State, now: number) {
  return { state, send: [] };
}
`;

export const pnCounter: LabTask = {
  id: "pn-counter",
  kind: "implement",
  title: "Make it go down too: a PN-counter",
  statement: `The same three replicas and the same bad network, but now \`add\` carries a \`delta\` that may be negative (between −2 and 3). Every replica must end reading the exact sum of the acknowledged deltas.

Write \`init\`, \`handle\`, \`tick\` and \`merge(a, b)\` for states \`{ p: { [nodeId]: added }, n: { [nodeId]: subtracted } }\` (both positive). Before you run: your G-counter merges by taking the maximum per node. Why does that stop working the moment a node's own count can go down — which value does a peer keep after it saw 5 and then 3? And how do two G-counters avoid that?`,
  answerSchema: programAnswer,
  starter: { code: STARTER },
  timeLimitMs: 40_000,
  // A quiet machine gets several times this done (labs:verify's details.workload); a starved run, a handful.
  minimumWorkload: { answered: 20, what: "adds" },
};

export async function runPnCounter(ctx: RunContext, raw: unknown): Promise<Grade> {
  const { code } = programAnswer.parse(raw);
  const laws = await checkStudentMerge(code, PN_STATE, ctx.seed);
  return runCounterScenario(ctx, {
    program: { kind: "sandboxed", code },
    faults: FAULTS,
    delta: (random) => DELTAS[Math.floor(random() * DELTAS.length)]!,
    grade: (run) => gradeCounter(run, laws),
  });
}

