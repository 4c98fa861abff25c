"use client";
/** Runs ended per minute, passed / failed / error as stacked bars (uPlot, like the run view). */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { MinuteCount } from "@/lib/observability/operations-runs";

// Drawn in this order (tallest stack first, so each shorter one paints over it).
const SERIES = [
  { key: "error", label: "error", colour: "--warning", fallback: "#a16207" },
  { key: "failed", label: "failed", colour: "--danger", fallback: "#c0262d" },
  { key: "passed", label: "passed", colour: "--tip", fallback: "#15803d" },
] as const;

/** Series i holds its own count plus every series drawn after it: a stack without a plugin. */
function stacked(perMinute: MinuteCount[]): uPlot.AlignedData {
  const t = perMinute.map((m) => Date.parse(m.minute) / 1000);
  const rows = SERIES.map((_, i) =>
    perMinute.map((m) => SERIES.slice(i).reduce((n, s) => n + m[s.key], 0)),
  );
  return [t, ...rows];
}

function build(host: HTMLElement, perMinute: () => MinuteCount[]): uPlot {
  const css = getComputedStyle(host);
  const fg = css.getPropertyValue("--fg-muted").trim() || "#5a6270";
  const grid = css.getPropertyValue("--border").trim() || "#e3e6eb";
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const bars = uPlot.paths.bars!({ size: [0.7, 40] });
  return new uPlot(
    {
      width: Math.max(280, host.clientWidth || 600),
      height: 180,
      // Minutes are UTC on the server; show them so, whatever the browser's zone.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      // Half a minute of room each side, or the first and last bars are cut in half.
      scales: { x: { range: (_u, min, max) => [min - 30, max + 30] } },
      axes: [axis, { ...axis, label: "runs / min" }],
      series: [
        { label: "minute (UTC)" },
        ...SERIES.map((s) => {
          const colour = css.getPropertyValue(s.colour).trim() || s.fallback;
          return {
            label: s.label,
            fill: colour,
            stroke: colour,
            // No outline: an empty minute is no bar, not a line along the axis.
            width: 0,
            paths: bars,
            points: { show: false },
            // The legend shows this series' own count, not the stack's height.
            value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) =>
              idx == null ? "—" : String(perMinute()[idx]?.[s.key] ?? 0),
          };
        }),
      ],
    },
    stacked(perMinute()),
    host,
  );
}

export function RunsPerMinuteChart({ perMinute }: { perMinute: MinuteCount[] }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(perMinute);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const make = () => {
      plot.current?.destroy();
      plot.current = build(el, () => latest.current);
    };
    make();
    // Canvas colours come from the theme: redraw when it switches.
    const theme = new MutationObserver(make);
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    return () => {
      theme.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    latest.current = perMinute;
    plot.current?.setData(stacked(perMinute));
  }, [perMinute]);

  const total = perMinute.reduce((n, m) => n + m.passed + m.failed + m.error, 0);
  return (
    <figure
      className="ops-chart"
      aria-label={`Runs ended per minute over the last ${perMinute.length} minutes: ${total} in all`}
      data-testid="ops-rpm-chart"
      data-total={total}
    >
      <div ref={host} />
    </figure>
  );
}
