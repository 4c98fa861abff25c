/**
 * A fault-injecting TCP proxy in the spirit of Toxiproxy. Toxiproxy itself is a Go server
 * that neither npm nor Debian ship and cannot be downloaded here, so this is our own: a
 * labs' client talks to `proxy.port`, the proxy talks to the real node, and toxics added at
 * run time delay, drop, reset or rewrite the bytes in between. See ./toxic for the contract.
 *
 *   const proxy = await createProxy({ upstream: { port: replicaPort } });
 *   proxy.add(partition({ direction: "both" }), { name: "partition" });
 *   …
 *   proxy.remove("partition"); // heal: connections that lost bytes are reset
 *   await proxy.close();
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import { once } from "node:events";
import { mulberry32, type Rng } from "./rng";
import {
  appliesTo,
  type ChunkContext,
  type ConnectionControl,
  type Direction,
  type Toxic,
  type ToxicStream,
} from "./toxic";

export interface Upstream {
  host?: string;
  port: number;
}

export interface ProxyOptions {
  upstream: Upstream;
  /** Default 127.0.0.1. */
  listenHost?: string;
  /** Default 0: the OS picks a free port (read it from `proxy.port`). */
  listenPort?: number;
  /** For messages and listings. */
  name?: string;
  /** Seeds the per-connection toxicity draws. Default 1. */
  seed?: number;
}

export interface AddToxicOptions {
  /** Unique within the proxy; default: the toxic's type. */
  name?: string;
  /** Probability that the toxic applies to a given connection, drawn once per connection. Default 1. */
  toxicity?: number;
}

export interface ToxicInfo {
  name: string;
  type: string;
  direction: string;
  toxicity: number;
  params: Readonly<Record<string, unknown>>;
}

export interface TcpProxy {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** Where new connections go (existing ones keep theirs). */
  upstream: Required<Upstream>;
  /** Starts a toxic now, on existing and new connections; returns its name. */
  add(toxic: Toxic, options?: AddToxicOptions): string;
  /** Stops a toxic now; false when no toxic has that name. Never blocks. */
  remove(name: string): boolean;
  removeAll(): void;
  has(name: string): boolean;
  list(): ToxicInfo[];
  /** Open client connections. */
  connectionCount(): number;
  /** Resets every open connection (e.g. after `upstream` moved: they still lead to the old one). */
  resetConnections(): void;
  /** Stops listening, stops every toxic, drops every connection. Bounded; never hangs. */
  close(): Promise<void>;
}

interface ActiveToxic {
  seq: number;
  name: string;
  toxic: Toxic;
  toxicity: number;
  controller: AbortController;
}

type Item =
  | { kind: "data"; data: Buffer; at: number }
  | { kind: "end"; at: number }
  | { kind: "tick"; at: number };

interface PipeEntry {
  active: ActiveToxic;
  stream: ToxicStream;
  /** Aborts when the toxic is removed or the connection goes (made once, not per chunk). */
  signal: AbortSignal;
}

/** One direction of one connection: a serial queue, so toxics never reorder bytes. */
class Pipe {
  private queue: Item[] = [];
  private pumping = false;
  private entries: PipeEntry[] = [];
  ended = false;

  constructor(
    private readonly conn: Connection,
    readonly direction: Direction,
    private readonly source: () => Socket | null,
    private readonly dest: () => Socket | null,
  ) {}

  push(item: Item): void {
    this.queue.push(item);
    if (this.queue.length > 32) this.source()?.pause();
    void this.pump();
  }

