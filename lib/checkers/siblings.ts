import { HistoryFormatError } from "@/lib/history/errors";
import { pairOperations, type Operation } from "@/lib/history/operations";
import type { History } from "@/lib/history/types";
import { canonicalJson } from "./convergence";
import type { FinalRead } from "./lost-writes";
import { keyOf } from "./register-values";
import { describeOp, witnessOp, type WitnessOp } from "./witness-op";

/** The value of a `write` (or `put`) op on a multi-value register. */
export interface SiblingWrite {
  value: unknown;
  /** The values the client had read before writing: the versions this write replaces. */
  context?: unknown[];
}

export interface SiblingsOptions {
  /** Read after heal and recovery; each `value` is the key's sibling values (an array; null = none). */
  finalReads: FinalRead[];
}

export interface SiblingViolation {
  /**
   * dropped: an acknowledged write that had to stay is missing; resurrected: a value a later
   * write read and replaced is back; phantom: a value no write that could have happened wrote.
   */
  kind: "dropped" | "resurrected" | "phantom";
  key: string | null;
  node?: string;
  value: unknown;
  /** The write of `value` (for a phantom: the failed write of it, if any). */
  write?: WitnessOp;
  /** dropped: the acknowledged write it was concurrent with; resurrected: the write that replaced it. */
  other?: WitnessOp;
  finalValues: unknown[];
  message: string;
}

export interface SiblingsResult {
  verdict: "ok" | "illegal";
  /** Acknowledged writes every final read had to keep. */
  mustKeep: WitnessOp[];
  /** Writes an acknowledged write read and replaced: no final read may show them. */
  superseded: WitnessOp[];
  /** Writes with an unknown outcome (info): kept or not, both are allowed. */
  indeterminate: WitnessOp[];
  violations: SiblingViolation[];
  /** Keys with acknowledged writes but no final read: nothing could be said about them. */
  unreadKeys: (string | null)[];
  message: string;
}

/**
 * Concurrent writes kept as siblings, in a multi-value register (Dynamo/Riak style). The model,
 * kept simple: a write's value is `{ value, context? }`, where context lists the values its
 * client had read — the versions it replaces; a final read returns the key's set of siblings.
 * Values written to one key are distinct. A write is superseded only when an acknowledged write's
 * context names it, and then no final read may show it. An acknowledged write that is not
 * superseded must be in every final read when it was concurrent with another acknowledged write
 * (neither began after the other was acknowledged, and neither's context names the other), or
 * when no write began after it was acknowledged. Otherwise the store may have let a later write
 * replace it (server-side ordering), and checkLostWrites is the checker for that. Writes of
 * unknown outcome may be present or not, and so may the writes their contexts name, unless the
 * write itself shows up in the read (then it happened).
 */
export function checkSiblingsKept(history: History, options: SiblingsOptions): SiblingsResult {
  const writes = writesByKey(pairOperations(history));
  const finals = new Map<string | null, FinalRead[]>();
  for (const read of options.finalReads) {
    const key = read.key ?? null;
    finals.set(key, [...(finals.get(key) ?? []), read]);
  }
  const result: Omit<SiblingsResult, "verdict" | "message"> = {
    mustKeep: [],
    superseded: [],
    indeterminate: [],
    violations: [],
    unreadKeys: [],
  };
  for (const key of new Set([...writes.keys(), ...finals.keys()])) {
    const register = analyse(writes.get(key) ?? []);
    result.mustKeep.push(...register.mustKeep.map((w) => w.shown));
    result.superseded.push(...[...register.supersededBy.keys()].map((w) => w.shown));
    result.indeterminate.push(...register.live.filter(isIndeterminate).map((w) => w.shown));
    const reads = finals.get(key) ?? [];
    if (reads.length === 0 && register.live.some((w) => w.op.outcome === "ok"))
      result.unreadKeys.push(key);
    for (const read of reads) result.violations.push(...judgeRead(key, register, read));
  }
  const { violations, mustKeep, superseded, indeterminate, unreadKeys } = result;
  const message =
    violations.length > 0
      ? `${violations.length} sibling error${violations.length === 1 ? "" : "s"}; first: ${violations[0]!.message}`
      : `Every final read (${options.finalReads.length}) kept the ${mustKeep.length} acknowledged write(s) that had to stay ` +
        `and none of the ${superseded.length} superseded value(s)` +
        (indeterminate.length > 0
          ? `; ${indeterminate.length} write(s) with an unknown outcome were allowed either way`
          : "") +
        (unreadKeys.length > 0 ? ` (${unreadKeys.length} key(s) had no final read).` : ".");
  return { verdict: violations.length === 0 ? "ok" : "illegal", ...result, message };
}

interface Write {
  op: Operation;
  value: unknown;
  /** The value in canonical JSON, so equal values compare equal. */
  id: string;
  context: Set<string>;
  /** The op as reports show it, with the plain value it wrote. */
  shown: WitnessOp;
}

const WRITES = new Set(["write", "put"]);

const isIndeterminate = (w: Write) => w.op.outcome === "info";

function writesByKey(operations: readonly Operation[]): Map<string | null, Write[]> {
  const byKey = new Map<string | null, Write[]>();
  for (const op of operations) {
    if (!WRITES.has(op.f)) continue;
    const { value, context } = parseWrite(op);
    const write: Write = {
      op,
      value,
      id: canonicalJson(value),
      context: new Set(context.map(canonicalJson)),
      shown: { ...witnessOp(op), value },
    };
    byKey.set(keyOf(op), [...(byKey.get(keyOf(op)) ?? []), write]);
  }
  return byKey;
}

