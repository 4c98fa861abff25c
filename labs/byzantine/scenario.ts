/**
 * How every byzantine run goes: N replica processes, one of them the traitor (it lies on the
 * wire), and in each round another, honest, that is slow while reads run — the asynchronous
 * network, in which a client cannot tell slow from faulty. The slow one changes round by round
 * until every honest replica has been slow once, so no vote can get by trusting one replica. A trusted writer writes a new version to every
 * replica and waits for all of them; then two readers each ask all N replicas and hand the
 * replies, one by one as they arrive, to the vote; the first value the vote returns is the
 * read's answer, and a read undecided at the deadline has failed. Steps run one after another,
 * and honest replies always trail the traitor's, so every seed takes the same path.
 */
import { Cluster } from "@/lib/cluster/cluster";
import { NodeClient } from "@/lib/cluster/node-client";
import { latency, lie } from "@/lib/faults";
import { HistoryRecorder } from "@/lib/history/recorder";
import type { History } from "@/lib/history/types";
import { createRng } from "@/lib/labs";
import { LabRunError } from "@/lib/labs/errors";
import { runPhases } from "@/lib/labs/phases";
import type { Grade, RunContext } from "@/lib/labs/types";
import { isLateLie, lieOfRound, traitorRewrite, type Cell, type LieKind, type LieScript } from "./lies";
import { ReplicaLine } from "./replica-line";
import { F, FIRST_HONEST_MS, HONEST_STEP_MS, KEY, LATE_LIE_MS, OTHER_HONEST_MS, READ_DEADLINE_MS, READERS, ROUNDS, SLOW_LATENCY_MS, WRITE_TIMEOUT_MS } from "./settings";

const PROGRAM = new URL("./replica-program.ts", import.meta.url).pathname;

/** One reply as the reader saw it: `replica` is who sent it (the connection), not a claim in it. */
export interface Reply extends Cell {
  replica: string;
}
/** The vote: the value to return once enough replies agree, or null to wait for more. Throws on a broken vote. */
export type Vote = (replies: Reply[], f: number) => Cell | null;

export interface ReadDone {
  op: number;
  reader: string;
  round: number;
  lie: LieKind;
  /** Every reply the vote was shown, in arrival order. */
  replies: Reply[];
  decided: Cell | null;
  /** What every honest replica held during the read. */
  honest: Cell;
  /** The honest replica too slow for this read. */
  slow: string | null;
}

export interface ByzantineRun {
  n: number;
  traitor: string;
  history: History;
  reads: ReadDone[];
}

export interface ScenarioOptions {
  n: number;
  vote: Vote;
  grade: (run: ByzantineRun) => Grade;
}

interface System {
  cluster: Cluster;
  writers: NodeClient[];
  lines: Record<string, ReplicaLine[]>;
  recorder: HistoryRecorder;
  script: LieScript;
  run: ByzantineRun;
  /** The vote's first failure, rethrown once the round ends (its error is the student's). */
  voteError: unknown;
}

export const nodeIds = (n: number) => Array.from({ length: n }, (_, i) => `n${i + 1}`);

/** Which replica lies (by seed), and which honest one is slow in each round: each in turn, from a seeded start. */
export function rolesFor(n: number, seed: number): { traitor: string; slowByRound: Array<string | null> } {
  const rng = createRng(seed).fork("byzantine-roles");
  const nodes = nodeIds(n);
  const traitor = rng.pick(nodes);
  const honest = nodes.filter((id) => id !== traitor);
  const start = honest.length > 0 ? rng.int(0, honest.length - 1) : 0;
  return { traitor, slowByRound: Array.from({ length: ROUNDS }, (_, round) => (honest.length > 0 ? honest[(start + round) % honest.length]! : null)) };
}

/**
 * Each honest replica's reply delay for a round: the first one that answers 60 ms, the others
 * 200 ms and 40 ms more each, the slow one last and far past the deadline.
 */
export function honestDelays(nodes: string[], traitor: string, slow: string | null): Map<string, number> {
  const answering = nodes.filter((id) => id !== traitor && id !== slow);
  const delays = new Map(answering.map((id, rank) => [id, rank === 0 ? FIRST_HONEST_MS : OTHER_HONEST_MS + HONEST_STEP_MS * (rank - 1)]));
  if (slow) delays.set(slow, SLOW_LATENCY_MS);
  return delays;
}

