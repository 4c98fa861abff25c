/**
 * Workers have no HTTP server: each pushes its registry (as prom-client JSON) to Redis with
 * every heartbeat, under a key that expires, and the web app serves them at /metrics beside
 * its own. A worker that dies stops pushing and its series vanish with the key (Prometheus
 * reads that as the end of a series, and counters restarting from 0 as a reset).
 */
import type { Redis } from "ioredis";
import type { MetricObjectWithValues, MetricValue } from "prom-client";
import { processMetrics } from "./registry";
import { scanKeys } from "@/lib/queue/scan-keys";

export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/** Outlives a few missed heartbeats (2.5 s apart), like the heartbeat key itself. */
export const PUSHED_METRICS_TTL_MS = 15_000;

const metricsKey = (prefix: string, instance: string) => `${prefix}:metrics:${instance}`;

export async function pushProcessMetrics(redis: Redis, prefix: string): Promise<void> {
  const { registry, instance } = processMetrics();
  await redis.set(metricsKey(prefix, instance), JSON.stringify(await registry.getMetricsAsJSON()), "PX", PUSHED_METRICS_TTL_MS);
}

export async function dropPushedMetrics(redis: Redis, prefix: string): Promise<void> {
  await redis.del(metricsKey(prefix, processMetrics().instance));
}

export async function readPushedMetrics(redis: Redis, prefix: string): Promise<MetricsJson[]> {
  const keys = await scanKeys(redis, metricsKey(prefix, "*"));
  if (keys.length === 0) return [];
  const values = await redis.mget(keys);
  return values.flatMap((v) => {
    if (!v) return [];
    try {
      const parsed = JSON.parse(v) as unknown;
      return Array.isArray(parsed) ? [parsed as MetricsJson] : [];
    } catch {
      return []; // a half-written or foreign key must not break the scrape
    }
  });
}
