/**
 * The run view's pure parts: series named and grouped by convention and by a lab's view,
 * ok / fail / info derived from op events, state lanes and level charts from state events,
 * and the scrubber's fold (the view at t is the fold of the events up to t).
 */
import { describe, expect, it } from "vitest";
import { endOf, modelAt } from "@/components/labs/run-at";
import { applyEvents, emptyModel, type StreamedEvent } from "@/components/labs/run-model";
import { counterCharts, lastValue, levelCharts, levelSubject, outcomeChart, splitPerKey } from "@/components/labs/run-series";
import { stateLanes, stateTone } from "@/components/labs/state-lanes";
import type { LabEvent, LabView } from "@/lib/labs/types";

let seq = 0;
const ev = (e: LabEvent): StreamedEvent => ({ ...e, seq: ++seq }) as StreamedEvent;
const invoke = (process: number, time: number) => ev({ kind: "op", t: time, op: { process, type: "invoke", f: "acquire", key: "alice", time } });
const done = (process: number, type: "ok" | "fail" | "info", time: number) => ev({ kind: "op", t: time, op: { process, type, f: "acquire", key: "alice", time, ...(type === "ok" ? {} : { error: "rejected" }) } });
const metric = (t: number, counters: Record<string, number>) => ev({ kind: "metric", t, counters });
const state = (t: number, subject: string, s: string, detail?: Record<string, unknown>) => ev({ kind: "state", t, subject, state: s, ...(detail ? { detail } : {}) });

const TOKEN_VIEW: LabView = {
  charts: [{ title: "Decisions", unit: "requests", counters: ["admitted", "rejected"] }],
  levels: [{ subjectPrefix: "bucket:", field: "tokens", title: "Bucket level", unit: "tokens" }],
};

describe("outcomeChart", () => {
  it("counts completions per 100 ms by outcome from the op events, quiet buckets as 0, pending ops not at all", () => {
    const m = applyEvents(emptyModel(), [invoke(0, 10), done(0, "ok", 20), invoke(1, 30), done(1, "fail", 50), invoke(0, 60), done(0, "info", 320), invoke(2, 330)]);
    const chart = outcomeChart(m.ops)!;
    expect(chart.title).toBe("Operations completed");
    expect(chart.unit).toBe("operations / 100 ms");
    expect(chart.t).toEqual([0, 100, 200, 300]);
    expect(Object.fromEntries(chart.lines.map((l) => [l.key, l.values]))).toEqual({ ok: [1, 0, 0, 0], fail: [1, 0, 0, 0], info: [0, 0, 0, 1] });
  });

  it("draws nothing before any operation completed", () => {
    expect(outcomeChart(applyEvents(emptyModel(), [invoke(0, 5)]).ops)).toBeNull();
  });
});

describe("counterCharts", () => {
  it("splits per-user counters from the totals, and follows the lab's chart declaration", () => {
    const m = applyEvents(emptyModel(), [metric(0, { admitted: 2, admitted_alice: 2, rejected: 1, rejected_bob: 1 }), metric(200, { admitted: 1, admitted_bob: 1 })]);
    const charts = counterCharts(m.metrics, TOKEN_VIEW);
    expect(charts.map((c) => [c.title, c.unit, c.lines.map((l) => l.label)])).toEqual([
      ["Decisions", "requests / 100 ms", ["admitted", "rejected"]],
      ["admitted by key", "requests / 100 ms", ["alice", "bob"]],
      ["rejected by key", "requests / 100 ms", ["bob"]],
    ]);
    // A missing bucket (100 ms with no decision) is drawn as 0, not skipped.
    expect(charts[0]!.t).toEqual([0, 100, 200]);
    expect(charts[0]!.lines[0]!.values).toEqual([2, 0, 1]);
    expect(charts[1]!.lines.find((l) => l.label === "bob")!.values).toEqual([0, 0, 1]);
  });

  it("without a declaration, puts the lab's counters in one chart; the recorder's default ok/fail/info is left to Operations", () => {
    const own = counterCharts(applyEvents(emptyModel(), [metric(0, { calls: 3, errors: 1 })]).metrics);
    expect(own.map((c) => [c.title, c.lines.map((l) => l.key)])).toEqual([["Counters", ["calls", "errors"]]]);
    expect(counterCharts(applyEvents(emptyModel(), [metric(0, { ok: 3, fail: 1 })]).metrics)).toEqual([]);
  });

  it("recognises a per-key counter only when its base is a counter too", () => {
    const names = new Set(["admitted", "admitted_alice", "not_acknowledged", "failed_fast"]);
    expect(splitPerKey("admitted_alice", names)).toEqual(["admitted", "alice"]);
    expect(splitPerKey("not_acknowledged", names)).toBeNull();
    expect(splitPerKey("admitted_", names)).toBeNull();
  });
});

