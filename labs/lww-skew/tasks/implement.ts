/** implement: the student's last-write-wins store runs as the node program of every replica. */
import { z } from "zod";
import type { Grade, LabTask, RunContext } from "@/lib/labs/types";
import { gradeStore } from "../grade";
import { checkProgramLoads } from "../load-check";
import { runStoreScenario } from "../scenario";
import { NODES, SKEW_MS, SKEWED_NODE, TICK_MS } from "../settings";
import { HANDOVER_PAUSE_MS, KEYS, N1_WRITES, planWrites } from "../workload";

const programAnswer = z.object({ code: z.string({ error: "code must be the text of your TypeScript" }).min(1, "code is empty: write init, handle and tick") });

const STARTER = `// One replica of a last-write-wins key-value store. The runtime calls these with JSON values
// and sends what you return: { state, send?: [{ dest, body }] }. Keep everything in \`state\`.
// \`now\` is this replica's own wall clock in ms — and n1's runs ahead. Run this first.
type Entry = { value: string; ts: number; node: string };
type Store = Record<string, Entry>;
type State = { id: string; peers: string[]; store: Store };
type Message = { src: string; body: { type: string; msg_id?: number; key?: string; value?: string; store?: Store } };

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), store: {} };
}

/** Last write wins: keep the entry with the later stamp. */
function keep(store: Store, key: string, entry: Entry): Store {
  const current = store[key];
  return !current || entry.ts > current.ts ? { ...store, [key]: entry } : store;
}

export function handle(state: State, message: Message, now: number) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  const key = message.body.key ?? "";
  switch (message.body.type) {
    case "put": {
      const store = keep(state.store, key, { value: message.body.value ?? "", ts: now, node: state.id });
      return { state: { ...state, store }, send: [reply({ type: "put_ok" })] };
    }
    case "get":
      return { state, send: [reply({ type: "get_ok", value: state.store[key]?.value ?? null })] };
    case "gossip": {
      let store = state.store;
      for (const [k, entry] of Object.entries(message.body.store ?? {})) store = keep(store, k, entry);
      return { state: { ...state, store } };
    }
    default:
      return { state };
  }
}

/** Every ${TICK_MS} ms: tell the other replicas everything we hold. */
export function tick(state: State, now: number) {
  return { state, send: state.peers.map((dest) => ({ dest, body: { type: "gossip", store: state.store } })) };
}
`;

export const implement: LabTask = {
  id: "implement",
  kind: "implement",
  title: "Keep every acknowledged write, whatever the clocks say",
  statement: `Three replicas, \`${NODES.join("`, `")}\`, each run **your program**: a key-value store that settles conflicts by last write wins. Clients send \`put\` (\`key\`, \`value\`) and \`get\` (\`key\`) to any replica; a replica answers at once — \`put_ok\`, or \`get_ok\` with the value (\`null\` for a key never written) — and tells the others in messages you design. \`now\` (in \`handle\` and \`tick\`) is the replica's own wall clock, and **${SKEWED_NODE}'s runs ${SKEW_MS} ms ahead** for the whole workload.

The workload writes ${KEYS.map((k) => `\`${k}\``).join(" and ")} one write at a time: c0 writes a key ${N1_WRITES} times through ${SKEWED_NODE}, then c1 and c2 take turns through n2 and n3. Each write is sent at least ${HANDOVER_PAUSE_MS.min} ms after the previous write to its key was acknowledged — long enough for gossip (every ${TICK_MS} ms tick) to reach every replica — so every write is newer than the one before it both in real time and in what its replica has heard. Then the clock is set right, the replicas settle, and every replica is asked for every key.

It passes when every replica reads the **last acknowledged write** of each key: the lost-writes checker finds no acknowledged put that the final reads do not reflect. The starter timestamps each write with \`now\`; run it first and look at the write it loses.

Before you change it, answer for yourself:

1. c0's put of \`x\` through ${SKEWED_NODE} is acknowledged; ${HANDOVER_PAUSE_MS.min} ms later n2 stamps c1's put of \`x\`. Under the starter, which timestamp is higher, by about how much — and why does no client ever see an error?
2. When n2 stamps c1's write, what does it know that its wall clock does not tell it? Which timestamp could it choose that is sure to beat every write it has heard of?
3. Two writes carry the same timestamp. What must every replica do so they still agree, and why is "as high as the highest I have seen" not enough for a write that comes after it?`,
  answerSchema: programAnswer,
  starter: { code: STARTER },
  timeLimitMs: 40_000,
};

export async function runImplement(ctx: RunContext, raw: unknown): Promise<Grade> {
  const { code } = programAnswer.parse(raw);
  await checkProgramLoads(code);
  return runStoreScenario(ctx, { program: { kind: "sandboxed", code }, keys: KEYS, writes: planWrites(ctx.seed), grade: gradeStore });
}
