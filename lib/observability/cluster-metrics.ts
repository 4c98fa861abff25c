/**
 * Gauges about the whole deployment (not one process), computed at scrape time from the
 * operations snapshot (./operations.ts) — the numbers /admin/operations shows.
 */
import { Gauge, Registry } from "prom-client";
import type { OperationsSnapshot } from "./operations";
import { QUEUE_STATES } from "./queue-states";
import { METRIC_PREFIX } from "./registry";
import type { MetricsJson } from "./metrics-push";

export async function clusterMetrics(snapshot: OperationsSnapshot): Promise<MetricsJson> {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name: `${METRIC_PREFIX}${name}`, help, labelNames, registers: [registry] });

  const up = gauge("queue_up", "1 when the queue's Redis answered this scrape, else 0.");
  up.set(snapshot.queue ? 1 : 0);
  if (snapshot.queue) {
    const jobs = gauge("queue_jobs", "Lab-run jobs in the queue by BullMQ state.", ["state"]);
    for (const state of QUEUE_STATES) jobs.set({ state }, snapshot.queue.counts[state]);
    gauge("queue_oldest_waiting_seconds", "How long the oldest waiting job has waited (0 when none waits).").set(
      snapshot.queue.oldestWaiting?.waitingSeconds ?? 0,
    );
  }
  if (snapshot.workers) {
    gauge("workers_live", "Lab workers with a live heartbeat.").set(snapshot.workers.length);
    gauge("workers_busy", "Live lab workers running at least one run.").set(snapshot.workers.filter((w) => w.runIds.length > 0).length);
  }
  return registry.getMetricsAsJSON();
}
