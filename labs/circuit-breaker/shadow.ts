/**
 * The implement task's oracle: the student's breaker runs with the statement's breaker (the
 * reference) beside it, both given exactly the same requests and results at the same `now`.
 * The first time they disagree — on letting a call through, or on the mode after a step —
 * is recorded and halts the run: up to there both saw the same history, so the disagreement
 * is the student's, whatever the timing of the run.
 */
import type { Breaker, CallResult } from "./breaker";
import type { Mode } from "./settings";

export interface Divergence {
  step: "request" | "result";
  now: number;
  /** The call: its admission time (for a result) or its request time. */
  callAt: number;
  ok?: boolean;
  student: { mode: Mode; allow?: boolean };
  expected: { mode: Mode; allow?: boolean };
  /** The mode both were in before the step. */
  before: Mode;
}

export function shadowedBreaker(student: Breaker, reference: Breaker, onDiverge: (d: Divergence) => void): Breaker & { divergence(): Divergence | null } {
  let divergence: Divergence | null = null;
  const compare = (d: Omit<Divergence, "student" | "expected">, allow?: [boolean, boolean]) => {
    if (divergence) return;
    const same = student.mode === reference.mode && (!allow || allow[0] === allow[1]);
    if (same) return;
    divergence = { ...d, student: { mode: student.mode, ...(allow ? { allow: allow[0] } : {}) }, expected: { mode: reference.mode, ...(allow ? { allow: allow[1] } : {}) } };
    onDiverge(divergence);
  };
  return {
    request(now) {
      const before = reference.mode;
      const allow = student.request(now);
      if (divergence) return allow;
      compare({ step: "request", now, callAt: now, before }, [allow, reference.request(now)]);
      return allow;
    },
    result(now, call: CallResult) {
      const before = reference.mode;
      student.result(now, call);
      if (divergence) return;
      reference.result(now, call);
      compare({ step: "result", now, callAt: call.admittedAt, ok: call.ok, before });
    },
    get mode() {
      return student.mode;
    },
    divergence: () => divergence,
  };
}
