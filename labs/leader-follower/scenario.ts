/**
 * How every leader-follower run goes: n1 leads n2 and n3 in the replication mode under test,
 * and a fixed list of steps runs one at a time — one client writing sequentially, a follower's
 * link slowed, links cut, the lab waiting for the followers to catch up — each after the
 * previous one finished, so every seed takes the same path. The run ends with a failover:
 * the leader is killed right after its last answer, the network heals, the follower with the
 * highest log position is promoted, and every write is read back from it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Cluster } from "@/lib/cluster/cluster";
import { NodeClient } from "@/lib/cluster/node-client";
import { crash } from "@/lib/faults";
import { latency } from "@/lib/faults/toxics/latency";
import { HistoryRecorder } from "@/lib/history/recorder";
import type { History, HistoryOp } from "@/lib/history/types";
import { LabRunError } from "@/lib/labs/errors";
import { runPhases } from "@/lib/labs/phases";
import type { Grade, RunContext } from "@/lib/labs/types";
import type { ReplicationMode } from "./programs/replica";
import { CLIENT_TIMEOUT_MS, FOLLOWERS, LEADER, NODES, SETTLE_WITHIN_MS, SLOW_LINK_MS, TICK_MS } from "./settings";

const PROGRAM = fileURLToPath(new URL("./programs/replica.ts", import.meta.url));
const WRITER = 0;
const READER = 1;

export type Step =
  /** The writes that follow belong to this phase (graded per phase). */
  | { do: "phase"; id: string; label: string }
  | { do: "write"; count: number }
  /** Every entry the leader ships over the link from→to arrives SLOW_LINK_MS late. */
  | { do: "slow"; from: string; to: string }
  | { do: "cut"; a: string; b: string }
  /** Wait until every follower has answered and confirmed the leader's whole log (links must be up). */
  | { do: "settle" }
  /** Kill the leader, heal, promote the most up-to-date follower, read every write from it. */
  | { do: "failover" };

export interface WriteDone {
  /** 1, 2, …: the client's write number (also its key's suffix). */
  n: number;
  key: string;
  value: string;
  phase: string;
  /** Its invoke's index in the history. */
  op: number;
  ms: number;
  outcome: "acknowledged" | "refused" | "timed out";
  /** For an acknowledged write: which followers had confirmed its position when the leader said ok. */
  confirmedBy: string[];
  fellBack: boolean;
  error?: string;
}

export interface Failover {
  crashed: string;
  /** Follower → the log position it had applied when the leader died. */
  applied: Record<string, number>;
  promoted: string;
  /** Key → what the new leader returned (null: it has no such write). */
  reads: Record<string, string | null>;
}

export interface LeaderRun {
  history: History;
  mode: ReplicationMode;
  phases: Array<{ id: string; label: string }>;
  writes: WriteDone[];
  failover: Failover | null;
}

interface System {
  cluster: Cluster;
  writer: NodeClient;
  recorder: HistoryRecorder;
  /** What is left to heal, by fault target ("n1→n3", "n1↔n2"). */
  heals: Map<string, () => void>;
  run: LeaderRun;
}

const writeMetrics = (op: HistoryOp): Record<string, number> | null => (op.f !== "write" ? null : op.type === "ok" ? { acknowledged: 1 } : { "not acknowledged": 1 });

