/**
 * Serves several processes' metrics as one Prometheus text. Every series carries its process's
 * `role` and `instance` labels, so nothing needs summing: prom-client's AggregatorRegistry
 * groups samples by name and identical labels, and with "sum" forced for every metric (some
 * default metrics say "omit" or "first", meant for cluster workers without such labels) each
 * process's samples come through unchanged under one HELP / TYPE header.
 */
import { AggregatorRegistry, type Registry } from "prom-client";
import type { MetricsJson } from "./metrics-push";

export function mergeMetrics(sources: MetricsJson[]): Registry {
  return AggregatorRegistry.aggregate(sources.map((metrics) => metrics.map((m) => ({ ...m, aggregator: "sum" as const }))));
}