function parseWrite(op: Operation): Required<SiblingWrite> {
  const input = op.input;
  if (typeof input === "object" && input !== null && "value" in input) {
    const { value, context = [] } = input as SiblingWrite;
    if (Array.isArray(context)) return { value, context };
  }
  throw new HistoryFormatError(
    `operation ${op.index}: a sibling write's value must be { value, context?: [values it read] }, not ${JSON.stringify(input ?? null)}`,
  );
}

/** One key's writes and what the model says about each, independent of any read. */
interface Register {
  /** Writes that may have happened (ok or info). */
  live: Write[];
  failed: Write[];
  mustKeep: Write[];
  /** The acknowledged write whose context names each superseded write. */
  supersededBy: Map<Write, Write>;
  /** Why each must-keep write had to stay: the concurrent write, or null for the last write. */
  concurrentWith: Map<Write, Write | null>;
}

function analyse(writes: readonly Write[]): Register {
  const live = writes.filter((w) => w.op.outcome !== "fail");
  const failed = writes.filter((w) => w.op.outcome === "fail");
  const seen = new Map<string, Write>();
  for (const w of live) {
    const twin = seen.get(w.id);
    if (twin)
      throw new HistoryFormatError(
        `operations ${twin.op.index} and ${w.op.index} both write ${w.id}: the siblings checker needs every write to a key to write a distinct value`,
      );
    seen.set(w.id, w);
  }
  const acknowledged = live.filter((w) => w.op.outcome === "ok");
  const supersededBy = new Map<Write, Write>();
  const concurrentWith = new Map<Write, Write | null>();
  for (const w of live) {
    const by = acknowledged.find((s) => s !== w && s.context.has(w.id));
    if (by) supersededBy.set(w, by);
  }
  for (const w of acknowledged) {
    if (supersededBy.has(w) || live.some((s) => isIndeterminate(s) && s.context.has(w.id)))
      continue;
    const partner = acknowledged.find((y) => y !== w && concurrent(w, y));
    const isLast = !live.some((z) => z !== w && z.op.call > w.op.ret);
    if (partner || isLast) concurrentWith.set(w, partner ?? null);
  }
  return { live, failed, mustKeep: [...concurrentWith.keys()], supersededBy, concurrentWith };
}

/** Overlapping in real time, and neither had read the other. */
function concurrent(a: Write, b: Write): boolean {
  return (
    a.op.call < b.op.ret && b.op.call < a.op.ret && !a.context.has(b.id) && !b.context.has(a.id)
  );
}

function judgeRead(key: string | null, register: Register, read: FinalRead): SiblingViolation[] {
  const finalValues = siblingsOf(read.value);
  const present = new Set(finalValues.map(canonicalJson));
  const where =
    `${read.node === undefined ? "the" : `node ${read.node}'s`} final read of ` +
    `${key === null ? "the register" : `key ${JSON.stringify(key)}`} returned ${showList(finalValues)}`;
  const base = { key, ...(read.node === undefined ? {} : { node: read.node }), finalValues };
  const violations: SiblingViolation[] = [];
  for (const w of register.mustKeep) {
    if (present.has(w.id)) continue;
    const partner = register.concurrentWith.get(w);
    violations.push({
      ...base,
      kind: "dropped",
      value: w.value,
      write: w.shown,
      ...(partner ? { other: partner.shown } : {}),
      message: partner
        ? `Dropped sibling: ${describeOp(w.shown)} and ${describeOp(partner.shown)} were concurrent — neither began ` +
          "after the other was acknowledged, and neither had read the other — so both had to be kept as siblings " +
          `until a write that read them replaced them; but ${where}. Did last-writer-wins silently drop one?`
        : `Dropped write: ${describeOp(w.shown)} was acknowledged, no write read and replaced it, and none began ` +
          `after it; but ${where}.`,
    });
  }
  for (const w of register.live) {
    if (!present.has(w.id)) continue;
    // An info write that shows up in the read happened, so what it read is replaced too.
    const by =
      register.supersededBy.get(w) ??
      register.live.find((s) => isIndeterminate(s) && s.context.has(w.id) && present.has(s.id));
    if (!by) continue;
    violations.push({
      ...base,
      kind: "resurrected",
      value: w.value,
      write: w.shown,
      other: by.shown,
      message:
        `Resurrected sibling: ${describeOp(w.shown)} was replaced by ${describeOp(by.shown)}, which had read it; ` +
        `yet ${where}, still showing ${JSON.stringify(w.value ?? null)}.`,
    });
  }
  const written = new Set(register.live.map((w) => w.id));
  for (const value of finalValues) {
    if (written.has(canonicalJson(value))) continue;
    const failed = register.failed.find((w) => w.id === canonicalJson(value));
    violations.push({
      ...base,
      kind: "phantom",
      value,
      ...(failed ? { write: failed.shown } : {}),
      message:
        `Phantom sibling: ${where[0]!.toUpperCase()}${where.slice(1)}, but ${JSON.stringify(value ?? null)} ` +
        (failed
          ? `was written only by ${describeOp(failed.shown)}, which failed.`
          : "was never written."),
    });
  }
  return violations;
}

/** A final read as a list of siblings: null is an absent key; a lone value is one sibling. */
function siblingsOf(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const showList = (values: readonly unknown[]) =>
  `[${values.map((v) => JSON.stringify(v ?? null)).join(", ")}]`;
