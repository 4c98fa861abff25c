/**
 * The server side of `GET /api/runs/:id/events` (Server-Sent Events): replays the run's
 * events after `after` from Postgres, follows the live Redis Stream (through the process's
 * shared reader, ./stream-hub.ts) until the run is final, then sends `event: end` with the
 * grade. Event ids are the events' seq, so a reconnect with Last-Event-ID gets exactly the
 * missing events.
 */
import type { Db } from "@/lib/db/client";
import { OUTAGE_MESSAGE, outageOf } from "@/lib/http/outage";
import { log } from "@/lib/log";
import { platformMetrics } from "@/lib/observability/metrics";
import { END_FIELD, EVENT_FIELD, eventStreamKey } from "./event-keys";
import type { StreamEntry, StreamHub } from "./stream-hub";
import { getRunForViewer, gradeView, isFinal, type Audience, type RunView, type Viewer } from "./view";

export interface EventStreamOptions {
  db: Db;
  /** The shared live reader; this stream subscribes to its run's key. */
  hub: StreamHub;
  prefix: string;
  runId: string;
  viewer: Viewer | null;
  /** Who the `end` event is for (a predict task's details are staff-only); default student. */
  audience?: Audience;
  /** Send events with seq > after. */
  after: number;
  signal: AbortSignal;
  /** Comment lines keep proxies from closing an idle stream. */
  heartbeatMs?: number;
  blockMs?: number;
  /** Called once when the stream ends or the client leaves (e.g. to release a stream slot). */
  onClose?: () => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Parses Last-Event-ID / ?after=: a non-negative integer, else 0 (from the start). */
export function parseAfter(value: string | null | undefined): number {
  const n = Number(value);
  return value && Number.isInteger(n) && n >= 0 ? n : 0;
}

export function runEventStream(opts: EventStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const key = eventStreamKey(opts.prefix, opts.runId);
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const blockMs = opts.blockMs ?? 2_000;
  let closed = false;
  let lastWrite = Date.now();
  let lastSent = opts.after;
  let heartbeat: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};
  // Live entries the hub handed us, and a way to wake the loop when more arrive.
  const inbox: StreamEntry[] = [];
  let arrived: (() => void) | undefined;
  const stop = () => {
    if (closed) return false;
    closed = true;
    platformMetrics().sseStreams.dec();
    clearInterval(heartbeat);
    unsubscribe();
    arrived?.();
    opts.onClose?.();
    return true;
  };
  /** Waits until the hub delivers something or `ms` passes. */
  const nextEntries = async (ms: number): Promise<StreamEntry[]> => {
    if (inbox.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        arrived = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      arrived = undefined;
    }
    return inbox.splice(0);
  };

  platformMetrics().sseStreams.inc();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (closed) return;
        lastWrite = Date.now();
        controller.enqueue(encoder.encode(text));
      };
      const sendEvent = (seq: number, json: string) => {
        write(`id: ${seq}\ndata: ${json}\n\n`);
        lastSent = seq;
      };
      const finish = () => {
        if (!stop()) return;
        try {
          controller.close();
        } catch {
          /* the client already went away */
        }
      };
      heartbeat = setInterval(
        () => {
          if (Date.now() - lastWrite >= heartbeatMs) write(`: keepalive\n\n`);
        },
        Math.min(heartbeatMs, 5_000),
      );
      opts.signal.addEventListener("abort", finish, { once: true });

      /** Everything Postgres has after lastSent (and before `before`, when given). */
      const sendStored = async (before?: number) => {
        for (;;) {
          const rows = await opts.db.runEvent.findMany({
            where: {
              runId: opts.runId,
              seq: before ? { gt: lastSent, lt: before } : { gt: lastSent },
            },
            orderBy: { seq: "asc" },
            take: 1000,
          });
          for (const row of rows) {
            sendEvent(row.seq, JSON.stringify({ seq: row.seq, ...(row.data as object) }));
          }
          if (rows.length < 1000 || closed) return;
        }
      };

      /** `end` carries the GradeView (./grade-view.ts), as GET /api/runs/:id shows it. */
      const sendEnd = (run: RunView) => {
        const grade = gradeView(run, opts.audience ?? "student");
        if (grade) write(`event: end\ndata: ${JSON.stringify(grade)}\n\n`);
      };

      const loop = async () => {
        write(`retry: 2000\n\n`);
        const first = await getRunForViewer(opts.runId, opts.viewer, opts.db);
        if (!first) {
          write(`event: error\ndata: ${JSON.stringify({ message: `No run ${opts.runId}.` })}\n\n`);
          return;
        }
        // Subscribe before the replay so nothing added in between is missed (duplicates are skipped by seq).
        unsubscribe = opts.hub.subscribe(key, lastSent, (entries) => {
          inbox.push(...entries);
          arrived?.();
        });
        await sendStored();
        let checkedAt = 0;
        let endSeen = false;
        while (!closed) {
          if (endSeen || Date.now() - checkedAt >= blockMs) {
            checkedAt = Date.now();
            const run = await getRunForViewer(opts.runId, opts.viewer, opts.db);
            if (!run || isFinal(run.status)) {
              await sendStored();
              if (run) sendEnd(run);
              return;
            }
          }
          for (const { id, fields } of await nextEntries(blockMs)) {
            if (fields[0] === END_FIELD) {
              endSeen = true;
              continue;
            }
            const seq = Number(id.split("-")[1]);
            if (seq <= lastSent || fields[0] !== EVENT_FIELD) continue;
            if (seq > lastSent + 1) await fillGap(seq);
            sendEvent(seq, JSON.stringify({ seq, ...(JSON.parse(fields[1] ?? "{}") as object) }));
          }
        }
      };

      /** Events missing from the stream (trimmed, or a failed XADD) come from Postgres. */
      const fillGap = async (upTo: number) => {
        for (let attempt = 0; attempt < 20 && lastSent < upTo - 1 && !closed; attempt++) {
          await sendStored(upTo);
          if (lastSent < upTo - 1) await sleep(250); // its batch may not be flushed yet
        }
      };

      loop()
        .catch((err: Error) => {
          // The client's EventSource reconnects (retry: 2000) with Last-Event-ID and resumes.
          const outage = outageOf(err);
          const message = outage ? OUTAGE_MESSAGE[outage] : "The live view stopped on our side; it reconnects by itself.";
          if (!outage) log.error({ runId: opts.runId, err: err.message }, "event stream failed");
          if (!closed) write(`event: error\ndata: ${JSON.stringify({ message })}\n\n`);
        })
        .finally(finish);
    },
    cancel() {
      stop();
    },
  });
}
