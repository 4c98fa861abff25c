"use client";
/**
 * One chart of a run (uPlot: small and fast): named lines with a legend that shows each
 * line's value at the cursor, a unit on the y axis, the run's time on x (0 to the end of the
 * run, so every panel lines up), and the shared time cursor.
 */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { ChartSpec } from "./run-series";
import { lastValue } from "./run-series";
import { GUTTER_PX, PAD_RIGHT_PX, useTimeCursor } from "./TimeCursor";

const LIGHT = ["#1d6fd1", "#c2410c", "#7c3aed", "#0e7490", "#a16207", "#be185d", "#4d7c0f", "#475569"];
const DARK = ["#6cb0ff", "#fb923c", "#c4b5fd", "#67e8f9", "#facc15", "#f9a8d4", "#a3e635", "#cbd5e1"];
/** Lines whose name says good or bad get the site's tip / danger / warning colours in every lab. */
const MEANING: Record<string, "--tip" | "--danger" | "--warning"> = {
  ok: "--tip",
  admitted: "--tip",
  acknowledged: "--tip",
  answered2xx: "--tip",
  fail: "--danger",
  failed: "--danger",
  errors: "--danger",
  rejected: "--danger",
  info: "--warning",
};

const isDark = () => document.documentElement.classList.contains("dark");

