/**
 * A cluster of N node processes on loopback (./node-main.ts), wired so every fault is real:
 *   - clients reach node b through b's client proxy;
 *   - node a reaches node b through the proxy of the link a→b, so partitioning a from b is a
 *     partition toxic on links a→b and b→a, and message drops or duplicates are a
 *     message-faults toxic on one link;
 *   - each node reads its own clock file, so clock-skew faults move one node's `now`.
 * Every message sent, received or lost becomes a `message` event, and node liveness a `state`
 * event, so the replica map can draw the cluster live. The fault schedule runner gets
 * `targets()`: a node (`n1`: process, client proxy, clock, and a lie if the lab gives one)
 * and a link (`n1→n2`: proxy, for partitions, latency and message faults).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createProxy, partition, type LieSettings, type TcpProxy } from "@/lib/faults";
import { createClockFile, type ClockFile } from "@/lib/faults/clock-skew";
import type { FaultTargets, ProcSlot } from "@/lib/faults/fault-kinds";
import { restart } from "@/lib/faults/restart";
import type { LabEvent } from "@/lib/labs/types";
import { freePort, openProcRegistry, shortLivedNodeFlags, spawnGroup, type ProcHandle, type ProcRegistry } from "@/lib/procs";
import { bundledEntry } from "@/lib/procs/bundled-entry";
import { READY_LINE, REPORT_PREFIX, type NodeConfig, type NodeReport } from "./node-config";
import type { SandboxedProgramLimits } from "./sandboxed-program";

const NODE_MAIN = new URL("./node-main.ts", import.meta.url).pathname;
/** Left out of bundles: native (esbuild) and WebAssembly (QuickJS) packages load from node_modules. */
const EXTERNAL = ["esbuild", "quickjs-emscripten", "@jitl/*", "quickjs-emscripten-core"];

export type ProgramSource =
  /** A lab's own node program: a TypeScript module exporting init, handle and tick. */
  | { kind: "module"; file: string }
  /** A student's: TypeScript source, run in the sandbox inside each node. */
  | { kind: "sandboxed"; code: string; limits?: SandboxedProgramLimits }
  /**
   * A lab's own server (its own protocol, not a node program): `node <entry> ...args(node)`,
   * which must listen on `node.port` and print `ready <port>`. It keeps that port across restarts,
   * unless another process took it while the server was down: then `args` is asked for a new one.
   */
  | { kind: "process"; entry: string; args: (node: { id: string; index: number; port: number; dir: string }) => string[] };

export interface ClusterOptions {
  /** Node ids, e.g. ["n1", "n2", "n3"]. */
  nodeIds: string[];
  program: ProgramSource;
  tmpDir: string;
  seed: number;
  tickMs?: number;
  /** Proxies for node→node links; default: yes for node programs, no for `process` servers. */
  links?: boolean;
  /** How a node lies when a `lie` fault makes it Byzantine: rewrites each reply line it sends clients. */
  lie?: (nodeId: string) => LieSettings["rewrite"];
  /** Extra detail for a node's `up` event (e.g. a setting the map should show). */
  nodeDetail?: (id: string, index: number) => Record<string, unknown>;
  now(): number;
  emit(event: LabEvent): void;
}

export interface ClusterNode {
  id: string;
  port: number;
  /** Clients connect here. */
  clientProxy: TcpProxy;
  slot: ProcSlot;
  clock: ClockFile;
}

/** `a→b`: the link node a uses to reach node b. */
export const linkName = (from: string, to: string) => `${from}→${to}`;

export class Cluster {
  private stopping = false;
  /** Program errors each node reported (the harness's grade may quote them). */
  readonly errors: Array<{ node: string; where: string; message: string }> = [];

  private constructor(
    readonly nodes: ClusterNode[],
    readonly links: Map<string, TcpProxy>,
    private readonly registry: ProcRegistry,
    private readonly options: ClusterOptions,
  ) {}

