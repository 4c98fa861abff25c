import { HistoryFormatError } from "@/lib/history/errors";
import { pairOperations, type Operation } from "@/lib/history/operations";
import type { History } from "@/lib/history/types";
import { describeOp, isRead, witnessOp, type WitnessOp } from "./witness-op";

export interface CounterOptions {
  /** Each node's value read after heal and recovery; null stands for a counter never created (0). */
  finalReads: Record<string, unknown>;
  /**
   * Set for a counter that promises every read sees the adds acknowledged before it began (a
   * linearizable counter). Off by default: a CRDT counter read during a partition may lag, so
   * reads during the run are only held to what could have been applied by then.
   */
  readsSeeAcknowledged?: boolean;
}

/** The values a read could legally return. */
export interface CounterRange {
  min: number;
  max: number;
}

export interface CounterViolation {
  kind: "too-low" | "too-high" | "not-a-number";
  /** The node whose final read this was; absent for a read during the run. */
  node?: string;
  /** The read during the run; absent for a final read. */
  read?: WitnessOp;
  value: unknown;
  allowed: CounterRange;
  /** How far outside `allowed` the value was (0 for not-a-number). */
  by: number;
  message: string;
}

export interface CounterResult {
  verdict: "ok" | "illegal";
  /** Adds that completed ok: each must be counted exactly once. */
  acknowledged: WitnessOp[];
  /** Adds with an unknown outcome (info): counted or not, both are allowed. */
  indeterminate: WitnessOp[];
  /** The range every final read had to fall in. */
  finalRange: CounterRange;
  violations: CounterViolation[];
  message: string;
}

/**
 * A grow-only or PN counter: `add` ops carry a numeric delta (negative for a decrement),
 * `read` ops return the value. One counter per history: split a multi-key history first.
 * Each final read must equal the sum of the acknowledged adds plus some subset of the adds
 * whose outcome is unknown — fewer means an add was lost, more means one counted twice. A
 * read during the run must be a sum of adds invoked before it returned.
 */
export function checkCounter(history: History, options: CounterOptions): CounterResult {
  const operations = pairOperations(history);
  checkOneKey(operations);
  const adds = operations.filter((op) => op.f === "add");
  adds.forEach(delta); // refuse a malformed add up front, failed ones included
  const ok = adds.filter((op) => op.outcome === "ok");
  const info = adds.filter((op) => op.outcome === "info");
  const failed = adds.filter((op) => op.outcome === "fail");
  const shape: Shape = {
    growOnly: adds.every((op) => op.outcome === "fail" || delta(op) >= 0),
    unit: adds.every((op) => op.outcome === "fail" || delta(op) === 1),
    okSum: sum(ok),
    infoCount: info.length,
    failedSum: sum(failed.filter((op) => delta(op) > 0)),
  };
  const finalRange = rangeOf(ok, info);
  const violations: CounterViolation[] = [];
  for (const [node, value] of Object.entries(options.finalReads)) {
    const violation = judgeFinal(node, value, finalRange, shape);
    if (violation) violations.push(violation);
  }
  for (const read of operations) {
    if (!isRead(read) || read.outcome !== "ok") continue;
    const violation = judgeRunRead(read, adds, options.readsSeeAcknowledged ?? false, shape);
    if (violation) violations.push(violation);
  }
  const finals = Object.keys(options.finalReads).length;
  const message =
    violations.length > 0
      ? violations
          .slice(0, SHOWN)
          .map((v) => v.message)
          .join(" ") +
        (violations.length > SHOWN ? ` (and ${violations.length - SHOWN} more violations)` : "")
      : `Every final read (${finals}) counted each of the ${ok.length} acknowledged adds exactly once` +
        (info.length > 0 ? `, with ${info.length} of unknown outcome allowed either way` : "") +
        ", and no read during the run counted more than had been sent.";
  return {
    verdict: violations.length === 0 ? "ok" : "illegal",
    acknowledged: ok.map(witnessOp),
    indeterminate: info.map(witnessOp),
    finalRange,
    violations,
    message,
  };
}

// A history of thousands of reads can break the bound thousands of times; the first few say it.
const SHOWN = 3;

/** What the messages need to know to say which way a counter went wrong. */
interface Shape {
  growOnly: boolean;
  /** Every delta is +1, so sums can be told as numbers of increments. */
  unit: boolean;
  okSum: number;
  infoCount: number;
  failedSum: number;
}

function checkOneKey(operations: readonly Operation[]): void {
  const keys = new Set(operations.filter((op) => op.f === "add" || isRead(op)).map((op) => op.key));
  if (keys.size > 1)
    throw new HistoryFormatError(
      `checkCounter checks one counter, but the history has adds and reads on ${keys.size} keys; split it by key first`,
    );
}

function delta(op: Operation): number {
  if (typeof op.input === "number" && Number.isFinite(op.input)) return op.input;
  throw new HistoryFormatError(
    `operation ${op.index}: an add needs a finite number as its value (the delta), not ${JSON.stringify(op.input ?? null)}`,
  );
}

const sum = (ops: readonly Operation[]) => ops.reduce((total, op) => total + delta(op), 0);

/** Definite adds all count; each possible one may or may not. */
function rangeOf(definite: readonly Operation[], possible: readonly Operation[]): CounterRange {
  const base = sum(definite);
  const deltas = possible.map(delta);
  return {
    min: base + deltas.filter((d) => d < 0).reduce((a, b) => a + b, 0),
    max: base + deltas.filter((d) => d > 0).reduce((a, b) => a + b, 0),
  };
}

