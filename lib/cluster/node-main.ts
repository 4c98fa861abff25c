/**
 * One node process of a cluster (./cluster.ts starts N of them): `node node-main.mjs
 * <config.json>`. It listens on its port for JSON-line messages from clients and from the
 * other nodes (each of which reaches it through its own fault proxy), runs its node program
 * (./node-program.ts) on each message and every tick, and sends what the program returns:
 * to a node over its link (a TCP connection to that link's proxy), to a client on the
 * connection the client's message came in on. `now` is this node's own clock (clock-skew
 * faults move it). On stdout: `ready <port>`, then one `@ {…}` line per message sent or
 * received and per program error, which the harness turns into events.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createConnection, createServer, type Socket } from "node:net";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { clockFromEnv } from "@/lib/faults/clock-skew";
import { isClientId, MAX_MESSAGE_CHARS, parseMessage, type Message, type MessageBody } from "./message";
import { checkStep, type NodeProgram, type Step } from "./node-program";
import { REPORT_PREFIX, type NodeConfig, type NodeReport } from "./node-config";
import { sandboxedProgram } from "./sandboxed-program";

const config = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as NodeConfig;
const clock = clockFromEnv();
/** After this many, program errors are counted but no longer reported one by one. */
const MAX_REPORTED_ERRORS = 20;
/** Messages waiting for a link to (re)connect; beyond this the oldest are lost, as a full buffer would. */
const MAX_QUEUED_PER_LINK = 1000;

function report(r: NodeReport): void {
  process.stdout.write(`${REPORT_PREFIX}${JSON.stringify(r)}\n`);
}

let errors = 0;
function programError(where: string, err: unknown): void {
  errors++;
  if (errors <= MAX_REPORTED_ERRORS) report({ ev: "error", where, message: (err as Error).message ?? String(err) });
  else if (errors === MAX_REPORTED_ERRORS + 1) report({ ev: "error", where, message: `more than ${MAX_REPORTED_ERRORS} errors; further ones are not reported` });
}

async function loadProgram(): Promise<NodeProgram> {
  if (config.program.kind === "sandboxed") return sandboxedProgram(readFileSync(config.program.file, "utf8"), config.limits);
  const mod = (await import(pathToFileURL(config.program.file).href)) as Partial<NodeProgram> & { default?: NodeProgram };
  const program = mod.default ?? (mod as NodeProgram);
  return {
    init: (init) => program.init(init),
    handle: (state, message, now) => checkStep(program.handle(state, message, now), "handle()"),
    tick: (state, now) => checkStep(program.tick(state, now), "tick()"),
  };
}

/** The durable part of the state survives a crash: written (atomically) before sends go out. */
function recovered(): unknown {
  if (!existsSync(config.storeFile)) return null;
  try {
    return JSON.parse(readFileSync(config.storeFile, "utf8"));
  } catch {
    return null;
  }
}

function persist(durable: unknown): void {
  writeFileSync(`${config.storeFile}.tmp`, JSON.stringify(durable));
  renameSync(`${config.storeFile}.tmp`, config.storeFile);
}

/** A link to another node: one TCP connection to its proxy, reconnected when it breaks. */
class Link {
  private socket: Socket | null = null;
  private connected = false;
  private queue: string[] = [];
  private retryAt = 0;

  constructor(
    private readonly peer: string,
    private readonly port: number,
  ) {}

  send(line: string): void {
    if (this.connected && this.socket) {
      this.socket.write(line);
      return;
    }
    this.queue.push(line);
    if (this.queue.length > MAX_QUEUED_PER_LINK) this.queue.shift();
    this.connect();
  }

  private connect(): void {
    if (this.socket || Date.now() < this.retryAt) return;
    const socket = createConnection({ host: "127.0.0.1", port: this.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("connect", () => {
      this.connected = true;
      for (const line of this.queue.splice(0)) socket.write(line);
    });
    // A broken link loses what was in flight, as TCP through a cut network does.
    const broken = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.connected = false;
      this.retryAt = Date.now() + 100;
      socket.destroy();
      if (this.queue.length) setTimeout(() => this.connect(), 100).unref();
    };
    socket.on("error", broken);
    socket.on("close", broken);
    // Replies from the peer never come back on this connection: peers send on their own links.
    socket.on("data", () => undefined);
  }

  close(): void {
    this.socket?.destroy();
  }

  get name(): string {
    return this.peer;
  }
}

async function main(): Promise<void> {
  const program = await loadProgram();
  const links = new Map(Object.entries(config.peers).map(([peer, port]) => [peer, new Link(peer, port)]));
  const clients = new Map<string, Socket>();
  let nextMsgId = 1;
  let state: unknown = null;
  try {
    state = program.init({ id: config.id, nodeIds: config.nodeIds, recovered: recovered() });
  } catch (err) {
    programError("init()", err);
  }

  const deliver = (dest: string, body: MessageBody) => {
    const out = { src: config.id, dest, body: { ...body, msg_id: body.msg_id ?? nextMsgId++ } };
    const line = `${JSON.stringify(out)}\n`;
    // The receiver would refuse it; say so here, where it is the program's doing.
    if (line.length > MAX_MESSAGE_CHARS) return programError("send", new Error(`a ${body.type} message of ${line.length} characters is over the ${MAX_MESSAGE_CHARS}-character limit`));
    if (isClientId(dest)) {
      const socket = clients.get(dest);
      if (!socket || socket.destroyed) return report({ ev: "dropped", to: dest, body: out.body, why: "no connection from that client" });
      socket.write(line);
    } else {
      const link = links.get(dest);
      if (!link) return programError("send", new Error(`there is no node "${dest}" (nodes: ${config.nodeIds.join(", ")})`));
      link.send(line);
    }
    report({ ev: "send", to: dest, body: out.body });
  };

  const apply = (step: Step) => {
    state = step.state;
    if (step.durable !== undefined) persist(step.durable);
    for (const { dest, body } of step.send ?? []) deliver(dest, body);
  };

  const onMessage = (message: Message, socket: Socket) => {
    if (isClientId(message.src)) clients.set(message.src, socket);
    report({ ev: "recv", from: message.src, body: message.body });
    try {
      apply(program.handle(state, message, Math.round(clock.now())));
    } catch (err) {
      programError(`handle() of a ${message.body.type} message from ${message.src}`, err);
    }
  };

  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on("error", () => socket.destroy());
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    lines.on("error", () => undefined);
    lines.on("line", (line) => {
      const parsed = parseMessage(line);
      if (!parsed.ok) return report({ ev: "error", where: "network", message: parsed.error });
      if (parsed.message.dest !== config.id) return report({ ev: "error", where: "network", message: `a message for ${parsed.message.dest} reached ${config.id}` });
      onMessage(parsed.message, socket);
    });
  });

  setInterval(() => {
    try {
      apply(program.tick(state, Math.round(clock.now())));
    } catch (err) {
      programError("tick()", err);
    }
  }, config.tickMs).unref();

  server.listen(config.port, "127.0.0.1", () => process.stdout.write(`ready ${config.port}\n`));
  process.on("SIGTERM", () => {
    for (const link of links.values()) link.close();
    process.exit(0);
  });
}

// Orphan guard: if the run's process dies without teardown, do not linger on the port.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && process.exit(0), 500).unref();

main().catch((err: Error) => {
  process.stderr.write(`node ${config.id} could not start: ${err.message}\n`);
  process.exit(1);
});
