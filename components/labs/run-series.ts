/**
 * Turns a run model into named chart series: what each chart is called, its unit, its lines.
 * Pure, so the conventions are tested without a browser.
 *
 * Conventions (a lab's `view` in the manifest refines them, lib/labs/types.ts LabView):
 *   - every run with operations gets "Operations": ok / fail / info completions per 100 ms,
 *     derived from the op events (so labs that emit no counters of their own get it too);
 *   - a counter `<name>_<key>` whose `<name>` is a counter too (`admitted_alice`) is a
 *     per-key breakdown: drawn in "<name> by key", never mixed with the totals;
 *   - the lab's other counters go to the charts its view names, the rest to one "Counters"
 *     chart — unless they are only the recorder's default ok / fail / info, which
 *     "Operations" already draws.
 */
import type { LabView } from "@/lib/labs/types";
import type { MetricSeries, OpBar, StateEntry } from "./run-model";

export const BUCKET_MS = 100;

export interface ChartLine {
  /** Stable id (the counter's name, or `subject` for a level). */
  key: string;
  label: string;
  /** One value per x; null where the line has no sample. */
  values: (number | null)[];
}

export interface ChartSpec {
  id: string;
  title: string;
  /** What a value counts, e.g. "requests / 100 ms" or "tokens". */
  unit: string;
  /** Milliseconds since the run started. */
  t: number[];
  lines: ChartLine[];
  /** Counts per 100 ms are drawn as steps; levels as lines. */
  kind: "rate" | "level";
}

const OUTCOMES = ["ok", "fail", "info"] as const;

/** Completions per 100 ms bucket by outcome, from the ops (pending ones are not counted yet). */
export function outcomeChart(ops: readonly OpBar[]): ChartSpec | null {
  const buckets = new Map<number, Record<(typeof OUTCOMES)[number], number>>();
  for (const op of ops) {
    if (op.outcome === "pending" || op.end === null) continue;
    const start = Math.floor(op.end / BUCKET_MS) * BUCKET_MS;
    const b = buckets.get(start) ?? { ok: 0, fail: 0, info: 0 };
    b[op.outcome]++;
    buckets.set(start, b);
  }
  if (buckets.size === 0) return null;
  const t = fillBuckets([...buckets.keys()]);
  const lines = OUTCOMES.map((o) => ({
    key: o,
    label: o,
    values: t.map((x) => buckets.get(x)?.[o] ?? 0),
  }));
  return { id: "operations", title: "Operations completed", unit: "operations / 100 ms", t, lines, kind: "rate" };
}

/** Every bucket start from the first to the last, so quiet 100 ms show as 0 rather than a gap. */
function fillBuckets(starts: number[]): number[] {
  if (starts.length === 0) return [];
  const lo = Math.min(...starts);
  const hi = Math.max(...starts);
  const out: number[] = [];
  for (let x = lo; x <= hi; x += BUCKET_MS) out.push(x);
  return out;
}

/** `admitted_alice` → ["admitted", "alice"] when `admitted` is a counter too. */
export function splitPerKey(name: string, names: ReadonlySet<string>): [string, string] | null {
  for (let i = name.indexOf("_"); i > 0; i = name.indexOf("_", i + 1)) {
    const base = name.slice(0, i);
    if (names.has(base) && i < name.length - 1) return [base, name.slice(i + 1)];
  }
  return null;
}

/** The lab's counters as charts: the view's, per-key breakdowns, then the rest. */
export function counterCharts(metrics: MetricSeries, view?: LabView): ChartSpec[] {
  const names = Object.keys(metrics.counters);
  if (names.length === 0 || metrics.t.length === 0) return [];
  const all = new Set(names);
  // Buckets may be missing (a quiet 100 ms is not emitted): reindex onto a full grid.
  const t = fillBuckets(metrics.t);
  const at = new Map(metrics.t.map((x, i) => [x, i]));
  const valuesOf = (name: string) => t.map((x) => {
    const i = at.get(x);
    return i === undefined ? 0 : (metrics.counters[name]?.[i] ?? 0);
  });
  const line = (name: string, label = name): ChartLine => ({ key: name, label, values: valuesOf(name) });

  const perKey = new Map<string, string[]>();
  const totals: string[] = [];
  for (const name of names.sort()) {
    const split = splitPerKey(name, all);
    if (split) perKey.set(split[0], [...(perKey.get(split[0]) ?? []), name]);
    else totals.push(name);
  }

  const charts: ChartSpec[] = [];
  const placed = new Set<string>();
  const unitOf = new Map<string, string>();
  for (const [i, c] of (view?.charts ?? []).entries()) {
    const present = c.counters.filter((n) => all.has(n));
    present.forEach((n) => {
      placed.add(n);
      unitOf.set(n, c.unit);
    });
    if (present.length) charts.push({ id: `lab-${i}`, title: c.title, unit: `${c.unit} / 100 ms`, t, lines: present.map((n) => line(n)), kind: "rate" });
  }
  const rest = totals.filter((n) => !placed.has(n));
  const onlyDefaults = rest.every((n) => (OUTCOMES as readonly string[]).includes(n));
  if (rest.length && !onlyDefaults) charts.push({ id: "counters", title: "Counters", unit: "events / 100 ms", t, lines: rest.map((n) => line(n)), kind: "rate" });
  for (const [base, members] of perKey) {
    charts.push({
      id: `by-key-${base}`,
      title: `${base} by key`,
      unit: `${unitOf.get(base) ?? "events"} / 100 ms`,
      t,
      lines: members.map((n) => line(n, splitPerKey(n, all)![1])),
      kind: "rate",
    });
  }
  return charts;
}

/**
 * Numeric state over time (e.g. each user's token-bucket level): one chart per declared
 * level, one line per subject, on the union of their sample times (gaps left null).
 */
export function levelCharts(stateLog: Record<string, readonly StateEntry[]>, view?: LabView): ChartSpec[] {
  const charts: ChartSpec[] = [];
  for (const [i, level] of (view?.levels ?? []).entries()) {
    const subjects = Object.keys(stateLog).filter((s) => s.startsWith(level.subjectPrefix)).sort();
    const samples = subjects.map((s) => (stateLog[s] ?? []).flatMap((e) => {
      const v = e.detail?.[level.field];
      return typeof v === "number" && Number.isFinite(v) ? [[e.t, v] as const] : [];
    }));
    const t = [...new Set(samples.flatMap((pts) => pts.map(([x]) => x)))].sort((a, b) => a - b);
    if (t.length === 0) continue;
    const index = new Map(t.map((x, j) => [x, j]));
    const lines = subjects.map((s, j) => {
      const values: (number | null)[] = new Array<number | null>(t.length).fill(null);
      for (const [x, v] of samples[j]!) values[index.get(x)!] = v;
      return { key: s, label: s.slice(level.subjectPrefix.length) || s, values };
    });
    charts.push({ id: `level-${i}`, title: level.title, unit: level.unit, t, lines, kind: "level" });
  }
  return charts;
}

/** Subjects a level chart draws: the state timeline leaves them out. */
export function levelSubject(subject: string, view?: LabView): boolean {
  return (view?.levels ?? []).some((l) => subject.startsWith(l.subjectPrefix));
}

/** The last value a line has at or before its final x (what a level chart shows "now"). */
export function lastValue(line: ChartLine): number | null {
  for (let i = line.values.length - 1; i >= 0; i--) if (line.values[i] !== null) return line.values[i]!;
  return null;
}
