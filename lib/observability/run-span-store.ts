/**
 * A span processor that keeps every span of a lab run (those with a `faultline.run.id`
 * attribute) in the run_span table, for the waterfall on /runs/<id>. Writes are batched and
 * never block or fail the run: a lost row only thins the waterfall.
 */
import type { Context } from "@opentelemetry/api";
import { hrTimeToMilliseconds } from "@opentelemetry/core";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace";
import { prisma } from "@/lib/db/client";
import { log } from "@/lib/log";

export const RUN_ID_ATTRIBUTE = "faultline.run.id";

interface RunSpanRow {
  runId: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  service: string;
  startedAt: Date;
  durationMs: number;
  attributes: Record<string, string | number | boolean>;
}

function toRow(span: ReadableSpan, service: string): RunSpanRow | null {
  const runId = span.attributes[RUN_ID_ATTRIBUTE];
  if (typeof runId !== "string") return null;
  const attributes: RunSpanRow["attributes"] = {};
  for (const [k, v] of Object.entries(span.attributes)) {
    if (k !== RUN_ID_ATTRIBUTE && (typeof v === "string" || typeof v === "number" || typeof v === "boolean")) attributes[k] = v;
  }
  return {
    runId,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    name: span.name,
    service,
    startedAt: new Date(hrTimeToMilliseconds(span.startTime)),
    durationMs: Math.max(0, hrTimeToMilliseconds(span.duration)),
    attributes,
  };
}

export class RunSpanStore implements SpanProcessor {
  private pending: RunSpanRow[] = [];
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly service: string) {}

  onStart(_span: Span, _parent: Context): void {}

  onEnd(span: ReadableSpan): void {
    const row = toRow(span, this.service);
    if (!row) return;
    this.pending.push(row);
    // A short delay gathers a run's spans into one insert.
    this.timer ??= setTimeout(() => void this.forceFlush(), 250);
    this.timer.unref?.();
  }

  forceFlush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const rows = this.pending.splice(0);
    if (rows.length) {
      this.writing = this.writing.then(() =>
        prisma()
          .runSpan.createMany({ data: rows, skipDuplicates: true })
          .then(() => undefined)
          .catch((err: Error) => log.warn({ err: err.message, spans: rows.length }, "run spans not stored")),
      );
    }
    return this.writing;
  }

  shutdown(): Promise<void> {
    return this.forceFlush();
  }
}
