/** GET /metrics's body: this web process, every worker's pushed metrics, the cluster gauges. */
import { clusterMetrics } from "./cluster-metrics";
import { mergeMetrics } from "./metrics-merge";
import { readPushedMetrics, type MetricsJson } from "./metrics-push";
import { operationsSnapshot, type OperationsDeps } from "./operations";
import { metricsRegistry } from "./registry";

export async function scrapeMetrics(deps: OperationsDeps): Promise<{ text: string; contentType: string }> {
  const own = metricsRegistry();
  const [mine, workers, cluster] = await Promise.all([
    own.getMetricsAsJSON() as Promise<MetricsJson>,
    readPushedMetrics(deps.redis, deps.prefix).catch(() => []),
    // The runs half (Postgres) is the operations page's; the scrape needs only Redis's.
    // Bounded below Prometheus's default 10 s scrape timeout; a slow Redis shows as queue_up 0.
    operationsSnapshot({ timeoutMs: 8_000, ...deps }, { runs: false }).then(clusterMetrics),
  ]);
  const merged = mergeMetrics([mine, ...workers, cluster]);
  return { text: await merged.metrics(), contentType: own.contentType };
}
