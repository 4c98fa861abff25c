/**
 * The cluster harness with real node processes on loopback: a lab's node program (a module)
 * and a student's (the same contract, in the QuickJS sandbox) run in every node; clients
 * reach nodes through proxies and nodes reach each other through per-link proxies, so a
 * partition really stops gossip and a duplicated message really arrives twice. A known-wrong
 * program is caught by the counter checker; a hostile one is contained to its own steps.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { checkCounter } from "@/lib/checkers";
import { Cluster, type ProgramSource } from "@/lib/cluster/cluster";
import { NodeClient } from "@/lib/cluster/node-client";
import { messageFaults, rewriteJsonLines } from "@/lib/faults";
import type { History } from "@/lib/history/types";
import type { LabEvent } from "@/lib/labs/types";
import { isAlive } from "@/lib/procs";
import { squatPort } from "@/tests/support/squat-port";

const G_COUNTER = fileURLToPath(new URL("./fixtures/g-counter.ts", import.meta.url));
const NODES = ["n1", "n2", "n3"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cluster: Cluster | undefined;
let dir = "";
const events: LabEvent[] = [];
const started = Date.now();

async function start(program: ProgramSource) {
  dir = mkdtempSync(join(tmpdir(), "faultline-cluster-"));
  events.length = 0;
  cluster = await Cluster.start({ nodeIds: NODES, program, tmpDir: dir, seed: 7, tickMs: 50, now: () => Date.now() - started, emit: (e) => events.push(e) });
  return cluster;
}

/** Live processes started with a file under `dir` on their command line (every node's config is). */
function processesUsing(dir: string): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir) && isAlive(Number(pid));
      } catch {
        return false;
      }
    })
    .map(Number);
}

afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
  // Stopping leaves no node process behind (they are SIGKILLed as a group).
  for (let i = 0; i < 20 && processesUsing(dir).length; i++) await sleep(100);
  expect(processesUsing(dir)).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
});

/** Adds 1 at each node `perNode` times, recording a history the counter checker reads. */
async function addEverywhere(c: Cluster, perNode: number, history: History) {
  const clients = c.nodes.map((n, i) => new NodeClient(`c${i + 1}`, n.id, n.clientProxy.port));
  await Promise.all(
    clients.map(async (client, process) => {
      for (let i = 0; i < perNode; i++) {
        history.push({ process, type: "invoke", f: "add", value: 1 });
        const reply = await client.request({ type: "add", delta: 1 }, 2_000);
        history.push({ process, type: reply.type === "add_ok" ? "ok" : "fail", f: "add", value: 1 });
      }
    }),
  );
  for (const client of clients) client.close();
}

async function readAll(c: Cluster): Promise<Record<string, unknown>> {
  const reads: Record<string, unknown> = {};
  for (const [i, n] of c.nodes.entries()) {
    const client = new NodeClient(`c${9 + i}`, n.id, n.clientProxy.port);
    reads[n.id] = (await client.request({ type: "read" }, 2_000)).value;
    client.close();
  }
  return reads;
}

const studentCode = (merge: string) => readFileSync(G_COUNTER, "utf8").replace("Math.max(a, b)", merge);

