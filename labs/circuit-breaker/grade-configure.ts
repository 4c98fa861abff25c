/**
 * The configure grade, requirement by requirement in the order the run meets them:
 * no trip before the outage (one failure out of one request, or the 20 % background), open
 * within OPEN_WITHIN_MS of the outage, at most MAX_REACHING_WHILE_DOWN calls reaching the
 * service while it is down once the breaker has opened, closed within RECOVER_WITHIN_MS of
 * the recovery. Each failure names the call that shows it.
 */
import { witnessAt } from "@/lib/checkers/witness-op";
import type { Grade } from "@/lib/labs/types";
import type { CallRecord } from "./caller";
import { FAIL_FAST_MS, MAX_REACHING_WHILE_DOWN, OPEN_WITHIN_MS, OUTAGE_MS, RECOVER_WITHIN_MS, type ConfigureRun } from "./scenario-configure";
import { ms, showTimeline, slowestFailFast } from "./timeline";

/** What the rolling window held at `t`: the results of sent calls that finished in the window before it. */
function windowAt(run: ConfigureRun, t: number) {
  const inWindow = run.calls.filter((c) => c.sent && c.at + c.latencyMs <= t && t - (c.at + c.latencyMs) < run.config.rollingWindowMs);
  const failed = inWindow.filter((c) => !c.ok).length;
  return { outcomes: inWindow.length, failed, text: `${inWindow.length} outcome${inWindow.length === 1 ? "" : "s"}, ${failed} failed` };
}

const fail = (run: ConfigureRun, diagnosis: string, hint: string, call?: CallRecord): Grade => ({
  verdict: "fail",
  diagnosis: `${diagnosis} Timeline: ${showTimeline(run.transitions)}.`,
  hint,
  ...(call ? witnessAt(run.history, "breaker-requirement", call.op) : {}),
  details: { config: run.config, timeline: run.transitions, outageAt: run.outageAt, recoveredAt: run.recoveredAt },
});

export function gradeConfigure(run: ConfigureRun): Grade {
  const { config, transitions, calls, outageAt, recoveredAt } = run;
  const callAt = (op: number) => calls.find((c) => c.op === op);

  const early = transitions.find((t) => t.to === "open" && t.t < outageAt);
  if (early) {
    const w = windowAt(run, early.t);
    const where = early.label === "lone" ? "on the first call of the run: 1 failure out of 1 request" : `during the healthy traffic, where 1 call in 5 fails (the window held ${w.text})`;
    return fail(run, `Your breaker opened before the outage, ${where}.`, early.label === "lone" ? "minimumVolume: how many outcomes must the window hold before the error rate means anything?" : "errorThresholdPercent: a healthy service here fails 1 call in 5; the breaker must tell that from an outage.", callAt(early.op));
  }

  const opened = transitions.find((t) => t.to === "open" && t.t >= outageAt);
  const outageCalls = calls.filter((c) => c.label === "outage");
  if (!opened || opened.t - outageAt > OPEN_WITHIN_MS) {
    const late = outageCalls.find((c) => c.sent && c.at - outageAt > OPEN_WITHIN_MS);
    const w = windowAt(run, outageAt + OPEN_WITHIN_MS);
    const why =
      w.outcomes < config.minimumVolume
        ? `the ${config.rollingWindowMs} ms window never held the ${config.minimumVolume} outcomes minimumVolume asks for`
        : `${OPEN_WITHIN_MS} ms in, the window held ${w.text} (${Math.round((100 * w.failed) / Math.max(1, w.outcomes))} %, under the ${config.errorThresholdPercent} % threshold: the successes from before the outage were still in it)`;
    const when = opened ? `opened only ${ms(opened.t - outageAt)} into the outage` : `never opened during the ${OUTAGE_MS} ms outage`;
    return fail(run, `Not fail-fast: your breaker ${when}; it must within ${OPEN_WITHIN_MS} ms. Until then every call waited for the failing service: ${why}.`, "Think about what the window holds when the outage starts, how fast failures arrive, and when the threshold and the minimum volume are both met.", late);
  }

  const slowest = slowestFailFast(calls);
  if (slowest > FAIL_FAST_MS) {
    const slow = calls.find((c) => !c.sent && c.latencyMs === slowest);
    return fail(run, `Your breaker took ${ms(slowest)} to refuse a call; failing fast means within ${FAIL_FAST_MS} ms.`, "A refusal is a decision on the breaker's own state: it must not wait for anything.", slow);
  }

  const reaching = calls.filter((c) => c.sent && c.at >= opened.t && c.at < recoveredAt);
  if (reaching.length > MAX_REACHING_WHILE_DOWN) {
    return fail(run, `Your breaker opened ${ms(opened.t - outageAt)} into the outage, but then ${reaching.length} probes reached the service while it was still down (at most ${MAX_REACHING_WHILE_DOWN} may): a probe every ${config.sleepWindowMs} ms keeps hammering a service that is trying to recover.`, "sleepWindowMs: how long should a failing dependency be left alone before the next probe?", reaching[MAX_REACHING_WHILE_DOWN]);
  }

  const closed = transitions.find((t) => t.to === "closed" && t.t >= recoveredAt);
  if (!closed || closed.t - recoveredAt > RECOVER_WITHIN_MS) {
    const refused = calls.find((c) => !c.sent && c.at - recoveredAt > RECOVER_WITHIN_MS);
    const hung = calls.find((c) => c.sent && c.at >= recoveredAt);
    const state = closed ? `closed only ${ms(closed.t - recoveredAt)} after the service recovered` : `was still refusing calls ${ms(RECOVER_WITHIN_MS)} after the service recovered`;
    return fail(run, `Slow recovery: your breaker ${state}; it must close within ${ms(RECOVER_WITHIN_MS)}.${hung ? ` Its first probe after the recovery (at ${ms(hung.at - recoveredAt)}) hung: a probe that never answers must count as failed after probeTimeoutMs (${config.probeTimeoutMs} ms), or the breaker waits for the client's deadline.` : ""}`, "Recovery takes the rest of the sleep window, a probe (or a probe's timeout and one more sleep window) — size sleepWindowMs and probeTimeoutMs so that fits.", refused ?? hung);
  }

  const probesWhileDown = reaching.length;
  return {
    verdict: "pass",
    diagnosis: `Every requirement met: no trip on the lone failure or the 20 % background; opened ${ms(opened.t - outageAt)} into the outage and answered refused calls itself within ${ms(slowestFailFast(calls))}; ${probesWhileDown} probe${probesWhileDown === 1 ? "" : "s"} reached the service while it was down; closed ${ms(closed.t - recoveredAt)} after it recovered. Timeline: ${showTimeline(transitions)}.`,
    details: { config, timeline: transitions, outageAt, recoveredAt },
  };
}
