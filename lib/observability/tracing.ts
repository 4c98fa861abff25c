/**
 * This process's OpenTelemetry tracer. Spans of a lab run are always kept for the run page's
 * waterfall (./run-span-store.ts); they are also exported over OTLP/HTTP (JSON) when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the OTEL_EXPORTER_OTLP_* variables).
 * Nothing is registered globally: Next.js's own instrumentation stays off, and contexts are
 * passed explicitly (no context manager needed).
 */
import { propagation, type Tracer } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from "@opentelemetry/sdk-trace";
import { RunSpanStore } from "./run-span-store";

/** The `service.name` of web processes; workers call setTraceService("faultline-worker") first. */
let service = process.env.OTEL_SERVICE_NAME ?? "faultline-web";
let provider: TracerProvider | undefined;
let store: RunSpanStore | undefined;

/** Names this process in its spans; must run before the first span (worker start-up). */
export function setTraceService(name: string): void {
  if (!process.env.OTEL_SERVICE_NAME) service = name;
}

export function traceService(): string {
  return service;
}

function start(): TracerProvider {
  store = new RunSpanStore(service);
  const processors: SpanProcessor[] = [store];
  if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }));
  // W3C `traceparent` is how a run's context travels in its job data (./run-trace.ts).
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  return new TracerProvider({ resource: resourceFromAttributes({ "service.name": service }), spanProcessors: processors });
}

export function tracer(): Tracer {
  provider ??= start();
  return provider.getTracer("faultline");
}

/** Writes the run spans gathered so far to Postgres (end of a job); OTLP exports keep their own pace. */
export async function flushRunSpans(): Promise<void> {
  await store?.forceFlush();
}

/** Pushes pending OTLP exports too (tests, shutdown). */
export async function flushTraces(): Promise<void> {
  await provider?.forceFlush().catch(() => undefined);
}

export async function shutdownTraces(): Promise<void> {
  await provider?.shutdown().catch(() => undefined);
  provider = undefined;
}