describe("a cluster of real node processes", () => {
  it("runs a lab's program: gossip converges every node to the acknowledged total", { timeout: 60_000 }, async () => {
    const c = await start({ kind: "module", file: G_COUNTER });
    const history: History = [];
    await addEverywhere(c, 5, history);
    await sleep(400);
    const finalReads = await readAll(c);
    expect(finalReads).toEqual({ n1: 15, n2: 15, n3: 15 });
    expect(checkCounter(history, { finalReads }).verdict).toBe("ok");
    // Every message is an event: gossip was sent and received between nodes.
    const gossip = events.filter((e) => e.kind === "message" && e.type === "gossip");
    expect(gossip.some((e) => e.kind === "message" && e.phase === "recv" && e.from === "n2" && e.to === "n1")).toBe(true);
    expect(events.filter((e) => e.kind === "state" && e.state === "up").map((e) => (e as { subject: string }).subject).sort()).toEqual(NODES);
  });

  it("a partition between two nodes really stops their gossip; healing lets them converge", { timeout: 60_000 }, async () => {
    const c = await start({ kind: "module", file: G_COUNTER });
    const healN2 = c.partition("n1", "n2");
    const healN3 = c.partition("n1", "n3");
    const client = new NodeClient("c1", "n1", c.node("n1").clientProxy.port);
    await client.request({ type: "add", delta: 4 }, 2_000);
    client.close();
    await sleep(400);
    expect(await readAll(c)).toEqual({ n1: 4, n2: 0, n3: 0 });
    healN2();
    healN3();
    await sleep(600);
    expect(await readAll(c)).toEqual({ n1: 4, n2: 4, n3: 4 });
  });

  it("runs a student's program in the sandbox of each node, graded by the checker", { timeout: 60_000 }, async () => {
    const c = await start({ kind: "sandboxed", code: studentCode("Math.max(a, b)") });
    const history: History = [];
    await addEverywhere(c, 3, history);
    await sleep(400);
    const finalReads = await readAll(c);
    expect(checkCounter(history, { finalReads }).verdict).toBe("ok");
    expect(c.errors).toEqual([]);
  });

  it("catches a student's merge that adds instead of taking the max (every gossip counts again)", { timeout: 60_000 }, async () => {
    const c = await start({ kind: "sandboxed", code: studentCode("a + b") });
    // Duplicated gossip is what such a merge cannot survive (it double counts even without).
    for (const [name, link] of c.links) link.add(messageFaults({ duplicate: 0.5, seed: name.length }), { name: "dup" });
    const history: History = [];
    await addEverywhere(c, 2, history);
    await sleep(300);
    const result = checkCounter(history, { finalReads: await readAll(c) });
    expect(result.verdict).toBe("illegal");
    expect(result.message).toMatch(/more than/i);
  });

  it("contains a hostile program: a step that loops fails alone, the node keeps serving, nothing hangs", { timeout: 60_000 }, async () => {
    const hostile = studentCode("Math.max(a, b)").replace('case "read":', 'case "read": while (true) {}\n    case "never":');
    const c = await start({ kind: "sandboxed", code: hostile, limits: { callTimeoutMs: 50 } });
    const client = new NodeClient("c1", "n1", c.node("n1").clientProxy.port);
    await expect(client.request({ type: "read" }, 1_500)).rejects.toThrow(/did not reply/);
    expect(c.errors.some((e) => e.node === "n1" && /handle\(\) of a read message from c1/.test(e.where) && /ran longer than 50 ms/.test(e.message))).toBe(true);
    // Still alive: other steps of the same node work.
    expect((await client.request({ type: "add", delta: 1 }, 2_000)).type).toBe("add_ok");
    client.close();
  });
});