export function runByzantineScenario(ctx: RunContext, options: ScenarioOptions): Promise<Grade> {
  const nodes = nodeIds(options.n);
  const { traitor, slowByRound } = rolesFor(options.n, ctx.seed);
  const fault = (name: string, action: "start" | "stop", target: string, detail?: Record<string, unknown>) =>
    ctx.emit({ kind: "fault", t: ctx.now(), fault: name, action, target, ...(detail ? { detail } : {}) });

  return runPhases<System, ByzantineRun>(ctx, {
    async startSystem(onTeardown) {
      const script: LieScript = { round: 0, current: { value: null, version: 0 }, first: { value: null, version: 0 } };
      const cluster = await Cluster.start({ nodeIds: nodes, program: { kind: "module", file: PROGRAM }, links: false, tmpDir: ctx.tmpDir, seed: ctx.seed, now: ctx.now, emit: ctx.emit, nodeDetail: (id) => ({ role: id === traitor ? "traitor" : "honest" }) });
      onTeardown(() => cluster.stop());
      const port = (id: string) => cluster.node(id).clientProxy.port;
      const writers = nodes.map((id) => new NodeClient("cw", id, port(id)));
      const lines = Object.fromEntries(READERS.map((reader) => [reader, nodes.map((id) => new ReplicaLine(reader, id, port(id)))]));
      onTeardown(() => [...writers, ...Object.values(lines).flat()].forEach((c) => c.close()));
      cluster.node(traitor).clientProxy.add(lie({ rewrite: traitorRewrite(script) }), { name: "traitor" });
      fault("lie", "start", traitor);
      const run: ByzantineRun = { n: options.n, traitor, history: [], reads: [] };
      return { cluster, writers, lines, recorder: new HistoryRecorder(ctx.now, ctx.emit), script, run, voteError: null };
    },
    async workload(sys) {
      await write(sys, 1);
      sys.script.first = { ...sys.script.current };
      for (let round = 0; round < ROUNDS; round++) {
        if (ctx.signal.aborted) return;
        await write(sys, round + 2);
        sys.script.round = round;
        const slow = slowByRound[round] ?? null;
        const delays = [...honestDelays(nodes, traitor, slow)];
        if (isLateLie(lieOfRound(round))) delays.push([traitor, LATE_LIE_MS]);
        for (const [id, latencyMs] of delays) sys.cluster.node(id).clientProxy.add(latency({ latencyMs, direction: "downstream" }), { name: "network" });
        if (slow) fault("latency", "start", slow, { latencyMs: SLOW_LATENCY_MS });
        await Promise.all(READERS.map((reader) => read(sys, reader, round, slow)));
        for (const [id] of delays) sys.cluster.node(id).clientProxy.remove("network");
        if (slow) fault("latency", "stop", slow);
        if (sys.voteError) throw sys.voteError;
      }
    },
    check: (sys) => ({ ...sys.run, history: sys.recorder.history }),
    grade: (run) => options.grade(run),
  });

  /** The trusted writer: a new version to every replica, done only when all of them acknowledged it. */
  async function write(sys: System, version: number) {
    const value = `v${version}`;
    const outcome = await sys.recorder.call({ process: READERS.length, f: "write", key: KEY, value }, async () => {
      await Promise.all(sys.writers.map((w) => w.request({ type: "put", key: KEY, value, version }, WRITE_TIMEOUT_MS)));
      return { ok: true };
    });
    if (!outcome.ok) throw new LabRunError("internal", `The lab's write of ${value} did not reach every replica: ${outcome.error}.`, "This is not your vote's fault; run it again.");
    sys.script.current = { value, version };
    for (const id of nodes) ctx.emit({ kind: "state", t: ctx.now(), subject: id, state: "up", detail: { value, version } });
  }

  function read(sys: System, reader: string, round: number, slow: string | null): Promise<void> {
    const op = sys.recorder.history.length;
    const honest = { ...sys.script.current };
    const replies: Reply[] = [];
    let decided: Cell | null = null;
    return sys.recorder
      .call({ process: READERS.indexOf(reader), f: "read", key: KEY }, () =>
        new Promise((resolve) => {
          let settled = false;
          const finish = (outcome: { ok: true; value: unknown } | { ok: false; definite: true; error: string }) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            for (const line of sys.lines[reader]!) line.stopListening();
            resolve(outcome);
          };
          const timer = setTimeout(() => finish({ ok: false, definite: true, error: `no value was agreed within ${READ_DEADLINE_MS} ms` }), READ_DEADLINE_MS);
          for (const line of sys.lines[reader]!)
            line.ask({ type: "get", key: KEY }, (body) => {
              if (settled) return;
              replies.push({ replica: line.nodeId, value: (body.value ?? null) as string | null, version: Number(body.version ?? 0) });
              try {
                decided = options.vote(replies.map((r) => ({ ...r })), F);
              } catch (err) {
                sys.voteError ??= err;
                return finish({ ok: false, definite: true, error: "the vote failed" });
              }
              if (decided) finish({ ok: true, value: decided.value });
            });
        }),
      )
      .then(() => {
        sys.run.reads.push({ op, reader, round, lie: lieOfRound(round), replies, decided, honest, slow });
      });
  }
}

