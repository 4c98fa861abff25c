"use client";
/** Metric counters per 100 ms bucket, one line per counter (uPlot: small and fast). */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { MetricSeries } from "./run-model";

const COLORS = ["#c2410c", "#1d6fd1", "#15803d", "#a16207", "#7c3aed", "#c0262d"];

export function MetricsChart({ metrics }: { metrics: MetricSeries }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const names = Object.keys(metrics.counters).sort();
  const shape = names.join(",");

  useEffect(() => {
    if (!host.current || names.length === 0) return;
    const width = Math.max(280, host.current.clientWidth || 600);
    const chart = new uPlot(
      {
        width,
        height: 180,
        scales: { x: { time: false } },
        axes: [{ label: "ms since start" }, { label: "per 100 ms" }],
        series: [{ label: "t (ms)" }, ...names.map((name, i) => ({ label: name, stroke: COLORS[i % COLORS.length], width: 1.5 }))],
      },
      [[], ...names.map(() => [])],
      host.current,
    );
    plot.current = chart;
    return () => {
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of counters changes; data flows through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  useEffect(() => {
    plot.current?.setData([metrics.t, ...names.map((n) => metrics.counters[n] ?? [])]);
  });

  return (
    <figure className="lab-panel" aria-label="Metrics per 100 ms" data-testid="lab-metrics" data-points={metrics.t.length}>
      <figcaption>Metrics per 100 ms</figcaption>
      {names.length === 0 ? <p className="lab-empty">No metrics yet.</p> : null}
      <div ref={host} className="lab-chart" />
    </figure>
  );
}
