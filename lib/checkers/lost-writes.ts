import { pairOperations, type Operation } from "@/lib/history/operations";
import type { History } from "@/lib/history/types";
import { canonicalJson } from "./convergence";
import { canonValue, keyOf, provablyOlder, writersByKey, type Writer } from "./register-values";
import { describeOp, isRead, witnessOp, type WitnessOp } from "./witness-op";

export interface FinalRead {
  key?: string;
  node?: string;
  value: unknown;
}

export interface LostWrite {
  key: string | null;
  write: WitnessOp;
  /** What the final reads of its key returned. */
  finalValues: unknown[];
  message: string;
}

export interface LostWritesResult {
  verdict: "ok" | "illegal";
  /** Acknowledged writes, puts, cas and appends checked against a final read. */
  checked: number;
  lost: LostWrite[];
  /** Keys with acknowledged writes but no final read: nothing could be said about them. */
  unreadKeys: (string | null)[];
  message: string;
}

export interface LostWritesOptions {
  /**
   * The values read after the run healed. Default: the ok reads/gets of each key that began
   * after every write to that key had completed (the workload's final-read phase).
   */
  finalReads?: FinalRead[];
}

const WRITES = new Set(["write", "put", "cas", "append"]);

/**
 * Lost acknowledged writes: a write, put, cas or append that completed ok but that no final
 * read reflects. An append is reflected when the final value contains it; a write when the
 * final value is not provably older than it (a later write may have replaced it).
 */
export function checkLostWrites(
  history: History,
  options: LostWritesOptions = {},
): LostWritesResult {
  const operations = pairOperations(history);
  const writers = writersByKey(operations);
  const finals = options.finalReads
    ? groupFinalReads(options.finalReads)
    : finalReadsFromHistory(operations);
  const lost: LostWrite[] = [];
  const unread = new Set<string | null>();
  let checked = 0;
  for (const op of operations) {
    if (!WRITES.has(op.f) || op.outcome !== "ok") continue;
    const key = keyOf(op);
    const finalValues = finals.get(key);
    if (!finalValues || finalValues.length === 0) {
      unread.add(key);
      continue;
    }
    checked++;
    const keyWriters = writers.get(key) ?? [];
    if (finalValues.some((value) => reflects(value, op, keyWriters))) continue;
    const write = witnessOp(op);
    lost.push({
      key,
      write,
      finalValues,
      message:
        `Lost write: ${describeOp(write)} was acknowledged, but the final read${finalValues.length === 1 ? "" : "s"} of ` +
        `${key === null ? "the register" : `key ${JSON.stringify(key)}`} returned ` +
        `${finalValues.map((v) => JSON.stringify(v ?? null)).join(", ")}.`,
    });
  }
  const unreadKeys = [...unread];
  const message =
    lost.length > 0
      ? `${lost.length} acknowledged write${lost.length === 1 ? " was" : "s were"} lost; first: ${lost[0]!.message}`
      : `All ${checked} acknowledged writes are reflected in the final reads` +
        (unreadKeys.length > 0 ? ` (${unreadKeys.length} key(s) had no final read).` : ".");
  return { verdict: lost.length === 0 ? "ok" : "illegal", checked, lost, unreadKeys, message };
}

function reflects(finalValue: unknown, op: Operation, writers: readonly Writer[]): boolean {
  if (op.f === "append") {
    if (Array.isArray(finalValue))
      return finalValue.some((v) => canonicalJson(v) === canonicalJson(op.input));
    return typeof finalValue === "string" && finalValue.includes(String(op.input));
  }
  const self = writers.find((w) => w.op === op);
  if (!self) return true;
  return !provablyOlder(canonValue(op.f === "cas" ? "write" : op.f, finalValue), self, writers);
}

function groupFinalReads(reads: FinalRead[]): Map<string | null, unknown[]> {
  const byKey = new Map<string | null, unknown[]>();
  for (const read of reads) {
    const key = read.key ?? null;
    byKey.set(key, [...(byKey.get(key) ?? []), read.value]);
  }
  return byKey;
}

function finalReadsFromHistory(operations: readonly Operation[]): Map<string | null, unknown[]> {
  // A write still in flight when the history ends counts from its invoke: reads after that
  // are final with respect to everything that was acknowledged.
  const lastWriteEnd = new Map<string | null, number>();
  for (const op of operations) {
    if (!WRITES.has(op.f)) continue;
    const end = Number.isFinite(op.end) ? op.end : op.call;
    lastWriteEnd.set(keyOf(op), Math.max(lastWriteEnd.get(keyOf(op)) ?? -1, end));
  }
  const byKey = new Map<string | null, unknown[]>();
  for (const op of operations) {
    if (!isRead(op) || op.outcome !== "ok") continue;
    if (op.call < (lastWriteEnd.get(keyOf(op)) ?? -1)) continue;
    byKey.set(keyOf(op), [...(byKey.get(keyOf(op)) ?? []), op.output]);
  }
  return byKey;
}