  private syncEntries(): void {
    for (const a of this.conn.proxy.activeToxics()) {
      if (!a.toxic.stream || !appliesTo(a.toxic.direction, this.direction) || !this.conn.applies(a))
        continue;
      if (this.entries.some((e) => e.active === a)) continue;
      this.entries.push({ active: a, stream: a.toxic.stream(this.conn.id, this.direction), signal: AbortSignal.any([a.controller.signal, this.conn.signal]) });
    }
    this.entries.sort((x, y) => x.active.seq - y.active.seq);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.conn.closed) {
        const item = this.queue.shift() as Item;
        if (this.queue.length < 8) this.source()?.resume();
        await this.process(item);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async process(item: Item): Promise<void> {
    this.syncEntries();
    let data = item.kind === "data" ? item.data : Buffer.alloc(0);
    for (const entry of [...this.entries]) {
      const { active, stream, signal } = entry;
      if (active.controller.signal.aborted) {
        // Removed toxic: release what it held back, in order, then forget it.
        const held = stream.flush?.() ?? null;
        this.entries = this.entries.filter((e) => e !== entry);
        if (held) data = Buffer.concat([held, data]);
        continue;
      }
      const ctx: ChunkContext = {
        signal,
        arrivedAt: item.at,
        connectionId: this.conn.id,
        direction: this.direction,
      };
      if (data.length > 0 && stream.chunk) {
        const out = await stream.chunk(data, ctx);
        if (out === null) {
          this.conn.damage(active);
          return;
        }
        data = out;
      }
      if (item.kind === "end") {
        await stream.end?.(ctx);
        // The stream is over: bytes a toxic still holds (a partial line) go out unchanged.
        const held = stream.flush?.() ?? null;
        if (held) data = Buffer.concat([data, held]);
      }
    }
    if (this.conn.closed) return;
    const dest = await this.conn.destReady(this.dest);
    if (!dest || dest.destroyed || this.conn.closed) return;
    if (data.length > 0 && !dest.write(data)) {
      await Promise.race([
        once(dest, "drain").catch(() => undefined),
        once(this.conn.signal, "abort"),
      ]);
    }
    if (item.kind === "end") {
      this.ended = true;
      dest.end();
      this.conn.maybeFinished();
    }
  }
}

class Connection implements ConnectionControl {
  readonly controller = new AbortController();
  closed = false;
  private upstreamSocket: Socket | null = null;
  private upstreamReady: Promise<Socket | null>;
  private readonly decisions = new Map<number, boolean>();
  private readonly damagedBy = new Set<number>();
  readonly up: Pipe;
  readonly down: Pipe;

  constructor(
    readonly proxy: ProxyImpl,
    readonly id: number,
    private readonly client: Socket,
  ) {
    this.up = new Pipe(
      this,
      "upstream",
      () => client,
      () => this.upstreamSocket,
    );
    this.down = new Pipe(
      this,
      "downstream",
      () => this.upstreamSocket,
      () => client,
    );
    this.upstreamReady = this.connectUpstream();
    client.on("data", (data: Buffer) =>
      this.up.push({ kind: "data", data, at: performance.now() }),
    );
    client.on("end", () => this.up.push({ kind: "end", at: performance.now() }));
    client.on("error", () => this.reset());
    // Closing before our FIN reached it means it was torn down: drop the other side too.
    client.on("close", () => (this.down.ended ? this.maybeFinished() : this.destroy()));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  applies(a: ActiveToxic): boolean {
    let d = this.decisions.get(a.seq);
    if (d === undefined) {
      d = a.toxicity >= 1 || this.proxy.rng() < a.toxicity;
      this.decisions.set(a.seq, d);
    }
    return d;
  }

  damage(a: ActiveToxic): void {
    this.damagedBy.add(a.seq);
  }

  isDamagedBy(a: ActiveToxic): boolean {
    return this.damagedBy.has(a.seq);
  }

  async destReady(dest: () => Socket | null): Promise<Socket | null> {
    const d = dest();
    if (d) return d;
    return this.upstreamReady;
  }

  private async connectUpstream(): Promise<Socket | null> {
    // Hold the connect while a toxic says the network would not carry the SYN.
    while (!this.closed && this.proxy.holdsConnect(this)) {
      await Promise.race([this.proxy.toxicsChanged(), once(this.signal, "abort")]);
    }
    if (this.closed) return null;
    const { host, port } = this.proxy.upstream;
    const socket = connect({ host, port, allowHalfOpen: true });
    try {
      await Promise.race([once(socket, "connect"), once(this.signal, "abort")]);
    } catch {
      // Upstream refused (e.g. the node crashed): the client sees a reset, as it would.
      socket.destroy();
      this.reset();
      return null;
    }
    if (this.closed) {
      socket.destroy();
      return null;
    }
    this.upstreamSocket = socket;
    socket.on("data", (data: Buffer) =>
      this.down.push({ kind: "data", data, at: performance.now() }),
    );
    socket.on("end", () => this.down.push({ kind: "end", at: performance.now() }));
    socket.on("error", () => this.reset());
    socket.on("close", () => (this.up.ended ? this.maybeFinished() : this.destroy()));
    // Connection-level toxics already active (e.g. reset) act on the new connection.
    for (const a of this.proxy.activeToxics()) this.proxy.applyConnectionToxic(a, this);
    return socket;
  }

  /** Kick both pipes so removed toxics flush what they hold. */
  tick(): void {
    const at = performance.now();
    this.up.push({ kind: "tick", at });
    this.down.push({ kind: "tick", at });
  }

  reset(): void {
    if (this.closed) return;
    this.close();
    if (!this.client.destroyed) this.client.resetAndDestroy();
    if (this.upstreamSocket && !this.upstreamSocket.destroyed)
      this.upstreamSocket.resetAndDestroy();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.abort();
    this.proxy.forget(this);
  }

  destroy(): void {
    this.close();
    this.client.destroy();
    this.upstreamSocket?.destroy();
  }

  /** Both FINs forwarded: the sockets close by themselves once the peers finish. */
  maybeFinished(): void {
    if (this.up.ended && this.down.ended) this.close();
  }
}

class ProxyImpl implements TcpProxy {
  readonly name: string;
  readonly host: string;
  port = 0;
  upstream: Required<Upstream>;
  readonly rng: Rng;
  private server: Server;
  private readonly toxics = new Map<string, ActiveToxic>();
  private readonly connections = new Set<Connection>();
  private seq = 0;
  private nextConnId = 1;
  private changeWaiters: Array<() => void> = [];
  private closing: Promise<void> | null = null;

