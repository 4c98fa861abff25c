/**
 * The implement task's run. One caller makes a call every CADENCE_MS, one after another; the
 * lab switches the faults between steps, so every seed meets the same situations in the same
 * order (the timings only move the clock the breaker is given):
 *   lone      the first call of the run fails: 1 failure out of 1 request
 *   healthy   calls that succeed, then a pause longer than the rolling window (it empties)
 *   slow      a call on a second lane, admitted while closed, held SLOW_CALL_MS by the proxy
 *   outage    the service answers 503 until the breaker has opened, probed once (failed) and opened again
 *   probe     the service is back, but the first probe hangs (HUNG_PROBE_MS, under the client's deadline)
 *   waiting   one call while that probe is out (must fail fast)
 *             — then nothing until the slow call has succeeded, long after the trip —
 *   after     calls until the breaker has closed again, and CLOSED_CALLS more
 * The student's breaker runs beside the statement's (./shadow.ts); the first disagreement halts the run.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { runPhases } from "@/lib/labs/phases";
import type { Grade, RunContext } from "@/lib/labs/types";
import { functionBreaker, type BreakerFunctions } from "./breaker";
import type { CallRecord, Transition } from "./caller";
import { REFERENCE } from "./functions";
import type { BreakerConfig } from "./settings";
import { shadowedBreaker, type Divergence } from "./shadow";
import { faultOneCall, proxyHasRead, startBreakerSystem, type BreakerSystem } from "./system";

export const IMPLEMENT_CONFIG: BreakerConfig = { minimumVolume: 5, errorThresholdPercent: 50, rollingWindowMs: 600, sleepWindowMs: 300, probeTimeoutMs: 250 };
export const CADENCE_MS = 30;
export const HEALTHY_CALLS = 8;
export const SLOW_CALL_MS = 1_600;
export const HUNG_PROBE_MS = 1_400;
const WAITING_AFTER_MS = 50;
const CLOSED_CALLS = 4;
/** No step loops for ever, whatever the breaker does. */
const MAX_CALLS_PER_STEP = 120;

export interface ImplementRun {
  /** A situation the run meant to set up but did not (the machine was too slow): no grade can be trusted. */
  missed: string | null;
  calls: CallRecord[];
  transitions: Transition[];
  divergence: Divergence | null;
  breakerError: unknown;
  history: BreakerSystem["recorder"]["history"];
}

type Sys = BreakerSystem & { shadow: ReturnType<typeof shadowedBreaker> };

const lastTo = (sys: Sys, from: string, to: string) => sys.caller.transitions.some((t) => t.from === from && t.to === to);

/** Calls `label` every CADENCE_MS until `done()` (checked after each call). */
async function callUntil(sys: Sys, label: string, done: () => boolean): Promise<void> {
  for (let i = 0; i < MAX_CALLS_PER_STEP && !sys.halt.signal.aborted && !done(); i++) {
    await sys.caller.call(label);
    await sleep(CADENCE_MS);
  }
}

/**
 * The waiting call must come while the probe is out, and the slow call's success while the
 * breaker is half-open: both breakers agreeing elsewhere proves nothing about those rules.
 */
function missedSituation(sys: Sys, probe: number | undefined): string | null {
  const waiting = sys.caller.calls.find((c) => c.label === "waiting")?.at;
  if (probe === undefined || waiting === undefined || waiting - probe >= IMPLEMENT_CONFIG.probeTimeoutMs) return "the call meant to come while the probe was out came after its timeout";
  if (sys.shadow.mode !== "half-open") return `the slow call came back while the breaker was ${sys.shadow.mode}, not half-open`;
  return null;
}

export function runImplementScenario(ctx: RunContext, student: BreakerFunctions, grade: (run: ImplementRun) => Grade): Promise<Grade> {
  let missed: string | null = null;
  return runPhases<Sys, ImplementRun>(ctx, {
    async startSystem(onTeardown) {
      let sys: Sys | undefined;
      const shadow = shadowedBreaker(functionBreaker(student, IMPLEMENT_CONFIG), functionBreaker(REFERENCE, IMPLEMENT_CONFIG), () => sys?.halt.abort());
      sys = { ...(await startBreakerSystem(ctx, shadow, onTeardown)), shadow };
      return sys;
    },
    async workload(sys) {
      const halted = () => sys.halt.signal.aborted;
      await (await faultOneCall(sys, { kind: "http-errors", rate: 1, status: 503 }, "lone")).call;
      for (let i = 0; i < HEALTHY_CALLS && !halted(); i++) {
        await sleep(CADENCE_MS);
        await sys.caller.call("healthy");
      }
      await sleep(IMPLEMENT_CONFIG.rollingWindowMs + 100);
      if (halted()) return;
      const slow = (await faultOneCall(sys, { kind: "http-latency", distribution: { kind: "fixed", ms: SLOW_CALL_MS } }, "slow", 1)).call;
      const outage = sys.api.faults.start({ kind: "http-outage", mode: "503" });
      await callUntil(sys, "outage", () => lastTo(sys, "half-open", "open"));
      await outage();
      // The service is back; the first call it gets (the next probe) hangs.
      const hang = sys.api.faults.start({ kind: "http-slow", delayMs: HUNG_PROBE_MS });
      let probeAt: number | undefined;
      for (let i = 0; i < MAX_CALLS_PER_STEP && !halted(); i++) {
        const sent: { id?: string } = {};
        const at = ctx.now();
        // Its own lane: the probe is left out while the other calls go on.
        const call = sys.caller.call("probe", { lane: 2, onSent: (id) => (sent.id = id) });
        // Once the proxy has read the probe the hang is drawn for it alone: switch it off.
        if (sent.id) {
          probeAt = at;
          await proxyHasRead(sys.api, sent.id, sys.halt.signal);
          break;
        }
        await call;
        await sleep(CADENCE_MS);
      }
      await hang();
      await sleep(WAITING_AFTER_MS);
      if (!halted()) await sys.caller.call("waiting");
      await slow;
      if (!halted()) missed = missedSituation(sys, probeAt);
      await callUntil(sys, "after", () => lastTo(sys, "half-open", "closed"));
      for (let i = 0; i < CLOSED_CALLS && !halted(); i++) {
        await sys.caller.call("closed");
        await sleep(CADENCE_MS);
      }
    },
    async quiesce(sys) {
      // The hung probe answers late; its result must change nothing.
      await sys.caller.settle(sys.halt.signal.aborted);
    },
    check: (sys) => ({ missed, calls: sys.caller.calls, transitions: sys.caller.transitions, divergence: sys.shadow.divergence(), breakerError: sys.caller.breakerError, history: sys.recorder.history }),
    grade: (run) => grade(run),
  });
}
