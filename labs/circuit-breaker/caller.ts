/**
 * The lab's caller: every call asks the breaker first. A call the breaker refuses is
 * answered at once and recorded as one op whose error starts "not sent" (as the kit's
 * client driver records a fail-fast); a call it admits is one real HTTP attempt through the
 * fault proxy, recorded invoke → ok / fail / info, then reported back to the breaker. Each
 * change of the breaker's mode becomes a `state` event on "breaker" and a transition, and
 * each completion a `metric` (calls, errors, failed fast) for the live view.
 */
import type { HistoryRecorder } from "@/lib/history/recorder";
import { httpAttempt } from "@/lib/labs/http-attempt";
import type { LabEvent } from "@/lib/labs/types";
import type { Breaker } from "./breaker";
import { BREAKER, CALL, CLIENT_TIMEOUT_MS, type Mode } from "./settings";

export interface CallRecord {
  /** Which step of the plan made it (e.g. "outage", "probe"). */
  label: string;
  at: number;
  sent: boolean;
  requestId: string | null;
  ok: boolean;
  /** How long the caller waited for its answer (the breaker's, or the service's). */
  latencyMs: number;
  /** History index of its invoke: what a witness names. */
  op: number;
}

export interface Transition {
  t: number;
  from: Mode;
  to: Mode;
  /** The call whose request or result moved it. */
  label: string;
  op: number;
}

export const NOT_SENT = "not sent: the circuit is open";

/** The recorder's metric per completion: calls, errors among calls sent, calls failed fast. */
export function breakerMetrics(op: { type: string; error?: string }): Record<string, number> {
  const failedFast = op.error?.startsWith("not sent") ? 1 : 0;
  return { calls: 1, sent: 1 - failedFast, errors: op.type !== "ok" && !failedFast ? 1 : 0, failedFast };
}

export class BreakerCaller {
  readonly calls: CallRecord[] = [];
  readonly transitions: Transition[] = [];
  /** The first error the breaker's code threw (it halts the run; the grade reports it). */
  breakerError: unknown = null;
  private readonly inFlight = new Set<Promise<CallRecord>>();
  private readonly stop = new AbortController();
  /** Each lane (a caller with one call in flight at a time) is a history process. */
  private readonly processes = new Map<number, number>();
  private n = 0;

  constructor(
    private readonly opts: { baseUrl: string; recorder: HistoryRecorder; now(): number; emit(e: LabEvent): void; breaker: Breaker; signal: AbortSignal; halt: AbortController },
  ) {
    opts.emit({ kind: "state", t: opts.now(), subject: BREAKER, state: opts.breaker.mode });
  }

  /** One call on a lane; `onSent` gets its request id as soon as it is on its way. */
  call(label: string, opts: { lane?: number; onSent?: (requestId: string) => void } = {}): Promise<CallRecord> {
    const p = this.run(label, opts.lane ?? 0, opts.onSent).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
    return p;
  }

  /** Waits for every call in flight; `abort` first ends them (their outcome is unknown). */
  async settle(abort = false): Promise<void> {
    if (abort) this.stop.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(label: string, lane: number, onSent?: (requestId: string) => void): Promise<CallRecord> {
    const { recorder, now, breaker } = this.opts;
    const process = this.processes.get(lane) ?? lane;
    const hop = { process, f: "get", key: label };
    const at = now();
    const op = recorder.record({ ...hop, type: "invoke" }, at);
    const allow = this.watch(label, op, () => breaker.request(at));
    if (!allow) {
      recorder.record({ ...hop, type: "fail", error: NOT_SENT });
      return this.done({ label, at, sent: false, requestId: null, ok: false, latencyMs: now() - at, op });
    }
    const requestId = `b${++this.n}`;
    onSent?.(requestId);
    const result = await httpAttempt(this.opts.baseUrl, CALL, { timeoutMs: CLIENT_TIMEOUT_MS, requestId, signal: AbortSignal.any([this.opts.signal, this.stop.signal]) });
    const end = now();
    if (result.ok) recorder.record({ ...hop, type: "ok", value: result.value }, end);
    else recorder.record({ ...hop, type: result.definite ? "fail" : "info", error: result.error }, end);
    // After an unknown outcome the process may still have that call in flight: go on as a new one.
    if (!result.ok && !result.definite) this.processes.set(lane, process + 100);
    if (!this.stop.signal.aborted) this.watch(label, op, () => breaker.result(end, { ok: result.ok, admittedAt: at, latencyMs: end - at }));
    return this.done({ label, at, sent: true, requestId, ok: result.ok, latencyMs: end - at, op });
  }

  private done(c: CallRecord): CallRecord {
    this.calls.push(c);
    return c;
  }

  /** Runs one breaker step and records the mode change it made, if any; an error in it halts the run (a refusal). */
  private watch(label: string, op: number, step: () => boolean | void): boolean {
    if (this.breakerError) return false;
    const from = this.opts.breaker.mode;
    let out: boolean | void = false;
    try {
      out = step();
    } catch (err) {
      this.breakerError ??= err;
      this.opts.halt.abort();
      return false;
    }
    const to = this.opts.breaker.mode;
    if (to !== from) {
      const t = this.opts.now();
      this.transitions.push({ t, from, to, label, op });
      this.opts.emit({ kind: "state", t, subject: BREAKER, state: to, detail: { from, call: label } });
    }
    return out === true;
  }
}
