/** Write latency percentiles, as a client measures them: invoke to whatever answer it got. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarize(samples: readonly number[]): LatencySummary {
  return { count: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99) };
}

export const showLatency = (s: LatencySummary) => `p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms`;
