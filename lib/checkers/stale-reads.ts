import { pairOperations, type Operation } from "@/lib/history/operations";
import type { History } from "@/lib/history/types";
import {
  canonValue,
  INITIAL,
  keyOf,
  provablyOlder,
  writersByKey,
  type Writer,
} from "./register-values";
import { describeOp, isRead, witnessOp, type WitnessOp } from "./witness-op";

export interface StaleRead {
  key: string | null;
  read: WitnessOp;
  /** The operations that could have written the value it returned (none: the initial value). */
  writtenBy: WitnessOp[];
  /** A write acknowledged before the read was invoked whose value the read should have seen. */
  newer: WitnessOp;
  message: string;
}

export interface StaleReadsResult {
  verdict: "ok" | "illegal";
  staleReads: StaleRead[];
  message: string;
}

/**
 * Finds reads that returned a value older than one acknowledged before the read began —
 * the readable form of a linearizability violation in a quorum store (W + R ≤ N).
 * Covers registers (read/write/cas) and kv get/put; keys with appends are skipped.
 */
export function findStaleReads(history: History): StaleReadsResult {
  const operations = pairOperations(history);
  const writers = writersByKey(operations);
  const appendKeys = new Set(operations.filter((op) => op.f === "append").map(keyOf));
  const staleReads: StaleRead[] = [];
  for (const read of operations) {
    if (!isRead(read) || read.outcome !== "ok" || appendKeys.has(keyOf(read))) continue;
    const keyWriters = writers.get(keyOf(read)) ?? [];
    const stale = staleAgainst(read, keyWriters);
    if (stale) staleReads.push(stale);
  }
  const message =
    staleReads.length === 0
      ? "No stale read: every read returned a value at least as new as the writes acknowledged before it began."
      : `${staleReads.length} stale read${staleReads.length === 1 ? "" : "s"}; first: ${staleReads[0]!.message}`;
  return { verdict: staleReads.length === 0 ? "ok" : "illegal", staleReads, message };
}

function staleAgainst(read: Operation, writers: readonly Writer[]): StaleRead | undefined {
  const value = canonValue(read.f, read.output);
  // The most recently acknowledged write that finished before the read began and is newer.
  let newer: Writer | undefined;
  for (const w of writers) {
    if (w.op.outcome !== "ok" || !(w.op.ret < read.call)) continue;
    if (provablyOlder(value, w, writers) && (newer === undefined || w.op.ret > newer.op.ret))
      newer = w;
  }
  if (!newer) return undefined;
  const writtenBy = writers.filter((w) => w.value === value).map((w) => witnessOp(w.op));
  const shownRead = witnessOp(read);
  const shownNewer = witnessOp(newer.op);
  const key = keyOf(read);
  const source =
    writtenBy.length > 0
      ? `that value was written by ${writtenBy.map(describeOp).join(", ")}, which finished before that write began`
      : "that is the initial value";
  const returned = value === INITIAL ? "the initial value" : JSON.stringify(read.output);
  return {
    key,
    read: shownRead,
    writtenBy,
    newer: shownNewer,
    message:
      `Stale read${key === null ? "" : ` of key ${JSON.stringify(key)}`}: ${describeOp(shownRead)} returned ` +
      `${returned}, but ${describeOp(shownNewer)} had been acknowledged before the read began; ${source}.`,
  };
}
