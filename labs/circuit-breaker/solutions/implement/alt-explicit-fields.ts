// The same breaker with separate timestamps and counts of the window kept as a list of failure flags.
type Config = { minimumVolume: number; errorThresholdPercent: number; rollingWindowMs: number; sleepWindowMs: number; probeTimeoutMs: number };
type State = { mode: "closed" | "open" | "half-open"; closedAt: number; openedAt: number; probeSentAt: number; results: Array<[number, boolean]> };

function opened(now: number): State {
  return { mode: "open", closedAt: -1, openedAt: now, probeSentAt: -1, results: [] };
}

export function onRequest(state: State | null, now: number, config: Config) {
  const s: State = state ?? { mode: "closed", closedAt: now, openedAt: -1, probeSentAt: -1, results: [] };
  switch (s.mode) {
    case "closed":
      return { allow: true, state: s };
    case "half-open": {
      const timedOut = now >= s.probeSentAt + config.probeTimeoutMs;
      return { allow: false, state: timedOut ? opened(now) : s };
    }
    case "open": {
      if (now < s.openedAt + config.sleepWindowMs) return { allow: false, state: s };
      return { allow: true, state: { ...s, mode: "half-open" as const, probeSentAt: now } };
    }
  }
}

export function onResult(state: State, now: number, result: { ok: boolean; admittedAt: number }, config: Config): State {
  if (state.mode === "open") return state;
  if (state.mode === "half-open") {
    if (result.admittedAt < state.probeSentAt) return state;
    return result.ok ? { mode: "closed", closedAt: now, openedAt: -1, probeSentAt: -1, results: [] } : opened(now);
  }
  if (result.admittedAt < state.closedAt) return state;
  const results = state.results.filter(([at]) => at > now - config.rollingWindowMs).concat([[now, result.ok]]);
  let failed = 0;
  for (const [, ok] of results) if (!ok) failed++;
  const rate = (100 * failed) / results.length;
  if (results.length >= config.minimumVolume && rate >= config.errorThresholdPercent) return opened(now);
  return { ...state, results };
}
