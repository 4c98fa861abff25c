/**
 * The worker's spans around one run job: the wait in the queue (from the enqueue to now,
 * drawn after the fact) and the job itself, both under the context the job data carries.
 * The run's spans are flushed to run_span before the job completes.
 */
import { SpanKind, type Context } from "@opentelemetry/api";
import { extractCarrier, inRunSpan, startRunSpan, type TraceCarrier } from "./run-trace";
import { flushRunSpans } from "./tracing";

export async function traceRunJob<T extends string>(runId: string, carry: TraceCarrier | undefined, enqueuedAt: number, fn: (ctx: Context) => Promise<T>): Promise<T> {
  const parent = extractCarrier(carry);
  const takenAt = Date.now();
  startRunSpan("run.queue-wait", runId, parent, { startTime: Math.min(enqueuedAt, takenAt), kind: SpanKind.CONSUMER }).end(takenAt);
  try {
    return await inRunSpan(
      "run.job",
      runId,
      parent,
      async (span, ctx) => {
        const status = await fn(ctx);
        span.setAttribute("faultline.status", status);
        return status;
      },
      { startTime: takenAt, kind: SpanKind.CONSUMER },
    );
  } finally {
    await flushRunSpans();
  }
}
