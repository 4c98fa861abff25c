/**
 * One Redis reader per web process for every live event stream: a single XREAD BLOCK over
 * the streams somebody is watching, fanned out to their SSE connections, so 100 open pages
 * hold one Redis connection, not 100. A new subscription interrupts the blocked read
 * (CLIENT UNBLOCK) so its stream joins the next read at once.
 */
import type { Redis } from "ioredis";

/** One stream entry: its id ("0-<seq>") and its field/value list. */
export interface StreamEntry {
  id: string;
  fields: string[];
}
export type Listener = (entries: StreamEntry[]) => void;

interface Watched {
  /** Read entries after this seq: the lowest position any listener still needs. */
  cursor: number;
  listeners: Set<Listener>;
}

type XReadReply = [string, [string, string[]][]][] | null;

const seqOf = (id: string) => Number(id.split("-")[1]);

export class StreamHub {
  private readonly watched = new Map<string, Watched>();
  private readerId: number | null = null;
  private reading = false;
  private closed = false;

  /**
   * `reader` is this hub's own connection (XREAD BLOCK holds it); `control` is any other
   * connection, used to interrupt the reader.
   */
  constructor(
    private readonly reader: Redis,
    private readonly control: Redis,
    private readonly blockMs = 5_000,
  ) {
    // A reconnect gets a new client id: ask again whenever the reader is (re)connected.
    reader.on("ready", () => void this.refreshReaderId());
    if (reader.status === "ready") void this.refreshReaderId();
  }

  /** Entries of `key` after seq `after`, as they arrive; call the result to stop. */
  subscribe(key: string, after: number, listener: Listener): () => void {
    let w = this.watched.get(key);
    if (!w) this.watched.set(key, (w = { cursor: after, listeners: new Set() }));
    w.cursor = Math.min(w.cursor, after);
    w.listeners.add(listener);
    this.wake();
    return () => {
      w.listeners.delete(listener);
      if (w.listeners.size === 0 && this.watched.get(key) === w) this.watched.delete(key);
    };
  }

  get streamCount(): number {
    return this.watched.size;
  }

  close(): void {
    this.closed = true;
    this.watched.clear();
    this.reader.disconnect();
  }

  private async refreshReaderId() {
    try {
      this.readerId = Number(await this.reader.client("ID"));
    } catch {
      this.readerId = null;
    }
  }

  private wake() {
    if (!this.reading) {
      this.reading = true;
      void this.loop().finally(() => (this.reading = false));
    } else if (this.readerId !== null) {
      // Ends the blocked XREAD early (as a timeout), so the next read includes the new stream.
      this.control.call("CLIENT", "UNBLOCK", this.readerId).catch(() => undefined);
    }
  }

  private async loop() {
    while (!this.closed && this.watched.size > 0) {
      // Snapshot: a reply goes only to listeners that were waiting when the read began.
      const round = [...this.watched].map(([key, w]) => ({ key, w, from: w.cursor, listeners: [...w.listeners] }));
      let reply = null as XReadReply;
      try {
        reply = (await this.reader.xread(
          "COUNT",
          500,
          "BLOCK",
          this.blockMs,
          "STREAMS",
          ...round.map((r) => r.key),
          ...round.map((r) => `0-${r.from}`),
        )) as XReadReply;
      } catch {
        if (this.closed) return;
        await new Promise((r) => setTimeout(r, 500)); // Redis blip: subscribers poll Postgres meanwhile
        continue;
      }
      for (const [key, raw] of reply ?? []) {
        const r = round.find((x) => x.key === key);
        if (!r || raw.length === 0) continue;
        const entries = raw.map(([id, fields]) => ({ id, fields }));
        // Advance unless a new listener moved the cursor back meanwhile (it re-reads from there).
        if (r.w.cursor === r.from) r.w.cursor = seqOf(entries.at(-1)!.id);
        for (const listener of r.listeners) if (r.w.listeners.has(listener)) listener(entries);
      }
    }
  }
}
