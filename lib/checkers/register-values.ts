import type { Operation } from "@/lib/history/operations";
import { canonicalJson } from "./convergence";

/** The canonical form of the value every key starts with (register: absent; kv: ""). */
export const INITIAL = "<initial>";

/** A value in canonical form, so equal values compare equal as strings. */
export function canonValue(f: string, value: unknown): string {
  if (value === null || value === undefined) return INITIAL;
  if ((f === "get" || f === "put") && value === "") return INITIAL;
  return canonicalJson(value);
}

/** An operation that may have set the key's value: a write, put or cas that did not fail. */
export interface Writer {
  op: Operation;
  value: string;
}

export const keyOf = (op: Operation): string | null => op.key ?? null;

export function writersByKey(operations: readonly Operation[]): Map<string | null, Writer[]> {
  const byKey = new Map<string | null, Writer[]>();
  for (const op of operations) {
    if (op.outcome === "fail") continue;
    let value: string;
    if (op.f === "write" || op.f === "put") value = canonValue(op.f, op.input);
    else if (op.f === "cas" && Array.isArray(op.input)) value = canonValue("write", op.input[1]);
    else continue;
    const list = byKey.get(keyOf(op));
    if (list) list.push({ op, value });
    else byKey.set(keyOf(op), [{ op, value }]);
  }
  return byKey;
}

/**
 * Is `value` certainly older than `newer`'s write? True when every operation that could have
 * written it (the initial state counts as written before everything) finished before `newer`
 * was invoked. A value nobody wrote is not "older": it is a different anomaly.
 */
export function provablyOlder(value: string, newer: Writer, writers: readonly Writer[]): boolean {
  if (value === newer.value) return false;
  const sources = writers.filter((w) => w.value === value);
  if (sources.length === 0) return value === INITIAL;
  return sources.every((w) => w.op.ret < newer.op.call);
}
