/**
 * Folds a run's live events into what the runner draws: the current phase, metric series per
 * 100 ms, fault intervals, and operations as [invoke, completion] bars per process.
 */
import type { HistoryOp } from "@/lib/history/types";
import type { LabEvent, Phase } from "@/lib/labs/types";

export type StreamedEvent = LabEvent & { seq: number };

export interface MetricSeries {
  /** Bucket start times, ms. */
  t: number[];
  /** Counter name → value per bucket (0 when the bucket lacks it). */
  counters: Record<string, number[]>;
}

export interface FaultSpan {
  fault: string;
  target?: string;
  start: number;
  end: number | null;
}

export interface OpBar {
  /** Position of its invoke among the run's op events (invokes and completions): the history index. */
  index: number;
  process: number;
  f: string;
  key?: string;
  value: unknown;
  start: number;
  end: number | null;
  outcome: "ok" | "fail" | "info" | "pending";
}

export interface RunModel {
  phase: Phase | null;
  metrics: MetricSeries;
  faults: FaultSpan[];
  ops: OpBar[];
  states: Record<string, string>;
  lastT: number;
  count: number;
  /** How many op events (history entries) so far. */
  historyLength: number;
}

export function emptyModel(): RunModel {
  return { phase: null, metrics: { t: [], counters: {} }, faults: [], ops: [], states: {}, lastT: 0, count: 0, historyLength: 0 };
}

function addMetric(m: MetricSeries, t: number, counters: Record<string, number>) {
  const at = m.t.length;
  m.t.push(t);
  for (const name of Object.keys(counters)) m.counters[name] ??= new Array<number>(at).fill(0);
  for (const [name, series] of Object.entries(m.counters)) series.push(counters[name] ?? 0);
}

/** Mutates `model` (the hook copies before rendering); events must come in seq order. */
export function applyEvents(model: RunModel, events: StreamedEvent[], open = new Map<number, OpBar>()): RunModel {
  for (const e of events) {
    model.count++;
    model.lastT = Math.max(model.lastT, e.t);
    switch (e.kind) {
      case "phase":
        model.phase = e.phase;
        break;
      case "metric":
        addMetric(model.metrics, e.t, e.counters);
        break;
      case "fault":
        if (e.action === "start") model.faults.push({ fault: e.fault, target: e.target, start: e.t, end: null });
        else {
          const span = [...model.faults].reverse().find((f) => f.fault === e.fault && f.target === e.target && f.end === null);
          if (span) span.end = e.t;
        }
        break;
      case "state":
        model.states[e.subject] = e.state;
        break;
      case "op":
        applyOp(model, e.op, e.t, open);
        break;
      default:
        break;
    }
  }
  return model;
}

function applyOp(model: RunModel, op: HistoryOp, t: number, open: Map<number, OpBar>) {
  const time = op.time ?? t;
  const index = model.historyLength++;
  if (op.type === "invoke") {
    const bar: OpBar = { index, process: op.process, f: op.f, key: op.key, value: op.value, start: time, end: null, outcome: "pending" };
    model.ops.push(bar);
    open.set(op.process, bar);
    return;
  }
  const bar = open.get(op.process);
  if (!bar) return;
  bar.end = time;
  bar.outcome = op.type;
  if (op.value !== undefined) bar.value = op.value;
  open.delete(op.process);
}

/** The checker's witness operation in a grade's details (e.g. details.witness.blocked). */
export function findWitness(details: unknown): { index?: number; process: number; callTime?: number } | null {
  const seen = new Set<unknown>();
  const visit = (v: unknown, depth: number): { index?: number; process: number; callTime?: number } | null => {
    if (!v || typeof v !== "object" || depth > 4 || seen.has(v)) return null;
    seen.add(v);
    const o = v as Record<string, unknown>;
    for (const key of ["blocked", "witness", "anomaly", "stale"]) {
      const c = o[key];
      if (c && typeof c === "object" && typeof (c as Record<string, unknown>).process === "number") {
        const w = c as { index?: number; process: number; callTime?: number };
        return { index: typeof w.index === "number" ? w.index : undefined, process: w.process, callTime: typeof w.callTime === "number" ? w.callTime : undefined };
      }
    }
    for (const child of Object.values(o)) {
      const found = visit(child, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return visit(details, 0);
}

/** The bar a witness points at: same history index, else same process and call time. */
export function witnessBar(ops: OpBar[], witness: ReturnType<typeof findWitness>): OpBar | undefined {
  if (!witness) return undefined;
  return (
    ops.find((o) => o.index === witness.index && o.process === witness.process) ??
    ops.find((o) => o.process === witness.process && witness.callTime !== undefined && Math.abs(o.start - witness.callTime) < 1)
  );
}
