/**
 * How every read-repair run goes: three replicas run the store with a repair decision (the
 * student's, or the reference for predict), and a fixed list of steps runs one at a time —
 * partitions cut and healed, puts through one replica, reads through a coordinator with a
 * named quorum — each after the previous one answered, so every seed takes the same path.
 * Then every replica is asked directly what it holds and whether it ever moved backwards.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Cluster, type ProgramSource } from "@/lib/cluster/cluster";
import { NodeClient } from "@/lib/cluster/node-client";
import { HistoryRecorder } from "@/lib/history/recorder";
import type { History } from "@/lib/history/types";
import { LabRunError } from "@/lib/labs/errors";
import { runPhases } from "@/lib/labs/phases";
import type { Grade, RunContext } from "@/lib/labs/types";
import { CUT_HOLD_MS, NODES, RECONNECT_MS, REPLY_TIMEOUT_MS, TICK_MS } from "./settings";

export type Version = { n: number; by: string };
export type Cell = { value: string | null; version: Version };

export type Step =
  | { do: "cut"; a: string; b: string }
  | { do: "heal" }
  /** `reaches`: the replicas the put must be stored on — the plan's partitions guarantee it. */
  | { do: "put"; via: string; key: string; value: string; reaches: string[] }
  /** The coordinator is quorum[0]; `repair` sees the replies in quorum order. */
  | { do: "read"; key: string; quorum: string[] };

export interface Regression {
  node: string;
  key: string;
  from: Cell;
  to: Cell;
  coordinator: string;
  /** The read whose repair did it (its history index). */
  op: number;
}

export interface ReadDone {
  op: number;
  key: string;
  quorum: string[];
  value: string | null;
  version: Version;
  wroteBack: string[];
}

export interface RepairRun {
  history: History;
  puts: Array<{ op: number; key: string; value: string; version: Version }>;
  reads: ReadDone[];
  failedReads: Array<{ op: number; key: string; quorum: string[]; error: string }>;
  /** Node → key → what it holds at the end (a node missing here did not answer). */
  finals: Record<string, Record<string, Cell>>;
  regressions: Regression[];
  programErrors: string[];
}

export interface ScenarioOptions {
  program: ProgramSource;
  steps: Step[];
  grade: (run: RepairRun) => Grade;
}

interface System {
  cluster: Cluster;
  clients: NodeClient[];
  recorder: HistoryRecorder;
  heals: Array<() => void>;
  run: RepairRun;
}

const processOf = (node: string) => NODES.indexOf(node);
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function runRepairScenario(ctx: RunContext, options: ScenarioOptions): Promise<Grade> {
  return runPhases<System, RepairRun>(ctx, {
    async startSystem(onTeardown) {
      const cluster = await Cluster.start({ nodeIds: NODES, program: options.program, tmpDir: ctx.tmpDir, seed: ctx.seed, tickMs: TICK_MS, now: ctx.now, emit: ctx.emit });
      onTeardown(() => cluster.stop());
      const clients = NODES.map((node, i) => new NodeClient(`c${i}`, node, cluster.node(node).clientProxy.port));
      onTeardown(() => clients.forEach((c) => c.close()));
      const run: RepairRun = { history: [], puts: [], reads: [], failedReads: [], finals: {}, regressions: [], programErrors: [] };
      return { cluster, clients, recorder: new HistoryRecorder(ctx.now, ctx.emit), heals: [], run };
    },
    async workload(sys) {
      for (const step of options.steps) {
        // A repair that threw has its grade already; the rest of the plan would only wait on silent replicas.
        if (ctx.signal.aborted || sys.cluster.errors.length > 0) return;
        if (step.do === "cut") await cut(sys, step.a, step.b);
        else if (step.do === "heal") await heal(sys);
        else if (step.do === "put") await put(sys, step);
        else await read(sys, step);
      }
    },
    heal: (sys) => heal(sys),
    async finalReads(sys) {
      for (const [i, node] of NODES.entries()) {
        const reply = await sys.clients[i]!.request({ type: "dump" }, REPLY_TIMEOUT_MS).catch(() => null);
        if (reply?.type !== "dump_ok") continue;
        sys.run.finals[node] = (reply.data ?? {}) as Record<string, Cell>;
        sys.run.regressions.push(...((reply.regressions ?? []) as Regression[]));
      }
    },
    check: (sys) => ({ ...sys.run, history: sys.recorder.history, programErrors: sys.cluster.errors.slice(0, 3).map((e) => `${e.node}: ${e.where}: ${e.message}`) }),
    grade: (run) => options.grade(run),
  });

  async function cut(sys: System, a: string, b: string) {
    const target = `${a}↔${b}`;
    ctx.emit({ kind: "fault", t: ctx.now(), fault: "partition", action: "start", target });
    const healLinks = sys.cluster.partition(a, b);
    sys.heals.push(() => {
      healLinks();
      ctx.emit({ kind: "fault", t: ctx.now(), fault: "partition", action: "stop", target });
    });
    // Puts no longer wait out a partition, so the whole plan could pass in a blink: hold each
    // cut a moment so a viewer sees it on the map (and a replay has a moment to stop on).
    await sleep(CUT_HOLD_MS, undefined, { signal: ctx.signal });
  }

  async function heal(sys: System) {
    if (sys.heals.length === 0) return;
    for (const h of sys.heals.splice(0)) h();
    await sleep(RECONNECT_MS, undefined, { signal: ctx.signal });
  }

  async function put(sys: System, step: Extract<Step, { do: "put" }>) {
    const { via, key, value, reaches } = step;
    const op = sys.recorder.history.length;
    let stored: string[] = [];
    const outcome = await sys.recorder.call({ process: processOf(via), f: "put", key, value, node: via }, async () => {
      const reply = await sys.clients[processOf(via)]!.request({ type: "put", key, value, expect: reaches }, REPLY_TIMEOUT_MS);
      if (reply.type !== "put_ok") return { ok: false, definite: true, error: `${via} replied ${reply.type}` };
      stored = (reply.stored ?? []) as string[];
      sys.run.puts.push({ op, key, value, version: reply.version as Version });
      return { ok: true, node: via };
    });
    // The plan is only a plan if its partitions held: otherwise the grade could not be trusted.
    if (!outcome.ok || !sameSet(stored, reaches))
      throw new LabRunError("internal", `The lab's put of ${key} = "${value}" through ${via} was stored on [${stored.join(", ")}], not on [${reaches.join(", ")}] as planned${outcome.ok ? "" : ` (${outcome.error})`}.`, "This is not your code's fault; run it again.");
  }

  async function read(sys: System, step: Extract<Step, { do: "read" }>) {
    const { key, quorum } = step;
    const coordinator = quorum[0]!;
    const op = sys.recorder.history.length;
    await sys.recorder.call({ process: processOf(coordinator), f: "read", key, node: coordinator }, async () => {
      const reply = await sys.clients[processOf(coordinator)]!.request({ type: "get", key, quorum, op }, REPLY_TIMEOUT_MS).catch((err: Error) => ({ type: "error", text: err.message }) as Record<string, unknown>);
      if (reply.type !== "get_ok") {
        const error = `${coordinator} replied ${reply.type}${typeof reply.text === "string" ? `: ${reply.text}` : ""}`;
        sys.run.failedReads.push({ op, key, quorum, error });
        return { ok: false, definite: false, error };
      }
      const value = (reply.value ?? null) as string | null;
      sys.run.reads.push({ op, key, quorum, value, version: reply.version as Version, wroteBack: (reply.wroteBack ?? []) as string[] });
      return { ok: true, value, node: coordinator };
    });
  }
}
