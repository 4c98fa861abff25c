/**
 * A breaker as the lab's caller uses it: ask before a call, report its result, read the mode.
 * `functionBreaker` keeps the state of a pair of pure functions (the reference, or the
 * student's in the sandbox) and checks that what they return names a mode.
 */
import { LabFailure } from "@/lib/labs/errors";
import { boundJson } from "@/lib/sandbox";
import { MODES, type BreakerConfig, type Mode } from "./settings";

export interface CallResult {
  ok: boolean;
  /** The `now` the breaker was given when it admitted the call. */
  admittedAt: number;
  latencyMs: number;
}

export interface Breaker {
  request(now: number): boolean;
  result(now: number, call: CallResult): void;
  readonly mode: Mode;
}

/** The student's two functions (or the reference's), with the state kept as JSON between calls. */
export interface BreakerFunctions {
  onRequest(state: unknown, now: number, config: BreakerConfig): unknown;
  onResult(state: unknown, now: number, result: CallResult, config: BreakerConfig): unknown;
}

type WithMode = { mode: Mode };
const hasMode = (s: unknown): s is WithMode => typeof s === "object" && s !== null && MODES.includes((s as WithMode).mode);

export function functionBreaker(fns: BreakerFunctions, config: BreakerConfig): Breaker {
  let state: unknown = null;
  let mode: Mode = "closed";
  const keep = (fn: string, next: unknown) => {
    if (!hasMode(next))
      throw new LabFailure(`${fn} must return a state with mode "closed", "open" or "half-open", but it returned ${boundJson(next, 300)}.`, `Keep the mode in the state: { mode: "closed", … }.`);
    state = next;
    mode = next.mode;
  };
  return {
    request(now) {
      const out = fns.onRequest(state, now, config) as { allow?: unknown; state?: unknown } | null;
      if (typeof out?.allow !== "boolean") throw new LabFailure(`onRequest must return { allow: boolean, state }, but it returned ${boundJson(out, 300)}.`, "Return whether this call may go to the service, and the state to keep.");
      keep("onRequest", out.state);
      return out.allow;
    },
    result(now, call) {
      keep("onResult", fns.onResult(state, now, call, config));
    },
    get mode() {
      return mode;
    },
  };
}
