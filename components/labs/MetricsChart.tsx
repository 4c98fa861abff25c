"use client";
/** The run's charts: operations by outcome, the lab's own counters, numeric state (TimeChart each). */
import type { ChartSpec } from "./run-series";
import { TimeChart } from "./TimeChart";

export function MetricsChart({ charts }: { charts: ChartSpec[] }) {
  const points = charts.reduce((max, c) => Math.max(max, c.t.length), 0);
  return (
    <section className="lab-panel lab-charts" aria-label="Charts" data-testid="lab-metrics" data-points={points} data-charts={charts.length}>
      {charts.length === 0 ? <p className="lab-empty">No metrics yet.</p> : null}
      {charts.map((c) => (
        <TimeChart key={c.id} spec={c} />
      ))}
    </section>
  );
}
