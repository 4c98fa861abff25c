/**
 * The platform's own metrics: one place names them all (docs/OPERATIONS.md lists them).
 * Counted where the thing happens — submits in the web app, endings wherever a run is ended
 * (worker, reconcile loop, a failed enqueue), queue wait and checker time in the worker — and
 * served together at GET /metrics. Cluster-wide gauges (queue depth, live workers) are not
 * here: they are read at scrape time (./cluster-metrics.ts), from the operations snapshot.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { METRIC_PREFIX, metricsRegistry } from "./registry";

const name = (n: string) => `${METRIC_PREFIX}${n}`;

function define(registers: Registry[]) {
  return {
    runsSubmitted: new Counter({
      name: name("runs_submitted_total"),
      help: "Runs stored and queued, by lab and task.",
      labelNames: ["lab", "task"] as const,
      registers,
    }),
    runsFinished: new Counter({
      name: name("runs_finished_total"),
      help: "Runs that reached a final status (passed, failed, error), by lab, task, status and error kind.",
      labelNames: ["lab", "task", "status", "error_kind"] as const,
      registers,
    }),
    runDuration: new Histogram({
      name: name("run_duration_seconds"),
      help: "From a run's start on a worker to its stored grade.",
      labelNames: ["lab", "task"] as const,
      buckets: [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 300],
      registers,
    }),
    queueWait: new Histogram({
      name: name("run_queue_wait_seconds"),
      help: "From a run's submit to a worker starting it.",
      labelNames: ["lab"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
      registers,
    }),
    checkerTime: new Histogram({
      name: name("checker_seconds"),
      help: "From a run's check phase to its grade (the checker's time, in the run's child).",
      labelNames: ["lab", "task"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    }),
    sseStreams: new Gauge({
      name: name("sse_streams_open"),
      help: "Live run event streams (SSE) this web process is serving.",
      registers,
    }),
    httpDuration: new Histogram({
      name: name("http_request_duration_seconds"),
      help: "API request duration, by route pattern, method and status code.",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}

export type PlatformMetrics = ReturnType<typeof define>;

const holder = globalThis as unknown as { __faultlinePlatformMetrics?: PlatformMetrics };

export function platformMetrics(): PlatformMetrics {
  holder.__faultlinePlatformMetrics ??= define([metricsRegistry()]);
  return holder.__faultlinePlatformMetrics;
}
