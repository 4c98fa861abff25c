/**
 * This process's Prometheus registry (prom-client): default process metrics plus the
 * platform's own (./metrics.ts), every series labelled with the process's role and instance so
 * the web app can serve its workers' series beside its own without merging them
 * (./metrics-merge.ts). Kept on globalThis because Next's dev server reloads modules.
 */
import { hostname } from "node:os";
import { collectDefaultMetrics, Registry } from "prom-client";

export type ProcessRole = "web" | "worker";

export const METRIC_PREFIX = "faultline_";

interface Holder {
  registry: Registry;
  role: ProcessRole;
  instance: string;
}

const holder = globalThis as unknown as { __faultlineMetricsRegistry?: Holder };

/** Call once at process start (the worker does); the web app is the default. */
export function configureMetrics(opts: { role: ProcessRole; instance: string }): void {
  const current = processMetrics();
  current.role = opts.role;
  current.instance = opts.instance;
  current.registry.setDefaultLabels({ role: opts.role, instance: opts.instance });
}

export function processMetrics(): Holder {
  if (!holder.__faultlineMetricsRegistry) {
    const registry = new Registry();
    const instance = `${hostname()}-${process.pid}`;
    registry.setDefaultLabels({ role: "web", instance });
    collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
    holder.__faultlineMetricsRegistry = { registry, role: "web", instance };
  }
  return holder.__faultlineMetricsRegistry;
}

export function metricsRegistry(): Registry {
  return processMetrics().registry;
}
