/**
 * Words for a stale read found by lib/checkers' finder, in the lab's terms: which client,
 * which replica served it, and which acknowledged put it missed.
 */
import { findStaleReads, type StaleRead } from "@/lib/checkers";
import type { History } from "@/lib/history/types";

export type { StaleRead };

/** The stale reads of a history, first one first (empty when there is none). */
export function staleReadsOf(history: History): StaleRead[] {
  return findStaleReads(history).staleReads;
}

export function describeStaleRead({ read, newer }: StaleRead): string {
  const got = read.value === null || read.value === undefined ? "nothing (as if the key was never written)" : `"${String(read.value)}"`;
  const at = (t: number | undefined) => (t === undefined ? "?" : String(Math.round(t)));
  return (
    `client c${read.process} read ${read.key ?? "?"} at ${at(read.callTime)} ms and got ${got} from replica ${read.node ?? "?"}, ` +
    `although put ${newer.key ?? "?"}="${String(newer.value)}" had been acknowledged at ${at(newer.retTime)} ms`
  );
}