describe("faults a schedule names on a cluster", () => {
  it("a lying node (the lab's rewrite) answers clients falsely while the fault lasts, and truly after", { timeout: 60_000 }, async () => {
    const { runFaultSchedule } = await import("@/lib/faults/run-fault-schedule");
    dir = mkdtempSync(join(tmpdir(), "faultline-cluster-"));
    cluster = await Cluster.start({
      nodeIds: NODES,
      program: { kind: "module", file: G_COUNTER },
      tmpDir: dir,
      seed: 3,
      tickMs: 50,
      now: () => Date.now() - started,
      emit: (e) => events.push(e),
      lie: () => rewriteJsonLines((m) => {
        const msg = m as { body: { type: string; value?: number } };
        return msg.body.type === "read_ok" ? { ...msg, body: { ...msg.body, value: 999 } } : msg;
      }),
    });
    const stop = new AbortController();
    const faultEvents: unknown[] = [];
    const done = runFaultSchedule([{ at: 0, fault: "lie", target: "n2" }], cluster.targets(), { signal: stop.signal, emit: (e) => faultEvents.push(e), now: () => 0, healAtMs: 60_000 });
    await sleep(200);
    const client = new NodeClient("c1", "n2", cluster.node("n2").clientProxy.port);
    expect((await client.request({ type: "read" }, 2_000)).value, JSON.stringify(faultEvents)).toBe(999);
    stop.abort();
    await done;
    client.close();
    const honest = new NodeClient("c2", "n2", cluster.node("n2").clientProxy.port);
    expect((await honest.request({ type: "read" }, 2_000)).value).toBe(0);
    honest.close();
  });

  it("a clock-skew fault moves one node's now, and only that node's", { timeout: 60_000 }, async () => {
    const { runFaultSchedule } = await import("@/lib/faults/run-fault-schedule");
    const c = await start({ kind: "module", file: G_COUNTER });
    const stop = new AbortController();
    const done = runFaultSchedule([{ at: 0, fault: "clock-skew", target: "n1", params: { offsetMs: 60_000 } }], c.targets(), { signal: stop.signal, emit: () => undefined, now: () => 0, healAtMs: 60_000 });
    await sleep(200);
    const timeAt = async (node: string) => {
      const client = new NodeClient(`c-${node}`, node, c.node(node).clientProxy.port);
      const reply = await client.request({ type: "time" }, 2_000);
      client.close();
      return (reply.now as number) - Date.now();
    };
    expect(await timeAt("n1")).toBeGreaterThan(59_000);
    expect(Math.abs(await timeAt("n2"))).toBeLessThan(1_000);
    stop.abort();
    await done;
    await sleep(100);
    expect(Math.abs(await timeAt("n1"))).toBeLessThan(1_000);
  });
});

describe("starting a cluster", () => {
  it("a node whose port was taken after it was found free starts on another, and its proxy follows", { timeout: 60_000 }, async () => {
    const { createServer } = await import("node:net");
    const squatters: ReturnType<typeof createServer>[] = [];
    dir = mkdtempSync(join(tmpdir(), "faultline-cluster-"));
    let firstPort = 0;
    cluster = await Cluster.start({
      nodeIds: ["n1"],
      program: {
        kind: "process",
        entry: fileURLToPath(new URL("./fixtures/line-server.mjs", import.meta.url)),
        // The first time, take the port ourselves just before the node binds it.
        args: ({ port }) => {
          if (!firstPort) {
            firstPort = port;
            squatters.push(createServer().listen(port, "127.0.0.1"));
          }
          return [String(port)];
        },
      },
      tmpDir: dir,
      seed: 1,
      now: () => 0,
      emit: () => undefined,
    });
    const node = cluster.node("n1");
    expect(node.port).not.toBe(firstPort);
    const { connect } = await import("node:net");
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ port: node.clientProxy.port, host: "127.0.0.1" }, () => socket.write("hi\n"));
      socket.on("data", (d) => (resolve(String(d)), socket.destroy()));
      socket.on("error", reject);
    });
    expect(answer).toBe("ok\n");
    for (const s of squatters) s.close();
  });
});

describe("restarting a node", () => {
  it("a crashed node whose port another process took comes back on a new port; its clients and links follow", { timeout: 60_000 }, async () => {
    const c = await start({ kind: "module", file: G_COUNTER });
    const n1 = c.node("n1");
    const oldPort = n1.port;
    n1.slot.handle.kill("SIGKILL");
    await n1.slot.handle.exited;
    // While n1 is down, something else binds its port.
    const squatter = await squatPort(oldPort);
    try {
      await c.heal();
      expect(n1.port).not.toBe(oldPort);
      expect(events).toContainEqual(expect.objectContaining({ kind: "log", level: "warn", message: expect.stringContaining(`n1: port ${oldPort} was taken`) }));
      expect(events).toContainEqual(expect.objectContaining({ kind: "state", subject: "n1", state: "up", detail: expect.objectContaining({ restarted: true, port: n1.port }) }));
      // Clients reach the moved node through its proxy, and gossip from n2 and n3 reaches it.
      const history: History = [];
      await addEverywhere(c, 2, history);
      for (let i = 0; i < 40 && (await readAll(c)).n1 !== 6; i++) await sleep(100);
      expect(await readAll(c)).toEqual({ n1: 6, n2: 6, n3: 6 });
    } finally {
      squatter.close();
    }
  });
});
