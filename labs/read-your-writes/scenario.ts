/**
 * How every read-your-writes run goes: the leader and two followers start, the links the
 * leader replicates over get their lag, and a fixed list of steps runs one at a time, each
 * after the previous one answered — writes through the leader, reads wherever the balancer
 * routes them, a follower crash, a pause — so every seed takes the same path. The balancer
 * (the student's, or the naive client) sees every reply and chooses every read's node.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Cluster, linkName } from "@/lib/cluster/cluster";
import { NodeClient } from "@/lib/cluster/node-client";
import { crash, latency } from "@/lib/faults";
import { HistoryRecorder } from "@/lib/history/recorder";
import type { History, HistoryOp } from "@/lib/history/types";
import { LabRunError } from "@/lib/labs/errors";
import { runPhases } from "@/lib/labs/phases";
import type { Grade, RunContext } from "@/lib/labs/types";
import type { Balancer, ReadReply, Session } from "./balancer";
import { LEADER, MAX_FAILED_READS, NODES, REPLY_TIMEOUT_MS, TICK_MS } from "./settings";

const PROGRAM = fileURLToPath(new URL("./programs/replicated-log.ts", import.meta.url));

export type Step =
  | { do: "write"; session: string; key: string; value: string }
  | { do: "read"; session: string; key: string }
  | { do: "crash"; node: string }
  | { do: "sleep"; ms: number };

export interface WriteDone { op: number; session: string; key: string; value: string; position: number }
export interface ReadDone extends ReadReply { op: number; session: string; minPosition?: number }
export interface ReadFailed { op: number; session: string; key: string; node: string; minPosition?: number; error: string }

export interface SessionRun {
  history: History;
  sessions: string[];
  writes: WriteDone[];
  reads: ReadDone[];
  failedReads: ReadFailed[];
  /** Nodes the lab crashed, with the history length at that moment (ops after it ran without them). */
  crashes: Array<{ node: string; atOp: number }>;
}

export interface ScenarioOptions {
  /** Follower → the lag on the leader's link to it (0: none). */
  lagMs: Record<string, number>;
  sessions: string[];
  steps: Step[];
  balancer: Balancer;
  grade: (run: SessionRun) => Grade;
}

interface System {
  cluster: Cluster;
  clients: Map<string, NodeClient>;
  recorder: HistoryRecorder;
  up: string[];
  state: Map<string, Session>;
  run: SessionRun;
}

/** The live view's counters: which reads the leader served and which the followers did. */
const readMetrics = (op: HistoryOp) => (op.f !== "read" ? { [op.f === "write" ? "writes" : op.f]: 1 } : op.type === "ok" ? { [op.node === LEADER ? "leader reads" : "follower reads"]: 1 } : { "failed reads": 1 });