  static async start(options: ClusterOptions): Promise<Cluster> {
    const dir = join(options.tmpDir, "cluster");
    mkdirSync(dir, { recursive: true });
    const registry = openProcRegistry(join(dir, "procs"), "cluster");
    const links = new Map<string, TcpProxy>();
    const nodes: ClusterNode[] = [];
    const ports = new Map<string, number>();
    // Set before any node starts; a restart that must move a node uses it again.
    let launchArgs!: LaunchArgs;
    try {
      const { program } = options;
      const entry = program.kind === "process" ? program.entry : await bundledEntry(NODE_MAIN, "cluster-node", EXTERNAL);
      const programFile = program.kind === "process" ? "" : await programFileFor(program, dir);
      // Only a sandboxed program loads QuickJS, whose compile the flags make cheaper.
      const nodeFlags = program.kind === "sandboxed" ? shortLivedNodeFlags() : [];
      launchArgs = (id, index, port) =>
        program.kind === "process" ? [entry, ...program.args({ id, index, port, dir })] : [...nodeFlags, entry, writeNodeConfig(options, dir, id, port, links, programFile)];
      for (const id of options.nodeIds) ports.set(id, await unusedPort(ports));
      const n = options.nodeIds.length;
      // Seeds by position, not by start order: the same run seed gives every proxy the same draws.
      let linkSeed = options.seed + n;
      if (options.links ?? program.kind !== "process")
        for (const from of options.nodeIds)
          for (const to of options.nodeIds)
            if (from !== to) links.set(linkName(from, to), await createProxy({ upstream: { port: ports.get(to)! }, name: linkName(from, to), seed: linkSeed++ }));
      const started = await Promise.all(
        options.nodeIds.map(async (id, index) => {
          const clock = createClockFile(join(dir, `${id}.clock.json`));
          // A port found free can be taken before the node binds it (another run, or one of
          // these proxies, listening on port 0): then the node starts on another one, and the
          // links into it follow.
          let port = ports.get(id)!;
          let handle: ProcHandle | undefined;
          for (let attempt = 1; !handle; attempt++) {
            try {
              handle = await startNode(launchArgs(id, index, port), id, registry, clock);
            } catch (err) {
              if (attempt >= 3 || !(err instanceof PortTaken)) throw err;
              port = await unusedPort(ports);
              ports.set(id, port);
              followNode(links, options.nodeIds, id, port);
            }
          }
          const clientProxy = await createProxy({ upstream: { port }, name: `client→${id}`, seed: options.seed + index });
          return { id, port, clientProxy, clock, slot: { handle } satisfies ProcSlot };
        }),
      );
      nodes.push(...started);
    } catch (err) {
      await Promise.allSettled([...links.values(), ...nodes.map((n) => n.clientProxy)].map((p) => p.close()));
      await registry.close({ graceMs: 0 });
      throw err;
    }
    const cluster = new Cluster(nodes, links, registry, options);
    for (const [index, node] of nodes.entries()) {
      cluster.attach(node.id, node.slot.handle);
      node.slot.restart = { readyLine: READY_LINE, movePort: () => cluster.move(node, index, ports, launchArgs) };
      node.slot.onRestart = (handle) => {
        cluster.attach(node.id, handle);
        cluster.state(node.id, "up", { pid: handle.pid, port: node.port, restarted: true });
      };
      cluster.state(node.id, "up", { pid: node.slot.handle.pid, port: node.port, ...options.nodeDetail?.(node.id, index) });
    }
    return cluster;
  }

  /**
   * A restart found the node's port taken (it was free while the node was down): the node
   * moves to a new port, and its links and client proxy follow, as at start.
   */
  private async move(node: ClusterNode, index: number, ports: Map<string, number>, launchArgs: LaunchArgs): Promise<string[]> {
    const from = node.port;
    node.port = await unusedPort(ports);
    ports.set(node.id, node.port);
    followNode(this.links, this.options.nodeIds, node.id, node.port);
    node.clientProxy.upstream = { host: "127.0.0.1", port: node.port };
    node.clientProxy.resetConnections();
    this.options.emit({ kind: "log", t: this.options.now(), level: "warn", message: `${node.id}: port ${from} was taken while it was down; restarting it on port ${node.port}` });
    return launchArgs(node.id, index, node.port);
  }

  node(id: string): ClusterNode {
    const node = this.nodes.find((n) => n.id === id);
    if (!node) throw new Error(`no node named ${id} (nodes: ${this.nodes.map((n) => n.id).join(", ")})`);
    return node;
  }

  link(from: string, to: string): TcpProxy {
    const link = this.links.get(linkName(from, to));
    if (!link) throw new Error(`no link ${linkName(from, to)}`);
    return link;
  }

  /** Cuts both directions between two nodes (clients still reach both); returns the heal. */
  partition(a: string, b: string): () => void {
    const name = `partition-${a}-${b}`;
    for (const link of [this.link(a, b), this.link(b, a)]) link.add(partition({ direction: "both" }), { name });
    this.state(linkName(a, b), "cut");
    this.state(linkName(b, a), "cut");
    return () => {
      for (const link of [this.link(a, b), this.link(b, a)]) link.remove(name);
      this.state(linkName(a, b), "ok");
      this.state(linkName(b, a), "ok");
    };
  }

  /** What fault schedules may name: each node (process, client proxy, clock) and each link. */
  targets(): FaultTargets {
    const nodes = this.nodes.map((n) => [n.id, { proc: n.slot, proxy: n.clientProxy, clock: n.clock, ...(this.options.lie ? { lie: this.options.lie(n.id) } : {}) }] as const);
    const links = [...this.links].map(([name, proxy]) => [name, { proxy }] as const);
    return Object.fromEntries([...nodes, ...links]);
  }

  /** Ends what faults are left and restarts crashed nodes (from their durable store). */
  async heal(): Promise<void> {
    for (const proxy of [...this.links.values(), ...this.nodes.map((n) => n.clientProxy)]) proxy.removeAll();
    for (const node of this.nodes) node.clock.reset();
    await Promise.all(
      this.nodes.map(async (node) => {
        if (node.slot.handle.exitInfo === null) return;
        node.slot.handle = await restart(node.slot.handle, node.slot.restart);
        node.slot.onRestart?.(node.slot.handle);
      }),
    );
  }

