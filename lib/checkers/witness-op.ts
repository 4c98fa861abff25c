import { pairOperations, type Operation, type Outcome } from "@/lib/history/operations";
import type { History } from "@/lib/history/types";

/** An operation as a checker's report shows it: `value` is what it wrote, or what a read observed. */
export interface WitnessOp {
  /** Position of its invoke in the history array. */
  index: number;
  process: number;
  f: string;
  key?: string;
  value: unknown;
  outcome: Outcome;
  /** Milliseconds, when the history carries times. */
  callTime?: number;
  retTime?: number;
  node?: string;
}

const READS = new Set(["read", "get"]);

export const isRead = (op: Operation) => READS.has(op.f);

export function witnessOp(op: Operation): WitnessOp {
  return {
    index: op.index,
    process: op.process,
    f: op.f,
    ...(op.key === undefined ? {} : { key: op.key }),
    value: isRead(op) ? op.output : op.input,
    outcome: op.outcome,
    ...(op.callTime === undefined ? {} : { callTime: op.callTime }),
    ...(op.retTime === undefined ? {} : { retTime: op.retTime }),
    ...(op.node === undefined ? {} : { node: op.node }),
  };
}

/** A time for people: whole milliseconds as they are, others to 0.1 ms (enough to order two
 * operations a fraction of a millisecond apart, without 827.9144180000003). */
export function formatMs(t: number): string {
  return Number.isInteger(t) ? String(t) : t.toFixed(1);
}

/** "process 3's write 2 (operation 9)", with times when known. */
export function describeOp(op: WitnessOp): string {
  const at =
    op.callTime === undefined
      ? ""
      : ` at ${formatMs(op.callTime)}${op.retTime === undefined ? "" : `–${formatMs(op.retTime)}`} ms`;
  return `process ${op.process}'s ${op.f} ${JSON.stringify(op.value ?? null)} (operation ${op.index}${at})`;
}

/**
 * The operation whose invoke is at `index` as a grade's witness (spread into a Grade), with
 * the operation at `relatedIndex` (e.g. the write a stale read missed) when given; nothing
 * when there is no such operation.
 */
export function witnessAt(history: History, kind: string, index: number, relatedIndex?: number): { witness?: { kind: string; op: WitnessOp; related?: WitnessOp[] } } {
  const ops = pairOperations(history);
  const op = ops.find((o) => o.index === index);
  const related = relatedIndex === undefined ? [] : ops.filter((o) => o.index === relatedIndex).map(witnessOp);
  return op ? { witness: { kind, op: witnessOp(op), ...(related.length > 0 ? { related } : {}) } } : {};
}