function colours(host: HTMLElement, spec: ChartSpec): string[] {
  const css = getComputedStyle(host);
  const palette = isDark() ? DARK : LIGHT;
  let next = 0;
  return spec.lines.map((l) => {
    const v = MEANING[l.key];
    return (v && css.getPropertyValue(v).trim()) || palette[next++ % palette.length]!;
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const formatValue = (v: number | null | undefined) => (v === null || v === undefined ? "–" : Number.isInteger(v) ? String(v) : v.toFixed(2));

function showLatest(u: uPlot) {
  const n = u.data[0]?.length ?? 0;
  if (n > 0) u.setLegend({ idx: n - 1 });
}

function build(host: HTMLElement, figure: HTMLElement, spec: ChartSpec, syncKey: string, domainEnd: () => number, onHover: (t: number | null) => void): uPlot {
  const css = getComputedStyle(host);
  const fg = css.getPropertyValue("--fg-muted").trim() || "#5a6270";
  const grid = css.getPropertyValue("--border").trim() || "#e3e6eb";
  const stepped = uPlot.paths.stepped?.({ align: 1 });
  const strokes = colours(host, spec);
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const chart = new uPlot(
    {
      width: Math.max(240, host.clientWidth || 600),
      height: 150,
      padding: [8, PAD_RIGHT_PX, 0, 0],
      scales: { x: { time: false, range: () => [0, domainEnd()] }, y: { range: (_u, _min, max) => [0, Math.max(spec.kind === "rate" ? 1 : 0.1, max * 1.1)] } },
      axes: [
        { ...axis, values: (_u, ticks) => ticks.map((v) => seconds(v)) },
        // The axis names what is counted ("requests"); the caption gives the full unit ("requests / 100 ms").
        { ...axis, label: spec.unit.split(" / ")[0], labelSize: 18, size: GUTTER_PX - 18, values: (_u, ticks) => ticks.map((v) => formatValue(v)) },
      ],
      cursor: { y: false, sync: { key: syncKey, setSeries: false }, drag: { x: false, y: false } },
      legend: { live: true },
      series: [
        { label: "time", value: (_u, v) => (v === null ? "–" : seconds(v)) },
        ...spec.lines.map((l, i) => ({
          label: l.label,
          stroke: strokes[i],
          width: 1.75,
          spanGaps: spec.kind === "level",
          ...(spec.kind === "rate" && stepped ? { paths: stepped, points: { show: false } } : {}),
          value: (_u: uPlot, v: number | null) => formatValue(v),
        })),
      ],
      hooks: {
        setCursor: [
          (u) => {
            const left = u.cursor.left ?? -1;
            figure.dataset.cursorT = left >= 0 ? String(Math.round(u.posToVal(left, "x"))) : "";
            // Not hovering: the legend shows the values at the moment shown, not dashes.
            if (u.cursor.idx === null || u.cursor.idx === undefined) showLatest(u);
          },
        ],
      },
    },
    [[], ...spec.lines.map(() => [])],
    host,
  );
  // From the event itself: uPlot may update its own cursor after this listener runs.
  chart.over.addEventListener("mousemove", (e) => {
    const left = e.clientX - chart.over.getBoundingClientRect().left;
    onHover(left >= 0 ? Math.round(chart.posToVal(left, "x")) : null);
  });
  chart.over.addEventListener("mouseleave", () => onHover(null));
  return chart;
}

export function TimeChart({ spec }: { spec: ChartSpec }) {
  const host = useRef<HTMLDivElement>(null);
  const figure = useRef<HTMLElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { cursor, setCursor, syncKey, domainEnd } = useTimeCursor();
  const end = useRef(domainEnd);
  const source = `chart:${spec.id}`;
  const shape = `${spec.kind}|${spec.unit}|${spec.lines.map((l) => `${l.key}=${l.label}`).join(",")}`;
  const data = useRef(spec);
  // Latest props for the chart's callbacks; declared first, so it runs before the effects below.
  useEffect(() => {
    end.current = domainEnd;
    data.current = spec;
  });

  useEffect(() => {
    if (!host.current || !figure.current) return;
    const el = host.current;
    const fig = figure.current;
    let chart: uPlot | null = null;
    const make = () => {
      chart?.destroy();
      chart = build(el, fig, data.current, syncKey, () => Math.max(1, end.current), (t) => setCursor(t, source));
      chart.setData([data.current.t, ...data.current.lines.map((l) => l.values)] as uPlot.AlignedData);
      showLatest(chart);
      plot.current = chart;
    };
    make();
    // Canvas colours are read from the theme: redraw when it switches.
    const theme = new MutationObserver(make);
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    const resize = new ResizeObserver(() => {
      const width = Math.max(240, el.clientWidth);
      if (chart && Math.abs(chart.width - width) > 2) chart.setSize({ width, height: 150 });
    });
    resize.observe(el);
    return () => {
      theme.disconnect();
      resize.disconnect();
      chart?.destroy();
      plot.current = null;
    };
    // Rebuilt only when the lines change; data flows through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, syncKey]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.setData([spec.t, ...spec.lines.map((l) => l.values)] as uPlot.AlignedData);
    if (u.cursor.idx === null || u.cursor.idx === undefined) showLatest(u);
  }, [spec, domainEnd]);

  // A moment hovered outside the charts (timelines, history): show it here too.
  useEffect(() => {
    const u = plot.current;
    if (!u || cursor.source === null || cursor.source.startsWith("chart:")) return;
    const hidden = cursor.t === null;
    u.setCursor({ left: hidden ? -10 : u.valToPos(cursor.t!, "x"), top: hidden ? -10 : 10 }, true);
  }, [cursor]);

  const last = Object.fromEntries(spec.lines.map((l) => [l.label, lastValue(l)]));
  return (
    <figure
      ref={figure}
      className="lab-panel lab-time-chart"
      aria-label={`${spec.title} (${spec.unit})`}
      data-testid="run-chart"
      data-chart={spec.id}
      data-points={spec.t.length}
      data-t-last={spec.t.length ? Math.round(spec.t.at(-1)!) : ""}
      data-last={JSON.stringify(last)}
    >
      <figcaption>
        {spec.title} <span className="lab-chart-unit">{spec.unit}</span>
      </figcaption>
      <div ref={host} className="lab-chart" />
      <p className="sr-only">
        {spec.lines.map((l) => `${l.label}: ${formatValue(lastValue(l))}`).join("; ")} at {spec.t.length ? seconds(spec.t.at(-1)!) : "the start"}.
      </p>
    </figure>
  );
}
