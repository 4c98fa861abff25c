/**
 * The contract between the TCP proxy and its toxics (after Toxiproxy's CREATING_TOXICS.md):
 * - A toxic works on one direction of a connection ("upstream" = client → server,
 *   "downstream" = server → client) through a per-connection `ToxicStream`.
 * - Every wait a toxic makes must end when `ctx.signal` aborts (toxic removed, connection
 *   gone or proxy closed): removing a toxic or closing the proxy never blocks.
 * - A toxic never loses bytes silently: dropping a chunk (returning null) marks the
 *   connection damaged, and the proxy resets it when the toxic is removed, so the peers see
 *   a broken connection instead of a stream with a hole in it.
 * - Probability ("toxicity") is applied by the proxy per connection, not by each toxic.
 */
export type Direction = "upstream" | "downstream";
export type DirectionSpec = Direction | "both";

export interface ChunkContext {
  /** Aborts when the toxic is removed, the connection closes or the proxy closes. */
  signal: AbortSignal;
  /** When the proxy read the chunk (ms, performance.now clock). */
  arrivedAt: number;
  connectionId: number;
  direction: Direction;
}

export interface ToxicStream {
  /** Bytes to forward (may be empty), or null to drop them (the connection becomes damaged). */
  chunk?(data: Buffer, ctx: ChunkContext): Buffer | null | Promise<Buffer | null>;
  /** Runs before the proxy forwards a FIN in this direction. */
  end?(ctx: ChunkContext): void | Promise<void>;
  /** The toxic was removed: bytes it still holds (e.g. a partial line), forwarded in order. */
  flush?(): Buffer | null;
}

/** What a connection-level toxic may do to a connection. */
export interface ConnectionControl {
  readonly id: number;
  /** Sends RST to both peers and drops the connection. */
  reset(): void;
}

export interface Toxic {
  readonly type: string;
  /** Which directions `stream` applies to. */
  readonly direction: DirectionSpec;
  /** Settings, for listings and events. */
  readonly params: Readonly<Record<string, unknown>>;
  stream?(connectionId: number, direction: Direction): ToxicStream;
  /** Called for each affected connection: existing ones when added, new ones while active. */
  onConnection?(conn: ConnectionControl, signal: AbortSignal): void;
  /** While active, new client connections are not connected upstream (a SYN that never arrives). */
  readonly holdsConnect?: boolean;
}

export function appliesTo(spec: DirectionSpec, direction: Direction): boolean {
  return spec === "both" || spec === direction;
}

/** Sleeps `ms`, resolving early (never rejecting) when `signal` aborts. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

export function checkDirection(value: unknown, where: string): DirectionSpec {
  if (value === "upstream" || value === "downstream" || value === "both") return value;
  throw new Error(
    `${where}: direction must be "upstream" (client → server), "downstream" (server → client) or "both", got ${JSON.stringify(value)}`,
  );
}

export function checkNonNegative(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new Error(`${where} must be a finite number ≥ 0, got ${JSON.stringify(value)}`);
  }
  return value;
}
