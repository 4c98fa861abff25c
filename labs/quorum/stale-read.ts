/**
 * Words for a stale read found by lib/checkers' finder, in the lab's terms: which client,
 * which replica served it, and which acknowledged put it missed — and the one witness the
 * grade carries, so the diagnosis and the highlighted operation are the same.
 */
import { describeOp, findStaleReads, type LinearizabilityResult, type StaleRead } from "@/lib/checkers";
import { formatMs } from "@/lib/checkers/witness-op";
import type { History } from "@/lib/history/types";
import type { GradeWitness } from "@/lib/labs/types";

export type { StaleRead };

/** The stale reads of a history, first one first (empty when there is none). */
export function staleReadsOf(history: History): StaleRead[] {
  return findStaleReads(history).staleReads;
}

export function describeStaleRead({ read, newer }: StaleRead): string {
  const got = read.value === null || read.value === undefined ? "nothing (as if the key was never written)" : `"${String(read.value)}"`;
  const at = (t: number | undefined) => (t === undefined ? "?" : formatMs(t));
  return (
    `client c${read.process} read ${read.key ?? "?"} at ${at(read.callTime)} ms and got ${got} from replica ${read.node ?? "?"}, ` +
    `although put ${newer.key ?? "?"}="${String(newer.value)}" had been acknowledged at ${at(newer.retTime)} ms`
  );
}

export interface Anomaly {
  witness: GradeWitness;
  /** One sentence naming the witness operation. */
  description: string;
  stale?: StaleRead;
}

/**
 * The operation a non-linearizable history is graded on: its first stale read when it has
 * one (the clearest story), else the operation the linearizability search could not place.
 */
export function anomalyOf(history: History, linearizability: LinearizabilityResult): Anomaly | null {
  const stale = staleReadsOf(history)[0];
  if (stale) return { stale, witness: { kind: "stale-read", op: stale.read, related: [stale.newer] }, description: describeStaleRead(stale) };
  const blocked = linearizability.witness?.blocked;
  if (!blocked) return null;
  return {
    witness: { kind: "not-linearizable", op: blocked },
    description: `${describeOp(blocked)} cannot be placed in any order consistent with real time`,
  };
}
