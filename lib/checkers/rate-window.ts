export interface RateWindow {
  key: string;
  /** Window start (ms, inclusive) — the time of the first request in it. */
  start: number;
  /** Window end (ms, exclusive): start + windowMs. */
  end: number;
  count: number;
}

export interface RateKeyResult {
  key: string;
  admitted: number;
  /** The busiest window of this key; null when it admitted nothing. */
  worst: RateWindow | null;
}

export interface RateBoundResult {
  verdict: "ok" | "illegal";
  windowMs: number;
  bound: number;
  /** The busiest window over all keys; null when nothing was admitted. */
  worst: RateWindow | null;
  /** Keys whose busiest window exceeds the bound, busiest first. */
  violations: RateWindow[];
  keys: RateKeyResult[];
  message: string;
}

export interface RateBoundOptions {
  /** Length of the rolling window in ms. */
  windowMs: number;
  /** Most requests any window of one key may admit. */
  bound: number;
}

/**
 * The most requests admitted in ANY window of `windowMs` (not just the aligned windows a
 * fixed-window limiter counts in), per key or user, against a bound. Input: the admission
 * timestamps (ms) of each key.
 */
export function checkRateBound(
  admitted: Record<string, readonly number[]> | readonly { key: string; time: number }[],
  { windowMs, bound }: RateBoundOptions,
): RateBoundResult {
  if (!(windowMs > 0) || !Number.isFinite(windowMs)) {
    throw new RangeError(`windowMs must be a positive number of milliseconds, got ${windowMs}`);
  }
  if (!Number.isInteger(bound) || bound < 0)
    throw new RangeError(`bound must be a whole number ≥ 0, got ${bound}`);
  const byKey = groupByKey(admitted);
  const keys = [...byKey].map(([key, times]) => ({
    key,
    admitted: times.length,
    worst: busiestWindow(key, times, windowMs),
  }));
  const windows = keys.flatMap((k) => (k.worst ? [k.worst] : []));
  const worst = windows.reduce<RateWindow | null>(
    (a, w) => (a === null || w.count > a.count ? w : a),
    null,
  );
  const violations = windows.filter((w) => w.count > bound).sort((a, b) => b.count - a.count);
  const message =
    worst === null
      ? "No request was admitted."
      : violations.length === 0
        ? `At most ${worst.count} admitted in any ${windowMs} ms window (key ${JSON.stringify(worst.key)}), within the bound of ${bound}.`
        : `Key ${JSON.stringify(worst.key)} admitted ${worst.count} requests in the ${windowMs} ms window ` +
          `[${worst.start}, ${worst.end}) ms, over the bound of ${bound}` +
          (violations.length > 1 ? `; ${violations.length} keys exceed it.` : ".");
  return {
    verdict: violations.length === 0 ? "ok" : "illegal",
    windowMs,
    bound,
    worst,
    violations,
    keys,
    message,
  };
}

function groupByKey(
  admitted: Record<string, readonly number[]> | readonly { key: string; time: number }[],
): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  const add = (key: string, time: number) => {
    if (!Number.isFinite(time))
      throw new RangeError(
        `admission time for key ${JSON.stringify(key)} is not a number: ${time}`,
      );
    const list = byKey.get(key);
    if (list) list.push(time);
    else byKey.set(key, [time]);
  };
  if (Array.isArray(admitted))
    for (const { key, time } of admitted as { key: string; time: number }[]) add(key, time);
  else
    for (const [key, times] of Object.entries(admitted))
      for (const time of times as number[]) add(key, time);
  return byKey;
}

/** Two pointers over sorted times: the window starting at each request, [t, t + W). */
function busiestWindow(key: string, unsorted: number[], windowMs: number): RateWindow | null {
  const times = [...unsorted].sort((a, b) => a - b);
  let worst: RateWindow | null = null;
  let end = 0;
  for (let start = 0; start < times.length; start++) {
    const t = times[start]!;
    while (end < times.length && times[end]! < t + windowMs) end++;
    const count = end - start;
    if (worst === null || count > worst.count) worst = { key, start: t, end: t + windowMs, count };
  }
  return worst;
}