export function runSessionScenario(ctx: RunContext, options: ScenarioOptions): Promise<Grade> {
  const fault = (fault: string, action: "start" | "stop", target: string, detail?: Record<string, unknown>) => ctx.emit({ kind: "fault", t: ctx.now(), fault, action, target, ...(detail ? { detail } : {}) });
  const lagged = Object.entries(options.lagMs).filter(([, ms]) => ms > 0);

  return runPhases<System, SessionRun>(ctx, {
    async startSystem(onTeardown) {
      const cluster = await Cluster.start({ nodeIds: NODES, program: { kind: "module", file: PROGRAM }, tmpDir: ctx.tmpDir, seed: ctx.seed, tickMs: TICK_MS, now: ctx.now, emit: ctx.emit, nodeDetail: (id) => ({ role: id === LEADER ? "leader" : "follower" }) });
      onTeardown(() => cluster.stop());
      const clients = new Map(NODES.map((node) => [node, new NodeClient(`c-${node}`, node, cluster.node(node).clientProxy.port)]));
      onTeardown(() => clients.forEach((c) => c.close()));
      // Lag only on the direction the leader replicates in: a follower's reads are answered at once.
      for (const [follower, latencyMs] of lagged) {
        cluster.link(LEADER, follower).add(latency({ latencyMs, direction: "upstream", seed: ctx.seed }), { name: "lag" });
        fault("latency", "start", linkName(LEADER, follower), { latencyMs });
      }
      const run: SessionRun = { history: [], sessions: options.sessions, writes: [], reads: [], failedReads: [], crashes: [] };
      const state = new Map(options.sessions.map((id) => [id, { id } as Session]));
      return { cluster, clients, recorder: new HistoryRecorder(ctx.now, ctx.emit, { metrics: readMetrics }), up: [...NODES], state, run };
    },
    async workload(sys) {
      for (const step of options.steps) {
        // A session that keeps failing would wait out every read: the first few say enough.
        if (ctx.signal.aborted || sys.run.failedReads.length >= MAX_FAILED_READS) return;
        if (step.do === "write") await write(sys, step);
        else if (step.do === "read") await read(sys, step);
        else if (step.do === "crash") await crashNode(sys, step.node);
        else await sleep(step.ms, undefined, { signal: ctx.signal });
      }
    },
    async heal(sys) {
      for (const [follower] of lagged) fault("latency", "stop", linkName(LEADER, follower));
      for (const { node } of sys.run.crashes) fault("crash", "stop", node);
      await sys.cluster.heal();
    },
    check: (sys) => ({ ...sys.run, history: sys.recorder.history }),
    grade: (run) => options.grade(run),
  });

  async function crashNode(sys: System, node: string) {
    fault("crash", "start", node);
    await crash(sys.cluster.node(node).slot.handle);
    sys.up = sys.up.filter((n) => n !== node);
    sys.run.crashes.push({ node, atOp: sys.recorder.history.length });
  }

  async function write(sys: System, step: Extract<Step, { do: "write" }>) {
    const { session, key, value } = step;
    const op = sys.recorder.history.length;
    let position = 0;
    const outcome = await sys.recorder.call({ process: options.sessions.indexOf(session), f: "write", key, value, node: LEADER }, async () => {
      const reply = await sys.clients.get(LEADER)!.request({ type: "write", key, value }, REPLY_TIMEOUT_MS);
      if (reply.type !== "write_ok") return { ok: false, definite: true, error: `${LEADER} replied ${reply.type}` };
      position = reply.position as number;
      return { ok: true, node: LEADER };
    });
    // The leader never fails in this lab: a write it did not take means the run cannot be graded.
    if (!outcome.ok) throw new LabRunError("internal", `The lab's write of ${key} = "${value}" to the leader failed: ${outcome.error}.`, "This is not your code's fault; run it again.");
    sys.run.writes.push({ op, session, key, value, position });
    sys.state.set(session, options.balancer.afterWrite(sys.state.get(session)!, { node: LEADER, key, position }));
  }

  async function read(sys: System, step: Extract<Step, { do: "read" }>) {
    const { session, key } = step;
    const route = options.balancer.routeRead(sys.state.get(session)!, [...sys.up]);
    const { node, minPosition } = route;
    const asked = minPosition === undefined ? {} : { minPosition };
    const op = sys.recorder.history.length;
    let done: ReadDone | null = null;
    await sys.recorder.call({ process: options.sessions.indexOf(session), f: "read", key, node }, async () => {
      const reply = await sys.clients.get(node)!.request({ type: "read", key, ...asked }, REPLY_TIMEOUT_MS).catch((err: Error) => ({ type: "unreachable", text: err.message }) as Record<string, unknown>);
      if (reply.type !== "read_ok") {
        const said = typeof reply.text === "string" ? reply.text : "";
        const error = reply.type === "unreachable" ? `${node} could not be reached: ${said}` : reply.type === "behind" ? `${node} answered behind: ${said}` : `${node} replied ${reply.type}: ${said}`;
        sys.run.failedReads.push({ op, session, key, node, ...asked, error });
        return { ok: false, definite: true, error };
      }
      done = { op, session, key, node, ...asked, value: (reply.value ?? null) as string | null, version: reply.version as number, position: reply.position as number };
      return { ok: true, value: done.value, node };
    });
    if (!done) return;
    const { op: _op, session: _s, minPosition: _m, ...reply } = done as ReadDone;
    sys.run.reads.push(done);
    sys.state.set(session, options.balancer.afterRead(sys.state.get(session)!, reply));
  }
}
