/** The breaker's state timeline as people read it, and the measures both grades quote. */
import { formatMs } from "@/lib/checkers/witness-op";
import type { CallRecord, Transition } from "./caller";

export const ms = (t: number) => `${formatMs(Math.round(t * 10) / 10)} ms`;

/** "closed → open (at 812 ms) → half-open (at 1115 ms) …" */
export function showTimeline(transitions: readonly Transition[]): string {
  if (transitions.length === 0) return "closed throughout";
  return [transitions[0]!.from, ...transitions.map((t) => `${t.to} (at ${ms(t.t)})`)].join(" → ");
}

/** The slowest answer the breaker gave itself (a call it did not send). */
export function slowestFailFast(calls: readonly CallRecord[]): number {
  return Math.max(0, ...calls.filter((c) => !c.sent).map((c) => c.latencyMs));
}
