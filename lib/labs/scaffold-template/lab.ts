/**
 * __LAB_TITLE__ — scaffolded by `npm run new:lab`: the smallest complete lab on the kit
 * (docs/LABS.md). Three node processes run the student's counter (lib/cluster: each node
 * runs their TypeScript in its own sandbox; every link goes through a fault proxy); clients
 * add through every node while node n3 is cut off from the others; the cluster heals and
 * quiets; every node is read; the counter checker grades: every acknowledged add counted
 * exactly once, on every node. Replace the protocol, the tasks and the solutions; keep the shape.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { checkCounter, type CounterResult } from "@/lib/checkers";
import { Cluster } from "@/lib/cluster/cluster";
import { NodeClient } from "@/lib/cluster/node-client";
import { runFaultSchedule } from "@/lib/faults/run-fault-schedule";
import type { FaultSchedule } from "@/lib/faults/schedule";
import { HistoryRecorder } from "@/lib/history/recorder";
import { runClientLoops } from "@/lib/labs/clients";
import { defineLab } from "@/lib/labs/define";
import { runPhases } from "@/lib/labs/phases";
import { createRng } from "@/lib/labs/rng";
import type { Grade, RunContext } from "@/lib/labs/types";

const NODES = ["n1", "n2", "n3"];
const WORKLOAD_MS = 1_500;
const REPLY_TIMEOUT_MS = 500;
/** n3 is cut off from n1 and n2 (clients still reach it) for the middle of the workload. */
const FAULTS: FaultSchedule = [
  { at: 300, fault: "partition", target: "n3→n1", duration: 600, params: { direction: "both" } },
  { at: 300, fault: "partition", target: "n1→n3", duration: 600, params: { direction: "both" } },
  { at: 300, fault: "partition", target: "n3→n2", duration: 600, params: { direction: "both" } },
  { at: 300, fault: "partition", target: "n2→n3", duration: 600, params: { direction: "both" } },
];

const answerSchema = z.object({ code: z.string().min(1, "code is empty: write init, handle and tick") });

const STARTER = `// A node of a replicated counter. The runtime calls these with JSON values and sends
// what you return; keep everything in \`state\`.
type State = { id: string; peers: string[] };
type Message = { src: string; body: { type: string; msg_id?: number; delta?: number } };

export function init(node: { id: string; nodeIds: string[]; recovered: unknown }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id) };
}

export function handle(state: State, message: Message, now: number) {
  // "add" {delta} → reply "add_ok"; "read" → reply "read_ok" {value}; and your own messages.
  return { state, send: [{ dest: message.src, body: { type: "add_ok", in_reply_to: message.body.msg_id } }] };
}

export function tick(state: State, now: number) {
  return { state, send: [] };
}
`;

interface System {
  cluster: Cluster;
  clients: NodeClient[];
  recorder: HistoryRecorder;
  faults: { stop: AbortController; done: Promise<unknown> | null };
  finalReads: Record<string, unknown>;
}

function run(ctx: RunContext, code: string): Promise<Grade> {
  return runPhases<System, CounterResult>(ctx, {
    async startSystem(onTeardown) {
      const cluster = await Cluster.start({ nodeIds: NODES, program: { kind: "sandboxed", code }, tmpDir: ctx.tmpDir, seed: ctx.seed, tickMs: 50, now: ctx.now, emit: ctx.emit });
      onTeardown(() => cluster.stop());
      const clients = NODES.map((node, i) => new NodeClient(`c${i}`, node, cluster.node(node).clientProxy.port));
      onTeardown(() => clients.forEach((c) => c.close()));
      return { cluster, clients, recorder: new HistoryRecorder(ctx.now, ctx.emit), faults: { stop: new AbortController(), done: null }, finalReads: {} };
    },
    async workload(sys) {
      const rng = createRng(ctx.seed);
      sys.faults.done = runFaultSchedule(FAULTS, sys.cluster.targets(), { signal: sys.faults.stop.signal, emit: ctx.emit, now: ctx.now, seed: ctx.seed });
      await runClientLoops({
        clients: sys.clients.length,
        randomFor: (process) => rng.fork(`client-${process}`).next,
        maxThinkMs: 40,
        until: sleep(WORKLOAD_MS, undefined, { signal: ctx.signal }).catch(() => undefined),
        signal: ctx.signal,
        step: async (process) => {
          await sys.recorder.call({ process, f: "add", value: 1 }, async () => {
            const reply = await sys.clients[process]!.request({ type: "add", delta: 1 }, REPLY_TIMEOUT_MS);
            return reply.type === "add_ok" ? { ok: true } : { ok: false, definite: true, error: `replied ${reply.type}` };
          });
        },
      });
    },
    async heal(sys) {
      sys.faults.stop.abort();
      await sys.faults.done;
      await sys.cluster.heal();
    },
    // Gossip needs a few ticks to carry every add everywhere once the links are back.
    quiesce: () => sleep(600, undefined, { signal: ctx.signal }),
    async finalReads(sys) {
      for (const [i, node] of NODES.entries()) {
        const reply = await sys.clients[i]!.request({ type: "read" }, REPLY_TIMEOUT_MS).catch(() => null);
        sys.finalReads[node] = reply?.type === "read_ok" ? reply.value : undefined;
      }
    },
    check: (sys) => checkCounter(sys.recorder.history, { finalReads: sys.finalReads }),
    grade: (result, sys) => {
      const errors = sys.cluster.errors.slice(0, 2).map((e) => `${e.node}: ${e.where}: ${e.message}`);
      if (result.verdict === "ok") return { verdict: "pass", diagnosis: `Every node counts ${result.finalRange.min}: each acknowledged add exactly once, through the partition.` };
      return {
        verdict: "fail",
        diagnosis: `${result.message}${errors.length ? ` Your program reported: ${errors.join("; ")}` : ""}`,
        hint: "Each node may only count its own adds; merging what others tell it must not count anything twice (gossip repeats).",
        details: { finalReads: sys.finalReads, acknowledged: result.acknowledged.length },
      };
    },
  });
}

export default defineLab({
  id: "__LAB_ID__",
  title: "__LAB_TITLE__",
  summary: "TODO: one sentence on what the student breaks and learns.",
  chapter: "__CHAPTER__",
  tasks: [
    {
      id: "implement",
      kind: "implement",
      title: "Write a replicated counter",
      statement: `Write the node program of a counter replicated on ${NODES.length} nodes: \`add\` {delta} replies \`add_ok\`, \`read\` replies \`read_ok\` {value}. Part of the time n3 cannot talk to the others. After the partition heals, every node must read the sum of every acknowledged add — none lost, none counted twice.`,
      answerSchema,
      starter: { code: STARTER },
      timeLimitMs: 30_000,
    },
  ],
  run: (ctx, _taskId, answer) => run(ctx, answerSchema.parse(answer).code),
});