/** The value as a number: null is a counter never created; anything else that is no number is wrong. */
function asNumber(value: unknown): number | undefined {
  if (value === null || value === undefined) return 0;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

// Deltas may be fractional; float sums must not turn a correct count into a violation.
const slack = (bound: number) => 1e-9 * Math.max(1, Math.abs(bound));

/** Numbers for people: 0.30000000000000004 shows as 0.3. */
const show = (n: number) => String(Number(n.toPrecision(12)));

function outOfRange(value: number, range: CounterRange): CounterViolation["kind"] | undefined {
  if (value < range.min - slack(range.min)) return "too-low";
  if (value > range.max + slack(range.max)) return "too-high";
  return undefined;
}

function amount(n: number, shape: Shape): string {
  return shape.unit ? `${show(n)} increment${n === 1 ? "" : "s"}` : `adds worth ${show(n)}`;
}

function judgeFinal(
  node: string,
  raw: unknown,
  range: CounterRange,
  shape: Shape,
): CounterViolation | undefined {
  const subject = `Node ${node}'s final value`;
  const value = asNumber(raw);
  if (value === undefined)
    return notANumber({ node }, raw, range, `${subject} is ${JSON.stringify(raw)}, not a number.`);
  const kind = outOfRange(value, range);
  if (!kind) return undefined;
  const by = kind === "too-low" ? range.min - value : value - range.max;
  const totals =
    (shape.growOnly
      ? `${amount(shape.okSum, shape)} ${shape.unit && shape.okSum === 1 ? "was" : "were"} acknowledged`
      : `acknowledged adds total ${show(shape.okSum)}`) +
    (shape.infoCount > 0
      ? ` (${show(range.min)} to ${show(range.max)} counting the ${shape.infoCount} with an unknown outcome)`
      : "");
  let diagnosis: string;
  if (kind === "too-low")
    diagnosis = shape.growOnly
      ? `lost ${shape.unit ? `${show(by)} acknowledged increment${by === 1 ? "" : "s"}` : `acknowledged adds worth ${show(by)}`}.`
      : `${show(by)} too low — an acknowledged increment lost, or a decrement applied twice?`;
  else
    diagnosis =
      (shape.growOnly
        ? `counted ${show(by)} more than ${by === 1 && shape.unit ? "was" : "were"} ever sent (an increment applied twice?).`
        : `${show(by)} too high — an increment applied twice, or an acknowledged decrement lost?`) +
      extraHints(value, by, shape);
  return {
    kind,
    node,
    value: raw,
    allowed: range,
    by,
    message: `${subject} is ${show(value)}, but ${totals}: ${diagnosis}`,
  };
}

/** The two usual reasons for counting too much, named when the numbers point at them. */
function extraHints(value: number, by: number, shape: Shape): string {
  const times = shape.okSum > 0 ? value / shape.okSum : 0;
  // A small multiple (one count per replica that replied) is the tell; 10^60 times is not.
  if (Number.isInteger(times) && times >= 2 && times <= 16)
    return ` It is exactly ${times} times the acknowledged total: is each add counted once per reply (per replica) instead of once?`;
  if (shape.failedSum > 0 && by <= shape.failedSum + slack(by))
    return " Some adds failed: a failed add must not take effect.";
  return "";
}

function judgeRunRead(
  read: Operation,
  adds: readonly Operation[],
  seesAcknowledged: boolean,
  shape: Shape,
): CounterViolation | undefined {
  const shown = witnessOp(read);
  const value = asNumber(read.output);
  // Only adds invoked before the read returned can be in it; with seesAcknowledged, those
  // acknowledged before it began must be.
  const definite = seesAcknowledged
    ? adds.filter((a) => a.outcome === "ok" && a.ret < read.call)
    : [];
  const possible = adds.filter(
    (a) => a.outcome !== "fail" && a.call < read.end && !definite.includes(a),
  );
  const range = rangeOf(definite, possible);
  if (value === undefined)
    return notANumber(
      { read: shown },
      read.output,
      range,
      `${describeOp(shown)} returned no number.`,
    );
  const kind = outOfRange(value, range);
  if (!kind) return undefined;
  const by = kind === "too-low" ? range.min - value : value - range.max;
  let why: string;
  if (kind === "too-high")
    why = shape.growOnly
      ? `only ${amount(range.max, shape)} had been sent before it returned: it counted an increment twice, or one never sent.`
      : `the adds sent before it returned can make at most ${show(range.max)}: it counted an increment twice, or missed an acknowledged decrement.`;
  else if (seesAcknowledged)
    why =
      `${amount(sum(definite), shape)} had been acknowledged before it began` +
      (range.min < sum(definite)
        ? ` (no lower than ${show(range.min)} with the decrements in flight)`
        : "") +
      ": a read must see every acknowledged add.";
  else if (shape.growOnly)
    why = `a counter that only grows can never read below ${show(range.min)}.`;
  else
    why = `the adds sent before it returned can make it no lower than ${show(range.min)}: it counted a decrement twice?`;
  return {
    kind,
    read: shown,
    value: read.output,
    allowed: range,
    by,
    message: `${describeOp(shown)} returned ${show(value)}, but ${why}`,
  };
}

function notANumber(
  where: { node: string } | { read: WitnessOp },
  value: unknown,
  allowed: CounterRange,
  message: string,
): CounterViolation {
  return { kind: "not-a-number", ...where, value, allowed, by: 0, message };
}
