// Half-open lets every call through, not one probe.
type Mode = "closed" | "open" | "half-open";
type Config = { minimumVolume: number; errorThresholdPercent: number; rollingWindowMs: number; sleepWindowMs: number; probeTimeoutMs: number };
type Result = { ok: boolean; admittedAt: number; latencyMs: number };
type Outcome = { at: number; ok: boolean };
/** since: when the breaker entered its mode; probeAt: when the half-open probe was admitted. */
type State = { mode: Mode; since: number; probeAt: number | null; outcomes: Outcome[] };

const enter = (mode: Mode, now: number, probeAt: number | null = null): State => ({ mode, since: now, probeAt, outcomes: [] });

export function onRequest(state: State | null, now: number, config: Config): { allow: boolean; state: State } {
  let s = state ?? enter("closed", now);
  if (s.mode === "closed") return { allow: true, state: s };
  // A probe that has not answered within its timeout has failed: open again, with a fresh sleep window.
  if (s.mode === "half-open" && s.probeAt !== null && now - s.probeAt >= config.probeTimeoutMs) s = enter("open", now);
  if (s.mode === "half-open") return { allow: true, state: s }; // half-open: let calls through to test the service
  // The sleep window is over: this call is the one probe.
  if (s.mode === "open" && now - s.since >= config.sleepWindowMs) return { allow: true, state: enter("half-open", now, now) };
  return { allow: false, state: s };
}

export function onResult(state: State, now: number, result: Result, config: Config): State {
  if (state.mode === "half-open") {
    if (result.admittedAt !== state.probeAt) return state; // not the probe: a call from before the trip
    return enter(result.ok ? "closed" : "open", now);
  }
  // While open nothing counts; while closed, only calls admitted since it closed.
  if (state.mode === "open" || result.admittedAt < state.since) return state;
  const outcomes = [...state.outcomes.filter((o) => now - o.at < config.rollingWindowMs), { at: now, ok: result.ok }];
  const failures = outcomes.filter((o) => !o.ok).length;
  if (outcomes.length >= config.minimumVolume && failures * 100 >= config.errorThresholdPercent * outcomes.length) return enter("open", now);
  return { ...state, outcomes };
}
