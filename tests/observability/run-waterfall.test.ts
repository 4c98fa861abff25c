/** The waterfall's layout from stored spans: depth-first order, depth, offsets, orphans as roots. */
import { describe, expect, it } from "vitest";
import { buildWaterfall, type StoredSpan } from "@/lib/observability/run-waterfall";

const t0 = Date.parse("2026-12-05T10:00:00Z");
const span = (spanId: string, parentSpanId: string | null, name: string, startMs: number, durationMs: number): StoredSpan => ({
  spanId,
  parentSpanId,
  traceId: "t1",
  name,
  service: name.startsWith("run.submit") ? "faultline-web" : "faultline-worker",
  startedAt: new Date(t0 + startMs),
  durationMs,
});

describe("buildWaterfall", () => {
  it("orders spans depth-first by start, with each one's depth and offset from the first", () => {
    const w = buildWaterfall([
      span("c", "b", "run.child", 30, 50),
      span("s", "b", "run.store", 90, 5),
      span("a", null, "run.submit", 0, 10),
      span("p2", "c", "phase:check", 60, 10),
      span("b", "a", "run.job", 20, 80),
      span("p1", "c", "phase:workload", 35, 25),
    ]);
    expect(w.rows.map((r) => [r.name, r.depth, r.offsetMs])).toEqual([
      ["run.submit", 0, 0],
      ["run.job", 1, 20],
      ["run.child", 2, 30],
      ["phase:workload", 3, 35],
      ["phase:check", 3, 60],
      ["run.store", 2, 90],
    ]);
    expect(w.totalMs).toBe(100);
    expect(w.traceIds).toEqual(["t1"]);
  });

  it("draws a span whose parent was not kept as a root, and nothing for no spans", () => {
    const w = buildWaterfall([span("j", "gone", "run.job", 5, 10), span("q", "gone", "run.queue-wait", 0, 5)]);
    expect(w.rows.map((r) => [r.name, r.depth])).toEqual([
      ["run.queue-wait", 0],
      ["run.job", 0],
    ]);
    expect(buildWaterfall([])).toEqual({ traceIds: [], totalMs: 0, rows: [] });
  });
});
