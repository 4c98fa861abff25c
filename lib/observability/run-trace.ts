/**
 * The spans of one lab run, one trace from the request to the stored grade:
 *
 *   run.submit (web) ─ run.enqueue (web) ─┬─ run.queue-wait (worker)
 *                                         └─ run.job (worker) ─┬─ run.child ─ phase:<name>…
 *                                                              └─ run.store
 *
 * The context crosses from web to worker as a W3C `traceparent` in the job data. The child
 * runs no SDK: the worker draws its phases from the child's `phase` events as they arrive.
 */
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from "@opentelemetry/api";
import { RUN_ID_ATTRIBUTE } from "./run-span-store";
import { tracer } from "./tracing";

export type TraceCarrier = Record<string, string>;

/** Starts a span of run `runId` under `parent`; `startTime` (epoch ms) for spans made after the fact. */
export function startRunSpan(name: string, runId: string | undefined, parent: Context, opts: { startTime?: number; kind?: SpanKind; attributes?: Record<string, string | number> } = {}): Span {
  const span = tracer().startSpan(name, { kind: opts.kind, startTime: opts.startTime, attributes: opts.attributes }, parent);
  if (runId) span.setAttribute(RUN_ID_ATTRIBUTE, runId);
  return span;
}

export function contextWith(span: Span, parent: Context = ROOT_CONTEXT): Context {
  return trace.setSpan(parent, span);
}

/** The W3C trace context of `ctx` for the job data. */
export function injectCarrier(ctx: Context): TraceCarrier {
  const carrier: TraceCarrier = {};
  tracer(); // installs the propagator
  propagation.inject(ctx, carrier);
  return carrier;
}

/** The context a job's data carries (the root context when it carries none). */
export function extractCarrier(carrier: TraceCarrier | undefined): Context {
  tracer();
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

/** Runs `fn` in span `name`; the span records a thrown error and always ends. */
export async function inRunSpan<T>(name: string, runId: string | undefined, parent: Context, fn: (span: Span, ctx: Context) => Promise<T>, opts: Parameters<typeof startRunSpan>[3] = {}): Promise<T> {
  const span = startRunSpan(name, runId, parent, opts);
  try {
    return await fn(span, contextWith(span, parent));
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

/**
 * One span per phase of a running child: a phase lasts from its `phase` event to the next
 * (or to the child's exit). Times are when the worker received the events.
 */
export class PhaseSpans {
  private open: Span | undefined;

  constructor(private readonly runId: string, private readonly parent: Context) {}

  phase(name: string, at = Date.now()): void {
    this.open?.end(at);
    this.open = startRunSpan(`phase:${name}`, this.runId, this.parent, { startTime: at, attributes: { "faultline.phase": name } });
  }

  end(at = Date.now()): void {
    this.open?.end(at);
    this.open = undefined;
  }
}