  /** Closes proxies and kills every node; bounded, never throws. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const node of this.nodes) if (node.slot.handle.exitInfo === null) node.slot.handle.kill("SIGKILL");
    await Promise.allSettled([...this.links.values(), ...this.nodes.map((n) => n.clientProxy)].map((p) => p.close()));
    await this.registry.close({ graceMs: 0 }).catch(() => undefined);
    for (const node of this.nodes) this.state(node.id, "stopped");
  }

  private state(subject: string, state: string, detail?: Record<string, unknown>): void {
    this.options.emit({ kind: "state", t: this.options.now(), subject, state, ...(detail ? { detail } : {}) });
  }

  /** Turns a node's reports into events, and its exit into a `down` state. */
  private attach(id: string, handle: ProcHandle): void {
    handle.onLine((line, stream) => {
      if (stream !== "stdout" || !line.startsWith(REPORT_PREFIX)) return;
      let r: NodeReport;
      try {
        r = JSON.parse(line.slice(REPORT_PREFIX.length)) as NodeReport;
      } catch {
        return;
      }
      const t = this.options.now();
      if (r.ev === "error") {
        // "network" errors are the harness's (a line our runtime wrote, arriving wrong), never the program's.
        if (r.where !== "network") this.errors.push({ node: id, where: r.where, message: r.message });
        this.options.emit({ kind: "log", t, level: r.where === "network" ? "warn" : "error", message: `${id}: ${r.where}: ${r.message}` });
      } else {
        const [from, to] = r.ev === "recv" ? [r.from, id] : [id, r.to];
        this.options.emit({ kind: "message", t, phase: r.ev === "dropped" ? "lost" : r.ev, from, to, type: r.body.type, msgId: r.body.msg_id, body: r.body });
      }
    });
    void handle.exited.then((exit) => {
      if (!this.stopping) this.state(id, "down", { pid: handle.pid, signal: exit.signal, code: exit.code });
    });
  }
}

function writeNodeConfig(options: ClusterOptions, dir: string, id: string, port: number, links: Map<string, TcpProxy>, programFile: string): string {
  const { program } = options;
  const config: NodeConfig = {
    id,
    nodeIds: options.nodeIds,
    port,
    peers: Object.fromEntries(options.nodeIds.filter((p) => links.has(linkName(id, p))).map((p) => [p, links.get(linkName(id, p))!.port])),
    program: { kind: program.kind === "sandboxed" ? "sandboxed" : "module", file: programFile },
    tickMs: options.tickMs ?? 100,
    storeFile: join(dir, `${id}.store.json`),
    ...(program.kind === "sandboxed" && program.limits ? { limits: program.limits } : {}),
  };
  const file = join(dir, `${id}.config.json`);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** The command line that starts node `id` on `port` (writing its config first, for node programs). */
type LaunchArgs = (id: string, index: number, port: number) => string[];

/** A port no node of this cluster has: freePort can hand out one port twice (each is free when asked). */
async function unusedPort(ports: Map<string, number>): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (![...ports.values()].includes(port)) return port;
  }
}

/**
 * Points every link into node `id` at its new port. A node that already sent through one of
 * them reached whoever held the old port: reset those connections, so its next message goes
 * to this node.
 */
function followNode(links: Map<string, TcpProxy>, nodeIds: string[], id: string, port: number): void {
  for (const from of nodeIds) {
    const link = links.get(linkName(from, id));
    if (!link) continue;
    link.upstream = { host: "127.0.0.1", port };
    link.resetConnections();
  }
}

/** The node could not bind its port: someone took it after it was found free. */
class PortTaken extends Error {}

async function startNode(argv: string[], id: string, registry: ProcRegistry, clock: ClockFile): Promise<ProcHandle> {
  const handle = await spawnGroup(process.execPath, argv, { name: id, registry, env: clock.env });
  try {
    await handle.waitForLine(READY_LINE, 15_000);
  } catch (err) {
    handle.kill("SIGKILL");
    if (handle.stderr.some((line) => line.includes("EADDRINUSE"))) throw new PortTaken(`node ${id}: its port was taken`);
    // Node prints an uncaught error's message first and its stack after: keep the message.
    const stderr = handle.stderr.filter((line) => line.trim());
    const why = (stderr.find((line) => /Error|error:/.test(line)) ?? stderr.slice(-3).join(" ")).trim() || (err as Error).message;
    throw new Error(`node ${id} did not start: ${why}`);
  }
  return handle;
}

/** The file each node loads: a lab's module bundled to plain JS, or the student's source. */
async function programFileFor(program: Exclude<ProgramSource, { kind: "process" }>, dir: string): Promise<string> {
  if (program.kind === "module") return bundledEntry(program.file, "node-program", EXTERNAL);
  const file = join(dir, "program.ts");
  writeFileSync(file, program.code);
  return file;
}