describe("state events", () => {
  const events = [
    state(0, "n1", "up"),
    state(10, "breaker", "closed"),
    state(20, "bucket:alice", "3.0 tokens", { tokens: 3 }),
    state(40, "bucket:bob", "1.0 tokens", { tokens: 1 }),
    state(50, "breaker", "open", { from: "closed" }),
    state(60, "breaker", "open"),
    state(70, "bucket:alice", "2.5 tokens", { tokens: 2.5 }),
    state(90, "breaker", "half-open"),
  ];

  it("lanes: one per non-node subject, repeated reports merged, levels left out", () => {
    const m = applyEvents(emptyModel(), events);
    expect(Object.keys(m.stateLog).sort()).toEqual(["breaker", "bucket:alice", "bucket:bob"]);
    const lanes = stateLanes(m.stateLog, (s) => levelSubject(s, TOKEN_VIEW));
    expect(lanes).toEqual([
      {
        subject: "breaker",
        current: "half-open",
        segments: [
          { state: "closed", start: 10, end: 50 },
          { state: "open", start: 50, end: 90 },
          { state: "half-open", start: 90, end: null },
        ],
      },
    ]);
    expect(["closed", "open", "half-open", "stopped", "3.0 tokens"].map(stateTone)).toEqual(["good", "bad", "between", "off", "other"]);
  });

  it("levels: each user's bucket as a line over the union of sample times", () => {
    const [chart] = levelCharts(applyEvents(emptyModel(), events).stateLog, TOKEN_VIEW);
    expect(chart!.title).toBe("Bucket level");
    expect(chart!.unit).toBe("tokens");
    expect(chart!.t).toEqual([20, 40, 70]);
    expect(chart!.lines.map((l) => [l.label, l.values])).toEqual([
      ["alice", [3, null, 2.5]],
      ["bob", [null, 1, null]],
    ]);
    expect(lastValue(chart!.lines[0]!)).toBe(2.5);
    expect(levelCharts(applyEvents(emptyModel(), events).stateLog)).toEqual([]);
  });
});

describe("modelAt (the scrubber)", () => {
  const run = [
    ev({ kind: "phase", t: 0, phase: "workload" }),
    invoke(0, 10),
    ev({ kind: "fault", t: 15, fault: "partition", action: "start", target: "n2" }),
    done(0, "ok", 40),
    metric(0, { admitted: 1 }),
    invoke(1, 120),
    state(130, "breaker", "open"),
    ev({ kind: "fault", t: 150, fault: "partition", action: "stop", target: "n2" }),
    done(1, "fail", 160),
    metric(100, { rejected: 1 }),
  ];

  it("is the fold of the events up to t: ops pending then done, faults open then closed, states as they were", () => {
    const early = modelAt(run, 20);
    expect(early.ops.map((o) => o.outcome)).toEqual(["pending"]);
    expect(early.faults).toEqual([{ fault: "partition", target: "n2", start: 15, end: null }]);
    expect(early.metrics.t).toEqual([0]);
    expect(early.stateLog).toEqual({});

    const mid = modelAt(run, 140);
    expect(mid.ops.map((o) => o.outcome)).toEqual(["ok", "pending"]);
    expect(mid.faults[0]!.end).toBeNull();
    expect(mid.metrics.t).toEqual([0, 100]);
    expect(mid.stateLog.breaker).toEqual([{ t: 130, state: "open" }]);

    const all = modelAt(run, endOf(run));
    expect(endOf(run)).toBe(160);
    expect(all.ops.map((o) => [o.outcome, o.error])).toEqual([["ok", undefined], ["fail", "rejected"]]);
    expect(all.faults[0]!.end).toBe(150);
    // The end of the scrub is the whole run: the same model the live fold built.
    expect(all).toEqual(applyEvents(emptyModel(), run));
  });

  it("shows nothing before the run started", () => {
    const none = modelAt(run, -1);
    expect([none.ops.length, none.faults.length, none.metrics.t.length, none.count]).toEqual([0, 0, 0, 0]);
  });
});

describe("a lab's view declaration", () => {
  it("reaches the manifest as plain data, and the manifest's reader refuses a malformed one", async () => {
    const { buildManifest } = await import("@/lib/labs/manifest");
    const { manifestSchema } = await import("@/lib/catalogue/manifest-format");
    const { default: tokenBucket } = await import("@/labs/token-bucket/lab");
    const manifest = buildManifest([tokenBucket]);
    expect(manifest.labs[0]!.view).toEqual(tokenBucket.view);
    expect(manifest.labs[0]!.view?.levels?.[0]).toMatchObject({ subjectPrefix: "bucket:", field: "tokens" });
    expect(manifestSchema.safeParse(JSON.parse(JSON.stringify(manifest))).success).toBe(true);
    const broken = { ...manifest, labs: [{ ...manifest.labs[0]!, view: { levels: [{ subjectPrefix: "", field: "tokens", title: "x", unit: "y" }] } }] };
    expect(manifestSchema.safeParse(broken).success).toBe(false);
  });
});

describe("OpDetails", () => {
  it("says whether the grade's witness names the operation", async () => {
    const { witnessRole } = await import("@/components/labs/OpDetails");
    const m = applyEvents(emptyModel(), [invoke(0, 0), done(0, "ok", 4), invoke(1, 5), done(1, "fail", 9), invoke(2, 10)]);
    const [a, b, c] = m.ops;
    const bars = { op: a, related: [b!] };
    expect(witnessRole(a!, bars, { kind: "over-admitted", op: { index: 0, process: 0, f: "acquire", value: undefined, outcome: "ok" } })).toMatch(/^yes: it is the operation the diagnosis is about \(over-admitted\)/);
    expect(witnessRole(b!, bars)).toMatch(/^yes: .*related/);
    expect(witnessRole(c!, bars)).toBe("no");
  });
});

describe("faultRows", () => {
  it("puts every injection of one fault on one target in one row, rows in the order they first started", async () => {
    const { faultRows } = await import("@/components/labs/FaultTimeline");
    const rows = faultRows([
      { fault: "http-errors", target: "api", start: 10, end: 20 },
      { fault: "partition", target: "n2", start: 15, end: null },
      { fault: "http-errors", target: "api", start: 40, end: 45 },
      { fault: "http-errors", start: 50, end: 55 },
    ]);
    expect(rows.map((r) => [r.name, r.spans.map((s) => s.start)])).toEqual([
      ["http-errors → api", [10, 40]],
      ["partition → n2", [15]],
      ["http-errors", [50]],
    ]);
  });
});
