import type { LabEvent } from "./types";

type MetricEvent = Extract<LabEvent, { kind: "metric" }>;

export const BUCKET_MS = 100;

/**
 * Labs emit a metric event per decision ({ admitted: 1 }); charts want one event per 100 ms.
 * This sums counters per bucket and releases a bucket once time has moved past it.
 */
export class MetricBuckets {
  private readonly buckets = new Map<number, Record<string, number>>();

  add(event: MetricEvent): void {
    const start = Math.floor(event.t / BUCKET_MS) * BUCKET_MS;
    const bucket = this.buckets.get(start) ?? {};
    for (const [name, n] of Object.entries(event.counters)) bucket[name] = (bucket[name] ?? 0) + n;
    this.buckets.set(start, bucket);
  }

  /** Buckets that ended at or before `now`, oldest first; they are forgotten. */
  takeClosed(now: number): MetricEvent[] {
    const out: MetricEvent[] = [];
    for (const start of [...this.buckets.keys()].sort((a, b) => a - b)) {
      if (start + BUCKET_MS > now) break;
      out.push({ kind: "metric", t: start, counters: this.buckets.get(start) ?? {} });
      this.buckets.delete(start);
    }
    return out;
  }

  takeAll(): MetricEvent[] {
    return this.takeClosed(Number.POSITIVE_INFINITY);
  }
}
