/**
 * The statement's breaker (the implement reference) beside opossum, a maintained breaker
 * library, on the same traffic under a fake clock: one call every 50 ms, each succeeding,
 * failing or hanging as scripted. They must go through the same states at the same calls and
 * let the same calls through. Opossum's per-call `timeout` plays the probe timeout (only the
 * hung probe ever reaches it), and its bucketed window is emptied by a pause, so the
 * difference between a bucketed and an exact window never shows. One difference is real and
 * pinned below: opossum closes on any success while half-open, even a call admitted before
 * the trip; the statement's breaker waits for its probe.
 */
import CircuitBreaker from "opossum";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { functionBreaker } from "./breaker";
import { REFERENCE } from "./functions";
import type { BreakerConfig, Mode } from "./settings";

const CONFIG: BreakerConfig = { minimumVolume: 5, errorThresholdPercent: 50, rollingWindowMs: 1_000, sleepWindowMs: 300, probeTimeoutMs: 150 };
type Outcome = "ok" | "fail" | "hang";

function opossum(action: (outcome: Outcome) => Promise<string>, timeout = CONFIG.probeTimeoutMs) {
  return new CircuitBreaker(action, {
    timeout,
    resetTimeout: CONFIG.sleepWindowMs,
    errorThresholdPercentage: CONFIG.errorThresholdPercent,
    volumeThreshold: CONFIG.minimumVolume,
    rollingCountTimeout: CONFIG.rollingWindowMs,
    rollingCountBuckets: 10,
  });
}
const modeOf = (b: CircuitBreaker): Mode => (b.halfOpen ? "half-open" : b.opened ? "open" : "closed");
const act = (outcome: Outcome) => (outcome === "ok" ? Promise.resolve("ok") : outcome === "fail" ? Promise.reject(new Error("503")) : new Promise<string>(() => undefined));

/** [time, outcome] per call: a lone failure, healthy calls, a pause, an outage, a failed probe, a hung probe, recovery. */
function traffic(): Array<[number, Outcome]> {
  const calls: Array<[number, Outcome]> = [[0, "fail"]];
  for (let t = 50; t <= 400; t += 50) calls.push([t, "ok"]);
  for (let t = 1_500; t <= 2_250; t += 50) calls.push([t, "fail"]); // outage: trips at 1700, probe at 2000 fails
  calls.push([2_300, "hang"]); // the probe after the next sleep window never answers
  for (let t = 2_350; t <= 3_000; t += 50) calls.push([t, "ok"]); // back: timed out at 2450, probe at 2750 closes
  return calls;
}

describe("the statement's breaker and opossum", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Runs both on the same calls; returns "sent closed" / "refused open" … per call, for each. */
  async function runBoth(calls: Array<[number, Outcome]>, lib = opossum(act)) {
    const ref = functionBreaker(REFERENCE, CONFIG);
    let refused = false;
    lib.on("reject", () => (refused = true));
    const steps: Array<{ t: number; ref: string; lib: string }> = [];
    for (const [t, outcome] of calls) {
      await vi.advanceTimersByTimeAsync(t - Date.now());
      const allowed = ref.request(t);
      if (allowed && outcome !== "hang") ref.result(t, { ok: outcome === "ok", admittedAt: t, latencyMs: 0 });
      refused = false;
      const call = lib.fire(outcome).catch(() => undefined);
      if (outcome !== "hang") await call;
      steps.push({ t, ref: `${allowed ? "sent" : "refused"} ${ref.mode}`, lib: `${refused ? "refused" : "sent"} ${modeOf(lib)}` });
    }
    lib.shutdown();
    return steps;
  }

  it("go through the same states and let the same calls through, call by call", async () => {
    const steps = await runBoth(traffic());
    expect(steps.map((s) => `${s.t}: ${s.lib}`)).toEqual(steps.map((s) => `${s.t}: ${s.ref}`));
    const at = (t: number) => steps.find((s) => s.t === t)?.ref;
    expect(at(0)).toBe("sent closed"); // one failure out of one request
    expect(at(1_700)).toBe("sent open"); // the fifth failure of five
    expect(at(2_000)).toBe("sent open"); // the probe failed: open again
    expect(at(2_300)).toBe("sent half-open"); // the probe that hangs
    expect(at(2_450)).toBe("refused open"); // ... timed out
    expect(at(2_750)).toBe("sent closed");
  });

  it("differ on a success admitted before the trip: opossum closes on it, the statement's breaker waits for its probe", async () => {
    const ref = functionBreaker(REFERENCE, CONFIG);
    const releases: Array<(v: string) => void> = [];
    // A longer per-call timeout here, so the slow call comes back as a success.
    const lib = opossum((o) => (o === "hang" ? new Promise<string>((r) => releases.push(r)) : act(o)), 1_000);
    // The slow call goes out while closed.
    const slowAdmitted = ref.request(0);
    const slow = lib.fire("hang").catch(() => undefined);
    for (const t of [10, 20, 30, 40, 50]) {
      await vi.advanceTimersByTimeAsync(t - Date.now());
      ref.request(t);
      ref.result(t, { ok: false, admittedAt: t, latencyMs: 0 });
      await lib.fire("fail").catch(() => undefined);
    }
    expect([ref.mode, modeOf(lib)]).toEqual(["open", "open"]);
    await vi.advanceTimersByTimeAsync(350 - Date.now());
    ref.request(350); // the probe goes out and hangs in both
    const probe = lib.fire("hang").catch(() => undefined);
    expect([ref.mode, modeOf(lib)]).toEqual(["half-open", "half-open"]);
    // The slow call succeeds now, before either timeout.
    ref.result(360, { ok: true, admittedAt: slowAdmitted ? 0 : -1, latencyMs: 360 });
    expect(releases).toHaveLength(2);
    releases[0]!("ok"); // the slow call, not the probe
    await vi.advanceTimersByTimeAsync(10);
    expect(ref.mode).toBe("half-open");
    expect(modeOf(lib)).toBe("closed");
    lib.shutdown();
    await Promise.race([slow, probe, Promise.resolve()]);
  });
});
