/**
 * The exact promise of a sliding log, checked per user in the order the scripts ran: a
 * request is admitted exactly when fewer than `limit` requests were admitted in the rolling
 * window (now − window, now] before it. Over-admission breaks the limit; under-admission
 * locks a user out (a limiter that rejects everything is not safe, it is broken).
 */
import type { Rule } from "./settings";

export interface Judged {
  at: number;
  allowed?: boolean;
}

export interface WrongDecision<D extends Judged> {
  decision: D;
  /** Its place in the user's sequence (0-based). */
  position: number;
  /** Admitted in (at − window, at] before it. */
  inWindow: number;
  /** What it should have been. */
  admit: boolean;
}

export function firstWrongDecision<D extends Judged>(
  sequence: D[],
  rule: Rule,
): WrongDecision<D> | null {
  const admitted: number[] = [];
  for (const [position, decision] of sequence.entries()) {
    if (decision.allowed === undefined) return null; // unknown outcome: nothing after it is checkable
    const inWindow = admitted.filter((t) => t > decision.at - rule.windowMs).length;
    const admit = inWindow < rule.limit;
    if (decision.allowed !== admit) return { decision, position, inWindow, admit };
    if (decision.allowed) admitted.push(decision.at);
  }
  return null;
}
