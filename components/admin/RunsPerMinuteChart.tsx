"use client";
/** Runs ended per minute, passed / failed / error as stacked bars (uPlot, like the run view). */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { MinuteCount } from "@/lib/observability/operations-runs";

const SERIES = [
  { key: "passed", label: "passed", color: "#15803d" },
  { key: "failed", label: "failed", color: "#c0262d" },
  { key: "error", label: "error", color: "#a16207" },
] as const;

/** Stacked: each series is drawn as the running total up to itself; hover shows the own count. */
function stacked(perMinute: MinuteCount[]): uPlot.AlignedData {
  const t = perMinute.map((m) => Date.parse(m.minute) / 1000);
  const totals = perMinute.map(() => 0);
  const rows = SERIES.map((s) => perMinute.map((m, i) => (totals[i]! += m[s.key])));
  return [t, ...rows.reverse()];
}

export function RunsPerMinuteChart({ perMinute }: { perMinute: MinuteCount[] }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const bars = uPlot.paths.bars!({ size: [0.7, 40] });
    const reversed = [...SERIES].reverse();
    const chart = new uPlot(
      {
        width: Math.max(280, host.current.clientWidth || 600),
        height: 180,
        axes: [{}, { label: "runs / min" }],
        series: [
          { label: "minute (UTC)" },
          ...reversed.map((s, i) => ({
            label: s.label,
            fill: s.color,
            stroke: s.color,
            paths: bars,
            // Hover shows this series' own count, not the stacked total.
            value: (_u: uPlot, v: number | null, _si: number, idx: number | null) => {
              if (v == null || idx == null) return "—";
              const below = i + 1 < reversed.length ? ((plot.current?.data[i + 2]?.[idx] as number | undefined) ?? 0) : 0;
              return String(v - below);
            },
          })),
        ],
      },
      stacked(perMinute),
      host.current,
    );
    plot.current = chart;
    return () => {
      chart.destroy();
      plot.current = null;
    };
    // Built once; new snapshots flow through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    plot.current?.setData(stacked(perMinute));
  }, [perMinute]);

  const total = perMinute.reduce((n, m) => n + m.passed + m.failed + m.error, 0);
  return (
    <figure className="ops-chart" aria-label={`Runs ended per minute over the last ${perMinute.length} minutes: ${total} in all`} data-testid="ops-rpm-chart" data-total={total}>
      <div ref={host} />
    </figure>
  );
}