  constructor(options: ProxyOptions) {
    this.name = options.name ?? `proxy→${options.upstream.port}`;
    this.host = options.listenHost ?? "127.0.0.1";
    this.upstream = { host: options.upstream.host ?? "127.0.0.1", port: options.upstream.port };
    this.rng = mulberry32(options.seed ?? 1);
    this.server = createServer({ allowHalfOpen: true, pauseOnConnect: false }, (socket) =>
      this.accept(socket),
    );
  }

  async listen(port: number): Promise<void> {
    this.server.listen(port, this.host);
    await once(this.server, "listening");
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const conn = new Connection(this, this.nextConnId++, socket);
    this.connections.add(conn);
  }

  activeToxics(): ActiveToxic[] {
    return [...this.toxics.values()];
  }

  holdsConnect(conn: Connection): boolean {
    return this.activeToxics().some((a) => a.toxic.holdsConnect && conn.applies(a));
  }

  toxicsChanged(): Promise<void> {
    return new Promise((resolve) => this.changeWaiters.push(resolve));
  }

  private notifyChange(): void {
    const waiters = this.changeWaiters;
    this.changeWaiters = [];
    for (const w of waiters) w();
  }

  applyConnectionToxic(a: ActiveToxic, conn: Connection): void {
    if (a.toxic.onConnection && conn.applies(a) && !conn.closed) {
      a.toxic.onConnection(conn, AbortSignal.any([a.controller.signal, conn.signal]));
    }
  }

  forget(conn: Connection): void {
    this.connections.delete(conn);
  }

  add(toxic: Toxic, options: AddToxicOptions = {}): string {
    if (this.closing) throw new Error(`${this.name}: cannot add a toxic to a closed proxy`);
    const name = options.name ?? toxic.type;
    const toxicity = options.toxicity ?? 1;
    if (this.toxics.has(name))
      throw new Error(
        `${this.name}: a toxic named "${name}" is already active; remove it first or pick another name`,
      );
    if (!(toxicity >= 0 && toxicity <= 1))
      throw new Error(`${this.name}: toxicity must be between 0 and 1, got ${toxicity}`);
    const active: ActiveToxic = {
      seq: ++this.seq,
      name,
      toxic,
      toxicity,
      controller: new AbortController(),
    };
    this.toxics.set(name, active);
    for (const conn of [...this.connections]) this.applyConnectionToxic(active, conn);
    this.notifyChange();
    return name;
  }

  remove(name: string): boolean {
    const active = this.toxics.get(name);
    if (!active) return false;
    this.toxics.delete(name);
    active.controller.abort();
    for (const conn of [...this.connections]) {
      if (conn.isDamagedBy(active)) conn.reset();
      else conn.tick();
    }
    this.notifyChange();
    return true;
  }

  removeAll(): void {
    for (const name of [...this.toxics.keys()]) this.remove(name);
  }

  has(name: string): boolean {
    return this.toxics.has(name);
  }

  list(): ToxicInfo[] {
    return this.activeToxics().map((a) => ({
      name: a.name,
      type: a.toxic.type,
      direction: a.toxic.direction,
      toxicity: a.toxicity,
      params: a.toxic.params,
    }));
  }

  connectionCount(): number {
    return this.connections.size;
  }

  resetConnections(): void {
    for (const conn of [...this.connections]) conn.reset();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const a of this.toxics.values()) a.controller.abort();
      this.toxics.clear();
      this.notifyChange();
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const conn of [...this.connections]) conn.destroy();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1_000))]);
    })();
    return this.closing;
  }
}

/** Starts a proxy listening on `listenPort` (default: a free port) in front of `upstream`. */
export async function createProxy(options: ProxyOptions): Promise<TcpProxy> {
  if (
    !options?.upstream ||
    !Number.isInteger(options.upstream.port) ||
    options.upstream.port <= 0
  ) {
    throw new Error(
      `createProxy: upstream.port must be the node's TCP port (a positive integer), got ${JSON.stringify(options?.upstream)}`,
    );
  }
  const proxy = new ProxyImpl(options);
  await proxy.listen(options.listenPort ?? 0);
  return proxy;
}
