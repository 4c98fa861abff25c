/**
 * The configure task's run: the statement's breaker with the student's settings, before one
 * caller making a call every CADENCE_MS. The lab switches the faults between calls:
 *   lone      the first call fails, then a quiet QUIET_MS
 *   healthy   HEALTHY_CALLS calls, every 5th failing (a 20 % background error rate)
 *   outage    the service answers 503 for OUTAGE_MS
 *   recovered the service is back, but the first call it gets hangs past the client's deadline;
 *             calls go on for RECOVER_WITHIN_MS and a little more
 */
import { setTimeout as sleep } from "node:timers/promises";
import { runPhases } from "@/lib/labs/phases";
import type { Grade, RunContext } from "@/lib/labs/types";
import { functionBreaker } from "./breaker";
import type { CallRecord, Transition } from "./caller";
import { REFERENCE } from "./functions";
import { CLIENT_TIMEOUT_MS, type BreakerConfig } from "./settings";
import { faultOneCall, proxyHasRead, startBreakerSystem, type BreakerSystem } from "./system";

export const CADENCE_MS = 20;
export const QUIET_MS = 200;
export const HEALTHY_CALLS = 50;
/** Healthy call i (1, 2, …) fails when i % 5 === 3. */
export const failsWhileHealthy = (i: number) => i % 5 === 3;
export const OUTAGE_MS = 650;
/** Requirements. */
export const OPEN_WITHIN_MS = 350;
export const FAIL_FAST_MS = 50;
export const MAX_REACHING_WHILE_DOWN = 2;
export const RECOVER_WITHIN_MS = 1_000;
const AFTER_DEADLINE_MS = 200;

export interface ConfigureRun {
  config: BreakerConfig;
  calls: CallRecord[];
  transitions: Transition[];
  outageAt: number;
  recoveredAt: number;
  history: BreakerSystem["recorder"]["history"];
}

/** Calls `label` every CADENCE_MS until the run's clock passes `until`; the first call sent gets `onFirstSent`. */
async function callUntil(ctx: RunContext, sys: BreakerSystem, label: string, until: number, onFirstSent?: (id: string) => Promise<void>) {
  let first = onFirstSent;
  let lane = 0;
  while (ctx.now() < until) {
    const sent: { id?: string } = {};
    const call = sys.caller.call(label, { lane, onSent: (id) => (sent.id = id) });
    if (sent.id && first) {
      // Left in flight: the calls after it go on another lane (a history process has one call out).
      await first(sent.id);
      first = undefined;
      lane = 1;
    } else await call;
    await sleep(CADENCE_MS);
  }
}

export function runConfigureScenario(ctx: RunContext, config: BreakerConfig, grade: (run: ConfigureRun) => Grade): Promise<Grade> {
  let outageAt = 0;
  let recoveredAt = 0;
  return runPhases<BreakerSystem, ConfigureRun>(ctx, {
    startSystem: (onTeardown) => startBreakerSystem(ctx, functionBreaker(REFERENCE, config), onTeardown),
    async workload(sys) {
      const failOne = { kind: "http-errors", rate: 1, status: 503 } as const;
      await (await faultOneCall(sys, failOne, "lone")).call;
      await sleep(QUIET_MS);
      for (let i = 1; i <= HEALTHY_CALLS; i++) {
        await (failsWhileHealthy(i) ? (await faultOneCall(sys, failOne, "healthy")).call : sys.caller.call("healthy"));
        await sleep(CADENCE_MS);
      }
      outageAt = ctx.now();
      const outage = sys.api.faults.start({ kind: "http-outage", mode: "503" });
      await callUntil(ctx, sys, "outage", outageAt + OUTAGE_MS);
      await outage();
      recoveredAt = ctx.now();
      // The first call the recovered service gets hangs past the client's deadline; the fault ends once the proxy has read it.
      const hang = sys.api.faults.start({ kind: "http-slow", delayMs: CLIENT_TIMEOUT_MS + 500 });
      try {
        await callUntil(ctx, sys, "recovered", recoveredAt + RECOVER_WITHIN_MS + AFTER_DEADLINE_MS, async (id) => {
          await proxyHasRead(sys.api, id, sys.halt.signal);
          await hang();
        });
      } finally {
        await hang();
      }
    },
    // A probe still hanging says nothing more: end it.
    quiesce: (sys) => sys.caller.settle(true),
    check: (sys) => ({ config, calls: sys.caller.calls, transitions: sys.caller.transitions, outageAt, recoveredAt, history: sys.recorder.history }),
    grade: (run) => grade(run),
  });
}