export function runLeaderScenario(ctx: RunContext, options: { mode: ReplicationMode; steps: Step[]; grade: (run: LeaderRun) => Grade }): Promise<Grade> {
  let phase = "";
  const fault = (fault: string, action: "start" | "stop", target: string, detail?: Record<string, unknown>) =>
    ctx.emit({ kind: "fault", t: ctx.now(), fault, action, target, ...(detail ? { detail } : {}) });
  const log = (message: string) => ctx.emit({ kind: "log", t: ctx.now(), level: "info", message });

  return runPhases<System, LeaderRun>(ctx, {
    async startSystem(onTeardown) {
      const cluster = await Cluster.start({
        nodeIds: NODES,
        program: { kind: "module", file: PROGRAM },
        tmpDir: ctx.tmpDir,
        seed: ctx.seed,
        tickMs: TICK_MS,
        now: ctx.now,
        emit: ctx.emit,
        nodeDetail: (id) => ({ value: id === LEADER ? "leader" : "follower", version: 0 }),
      });
      onTeardown(() => cluster.stop());
      const writer = new NodeClient(`c${WRITER}`, LEADER, cluster.node(LEADER).clientProxy.port);
      onTeardown(() => writer.close());
      const reply = await writer.request({ type: "configure", ...options.mode }, CLIENT_TIMEOUT_MS);
      if (reply.type !== "configure_ok") throw new Error(`${LEADER} did not take its configuration: ${reply.type}`);
      const run: LeaderRun = { history: [], mode: options.mode, phases: [], writes: [], failover: null };
      const sys: System = { cluster, writer, recorder: new HistoryRecorder(ctx.now, ctx.emit, { metrics: writeMetrics }), heals: new Map(), run };
      await settle(sys);
      return sys;
    },
    async workload(sys) {
      for (const step of options.steps) {
        if (ctx.signal.aborted) return;
        if (step.do === "phase") {
          phase = step.id;
          sys.run.phases.push({ id: step.id, label: step.label });
          log(`Phase: ${step.label}`);
        } else if (step.do === "write") for (let i = 0; i < step.count; i++) await write(sys);
        else if (step.do === "slow") slow(sys, step.from, step.to);
        else if (step.do === "cut") cut(sys, step.a, step.b);
        else if (step.do === "settle") await settle(sys);
        else await failover(sys);
      }
    },
    heal: async (sys) => heal(sys),
    check: (sys) => ({ ...sys.run, history: sys.recorder.history }),
    grade: (run) => options.grade(run),
  });

  async function write(sys: System) {
    const n = sys.run.writes.length + 1;
    const key = `k${n}`;
    const value = `v${n}`;
    const op = sys.recorder.history.length;
    const started = ctx.now();
    const done: WriteDone = { n, key, value, phase, op, ms: 0, outcome: "timed out", confirmedBy: [], fellBack: false };
    await sys.recorder.call({ process: WRITER, f: "write", key, value, node: LEADER }, async () => {
      const reply = await sys.writer.request({ type: "write", key, value }, CLIENT_TIMEOUT_MS);
      if (reply.type !== "write_ok") {
        done.outcome = "refused";
        done.error = typeof reply.text === "string" ? reply.text : `${LEADER} replied ${reply.type}`;
        // The entry is in the leader's log: it may yet survive, so the outcome is unknown, not failed.
        return { ok: false, definite: false, error: done.error };
      }
      done.outcome = "acknowledged";
      done.confirmedBy = (reply.confirmedBy ?? []) as string[];
      done.fellBack = reply.fellBack === true;
      return { ok: true, node: LEADER };
    });
    done.ms = Math.round(ctx.now() - started);
    if (done.outcome === "timed out") done.error = `no answer within ${CLIENT_TIMEOUT_MS} ms`;
    const before = sys.run.writes[sys.run.writes.length - 1];
    if (done.fellBack && !before?.fellBack) log(`${LEADER} fell back to asynchronous replication: it acknowledged write ${n} with no follower's confirmation.`);
    sys.run.writes.push(done);
  }

  function slow(sys: System, from: string, to: string) {
    const target = `${from}→${to}`;
    const name = `slow-${target}`;
    sys.cluster.link(from, to).add(latency({ latencyMs: SLOW_LINK_MS, direction: "upstream" }), { name });
    fault("latency", "start", target, { latencyMs: SLOW_LINK_MS });
    sys.heals.set(target, () => {
      sys.cluster.link(from, to).remove(name);
      fault("latency", "stop", target);
    });
  }

  function cut(sys: System, a: string, b: string) {
    // A cut link is no longer slow: otherwise the slow link would hold entries sent into the
    // cut and release them when the faults end, after the leader is dead.
    for (const slowed of [`${a}→${b}`, `${b}→${a}`]) healOne(sys, slowed);
    const target = `${a}↔${b}`;
    fault("partition", "start", target);
    const healLinks = sys.cluster.partition(a, b);
    sys.heals.set(target, () => {
      healLinks();
      fault("partition", "stop", target);
    });
  }

  function healOne(sys: System, target: string) {
    sys.heals.get(target)?.();
    sys.heals.delete(target);
  }

  function heal(sys: System) {
    for (const target of [...sys.heals.keys()]) healOne(sys, target);
  }

  async function status(sys: System, node: string): Promise<{ applied: number; confirmed: Record<string, number>; heard: string[] } | null> {
    const client = new NodeClient(`c${READER}`, node, sys.cluster.node(node).clientProxy.port);
    try {
      const reply = await client.request({ type: "status" }, CLIENT_TIMEOUT_MS);
      return reply.type === "status_ok" ? { applied: Number(reply.applied), confirmed: (reply.confirmed ?? {}) as Record<string, number>, heard: (reply.heard ?? []) as string[] } : null;
    } catch {
      return null;
    } finally {
      client.close();
    }
  }

  async function settle(sys: System) {
    const deadline = ctx.now() + SETTLE_WITHIN_MS;
    while (ctx.now() < deadline) {
      const leader = await status(sys, LEADER);
      if (leader && FOLLOWERS.every((f) => leader.heard.includes(f) && (leader.confirmed[f] ?? 0) >= leader.applied)) return;
      await sleep(TICK_MS, undefined, { signal: ctx.signal });
    }
    throw new LabRunError("internal", `The followers did not catch up with ${LEADER} within ${SETTLE_WITHIN_MS} ms while every link was up.`, "This is not your answer's fault; run it again.");
  }

  async function failover(sys: System) {
    const exit = await crash(sys.cluster.node(LEADER).slot.handle);
    fault("crash", "start", LEADER);
    if (!exit) throw new LabRunError("internal", `${LEADER} did not die when killed.`, "This is not your answer's fault; run it again.");
    heal(sys);
    const applied: Record<string, number> = {};
    for (const f of FOLLOWERS) applied[f] = (await status(sys, f))?.applied ?? -1;
    // The most up-to-date follower; on a tie the first (every follower then holds the same log).
    const promoted = FOLLOWERS.reduce((best, f) => (applied[f]! > applied[best]! ? f : best));
    const others = FOLLOWERS.filter((f) => f !== promoted);
    const client = new NodeClient(`c${READER}`, promoted, sys.cluster.node(promoted).clientProxy.port);
    try {
      const reply = await client.request({ type: "promote", followers: others }, CLIENT_TIMEOUT_MS);
      if (reply.type !== "promote_ok") throw new LabRunError("internal", `${promoted} did not take its promotion: ${reply.type}.`, "Run it again.");
      ctx.emit({ kind: "state", t: ctx.now(), subject: promoted, state: "up", detail: { value: "leader", version: applied[promoted] } });
      log(`Failover: ${LEADER} is dead; ${promoted} (log position ${applied[promoted]}, ${others.map((o) => `${o} at ${applied[o]}`).join(", ")}) is promoted.`);
      const reads: Record<string, string | null> = {};
      for (const w of sys.run.writes) {
        await sys.recorder.call({ process: READER, f: "read", key: w.key, node: promoted }, async () => {
          const r = await client.request({ type: "read", key: w.key }, CLIENT_TIMEOUT_MS);
          if (r.type !== "read_ok") return { ok: false, definite: true, error: `${promoted} replied ${r.type}` };
          reads[w.key] = (r.value ?? null) as string | null;
          return { ok: true, value: reads[w.key], node: promoted };
        });
      }
      sys.run.failover = { crashed: LEADER, applied, promoted, reads };
    } finally {
      client.close();
    }
  }
}
