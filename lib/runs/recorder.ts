/**
 * Records a run's events as they happen: each gets the next seq, goes at once to the
 * run's Redis Stream (id `0-<seq>`, for live viewers) and, batched, to Postgres RunEvent rows
 * (for replay). `close()` flushes Postgres first, so once the run is final, Postgres has
 * every event. A batch that fails is retried with backoff (./retry.ts), then kept for the next
 * flush; only one still failing at close() is lost (logged with the run id and its seqs).
 */
import type { Redis } from "ioredis";
import type { Db } from "@/lib/db/client";
import type { LabEvent } from "@/lib/labs/types";
import { log } from "@/lib/log";
import { boundEventJson } from "./bounded-output";
import { withRetry } from "./retry";
import {
  END_FIELD,
  EVENT_FIELD,
  eventStreamKey,
  STREAM_MAXLEN,
  STREAM_TTL_SECONDS,
} from "./event-keys";

const BATCH_SIZE = 200;
const FLUSH_EVERY_MS = 250;

export class EventRecorder {
  private seq = 0;
  private pending: { seq: number; event: LabEvent }[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private busy = false;
  private readonly timer: NodeJS.Timeout;
  private readonly key: string;
  private firstEventAt: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    prefix: string,
    private readonly runId: string,
  ) {
    this.key = eventStreamKey(prefix, runId);
    // While a flush is retrying, the timer does not pile more flushes onto the chain.
    this.timer = setInterval(() => this.busy || void this.flush(), FLUSH_EVERY_MS);
  }

  /** Wall-clock time of the first event (for benchmarks), or null. */
  get firstAt(): number | null {
    return this.firstEventAt;
  }

  get count(): number {
    return this.seq;
  }

  record(raw: LabEvent): void {
    const { event, json } = boundEventJson(raw);
    const seq = ++this.seq;
    this.firstEventAt ??= Date.now();
    this.redis
      .xadd(this.key, "MAXLEN", "~", STREAM_MAXLEN, `0-${seq}`, EVENT_FIELD, json)
      .catch((err: Error) =>
        log.warn({ runId: this.runId, err: err.message }, "live event not streamed"),
      );
    this.pending.push({ seq, event });
    if (this.pending.length >= BATCH_SIZE && !this.busy) void this.flush();
  }

  /** Writes pending events to Postgres; serialised so batches land in order. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.length === 0) return;
      const batch = this.pending;
      this.pending = [];
      const data = batch.map(({ seq, event }) => ({ runId: this.runId, seq, kind: event.kind, data: event as object }));
      this.busy = true;
      try {
        // A Postgres blip must not leave holes in the replay: retry (skipDuplicates makes it safe).
        await withRetry(() => this.db.runEvent.createMany({ data, skipDuplicates: true }), {
          onRetry: (err, attempt, delayMs) =>
            log.warn({ runId: this.runId, err: err.message, attempt, delayMs }, "events not stored yet; retrying"),
        });
      } catch (err) {
        // A longer outage: keep the batch for the next flush; close() gives up on it.
        this.pending = batch.concat(this.pending);
        log.warn({ runId: this.runId, err: (err as Error).message, kept: this.pending.length }, "events not stored yet; kept for the next flush");
      } finally {
        this.busy = false;
      }
    });
    return this.flushing;
  }

  /** Flushes to Postgres and stops the timer (call before the run's status becomes final). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    if (this.pending.length === 0) return;
    const lost = this.pending;
    this.pending = [];
    log.error({ runId: this.runId, lost: lost.length, seqs: [lost[0]?.seq, lost.at(-1)?.seq] }, "events not stored");
  }
}

/** Wakes live viewers once the run is final and lets the stream expire. */
export async function markStreamEnded(redis: Redis, prefix: string, runId: string): Promise<void> {
  const key = eventStreamKey(prefix, runId);
  // "0-*": Redis picks the next sequence after the last event, so the marker sorts last.
  await redis.multi().xadd(key, "0-*", END_FIELD, "1").expire(key, STREAM_TTL_SECONDS).exec();
}

/**
 * A run whose worker died: events it streamed live but had not yet written to Postgres (up to
 * one flush interval's worth) are copied from the run's Redis Stream, so the replay shows what
 * live viewers saw. Returns how many were missing.
 */
export async function salvageStreamedEvents(db: Db, redis: Redis, prefix: string, runId: string): Promise<number> {
  const entries = await redis.xrange(eventStreamKey(prefix, runId), "-", "+");
  const data = entries.flatMap(([id, fields]) => {
    if (fields[0] !== EVENT_FIELD) return [];
    const event = JSON.parse(fields[1] ?? "{}") as LabEvent;
    return [{ runId, seq: Number(id.split("-")[1]), kind: event.kind, data: event as object }];
  });
  if (data.length === 0) return 0;
  const { count } = await db.runEvent.createMany({ data, skipDuplicates: true });
  return count;
}
