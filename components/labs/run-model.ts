/**
 * Folds a run's live events into what the runner draws: the current phase, metric series per
 * 100 ms, fault intervals, and operations as [invoke, completion] bars per process.
 */
import type { HistoryOp } from "@/lib/history/types";
import type { WitnessOp } from "@/lib/checkers/witness-op";
import type { GradeWitness, LabEvent, Phase } from "@/lib/labs/types";
import { isMapEvent, isNodeId, linkEnds, type MapEvent } from "./replica-map-model";

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
  /** Why a fail or info ended as it did (the recorder's error text). */
  error?: string;
}

/** One `state` event of a subject the replica map does not draw (a breaker, a bucket, a service). */
export interface StateEntry {
  t: number;
  state: string;
  detail?: Record<string, unknown>;
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
  /** The events the replica map folds (replica-map-model.ts), kept so a replay can scrub. */
  mapEvents: MapEvent[];
  /** Every state event of the other subjects, by subject, in arrival order: the state timeline's input. */
  stateLog: Record<string, StateEntry[]>;
}

export function emptyModel(): RunModel {
  return { phase: null, metrics: { t: [], counters: {} }, faults: [], ops: [], states: {}, lastT: 0, count: 0, historyLength: 0, mapEvents: [], stateLog: {} };
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
    if (isMapEvent(e)) model.mapEvents.push(e);
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
        if (!isNodeId(e.subject) && !linkEnds(e.subject)) (model.stateLog[e.subject] ??= []).push({ t: e.t, state: e.state, ...(e.detail ? { detail: e.detail } : {}) });
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
  if (op.error !== undefined) bar.error = op.error;
  open.delete(op.process);
}

/** The bars a grade's witness names: its operation, and the related ones (e.g. the write a stale read missed). */
export interface WitnessBars {
  op?: OpBar;
  related: OpBar[];
}

type WitnessRef = Pick<WitnessOp, "index" | "process">;

/**
 * Finds a witness op's bar by its history index (the position of its invoke among the run's
 * op events, the numbering both the lab's recorded history and `applyOp` use). The process
 * must agree too: a mismatch highlights nothing rather than the wrong operation.
 */
function barAt(ops: OpBar[], ref: WitnessRef): OpBar | undefined {
  // Bars are pushed in history order, so their indices ascend: binary search.
  let lo = 0;
  let hi = ops.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const bar = ops[mid]!;
    if (bar.index === ref.index) return bar.process === ref.process ? bar : undefined;
    if (bar.index < ref.index) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export function witnessBars(ops: OpBar[], witness: GradeWitness | null | undefined): WitnessBars {
  if (!witness) return { related: [] };
  const related = (witness.related ?? []).map((r) => barAt(ops, r)).filter((b): b is OpBar => b !== undefined);
  return { op: barAt(ops, witness.op), related };
}
