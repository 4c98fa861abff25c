/**
 * The client driver: 100 concurrent clients against the flaky API (errors, drops, slow
 * answers past the deadline) record a well-formed history — every invoke has exactly one
 * completion, one operation in flight per process — and pairing it with the server's log
 * shows what the client saw against what the server did. A wrapper sits in every call.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startFlakyApi, type FlakyApi } from "@/lib/http-service";
import { HistoryRecorder } from "@/lib/history/recorder";
import { pairOperations } from "@/lib/history/operations";
import { runHttpClients, type CallWrapper, type HttpOp } from "@/lib/labs/http-clients";
import { pairWithServerLog } from "@/lib/labs/http-server-log";
import { processesUsing, sleep, testRun, type TestRun } from "./helpers";

const CLIENTS = 100;
let run: TestRun | undefined;
let api: FlakyApi | undefined;

afterEach(async () => {
  await api?.stop();
  if (run) {
    for (let i = 0; i < 20 && processesUsing(run.tmpDir).length; i++) await sleep(100);
    expect(processesUsing(run.tmpDir)).toEqual([]);
    run.cleanup();
  }
  api = undefined;
  run = undefined;
});

/** Charges, reservations and reads, chosen with the client's own seeded generator. */
function nextOp(client: number, random: () => number, seq: number): HttpOp {
  const r = random();
  if (r < 0.5) return { f: "charge", key: `acct-${client % 10}`, value: 100, call: { method: "POST", path: "/charges", body: { account: `acct-${client % 10}`, amountCents: 100, idempotencyKey: `c${client}-${seq}` } } };
  if (r < 0.7) return { f: "reserve", key: "widget", value: 1, call: { method: "POST", path: "/inventory/reserve", body: { sku: "widget", qty: 1 } } };
  return { f: "read", key: `acct-${client % 10}`, call: { method: "GET", path: `/accounts/acct-${client % 10}` } };
}

/** Client 0 sits behind an open breaker (never sends); clients 1–9 retry up to 3 attempts; the rest send once. */
const wrap: CallWrapper = async (send, ctx) => {
  if (ctx.client === 0) return { ok: false, definite: true, error: "breaker open" };
  if (ctx.client >= 10) return send();
  let result = await send();
  for (let attempt = 2; attempt <= 3 && !result.ok; attempt++) result = await send();
  return result;
};

describe("the HTTP client driver", () => {
  it("100 concurrent clients record a well-formed history that pairs with the server's log", async () => {
    run = testRun();
    api = await startFlakyApi({ tmpDir: run.tmpDir, seed: 21, now: run.now, emit: run.emit, defaultStock: 1_000_000 });
    api.faults.start({ kind: "http-errors", rate: 0.15 });
    api.faults.start({ kind: "drop-response", probability: 0.1 });
    api.faults.start({ kind: "http-slow", delayMs: 3_000, rate: 0.03 });
    api.faults.start({ kind: "http-latency", distribution: { kind: "exponential", meanMs: 5, maxMs: 200 } });
    const recorder = new HistoryRecorder(run.now, run.emit);
    const result = await runHttpClients({
      baseUrl: api.url,
      recorder,
      now: run.now,
      clients: CLIENTS,
      seed: 21,
      maxThinkMs: 100,
      timeoutMs: 800,
      until: sleep(2_500),
      signal: new AbortController().signal,
      next: nextOp,
      wrap,
    });
    const history = recorder.history;

    // Well-formed: every invoke has exactly one completion, one op in flight per process.
    const ops = pairOperations(history);
    expect(ops.every((op) => op.completionIndex !== null)).toBe(true);
    expect(history.filter((e) => e.type === "invoke").length).toBe(ops.length);
    expect(history.length).toBe(2 * ops.length);
    const notSent = ops.filter((op) => op.error?.startsWith("not sent:"));
    expect(result.attempts.length + notSent.length).toBe(ops.length);
    for (const a of result.attempts) {
      expect(history[a.invokeIndex]).toMatchObject({ type: "invoke", process: a.process, f: a.f });
      expect(history[a.completionIndex]).toMatchObject({ type: a.type, process: a.process, f: a.f });
    }
    // Every client ran; after an unknown outcome a client goes on as a new process (Jepsen's rule).
    expect(new Set(result.calls.map((c) => c.client)).size).toBe(CLIENTS);
    for (const a of result.attempts.filter((x) => x.type === "info")) {
      expect(result.attempts.some((later) => later.client === a.client && later.startedAt >= a.endedAt && later.process === a.process)).toBe(false);
    }
    // The wrapper: client 0 never sent; retrying clients made attempts 1, 2, 3 within one call.
    expect(result.attempts.some((a) => a.client === 0)).toBe(false);
    expect(notSent.length).toBe(result.calls.filter((c) => c.client === 0).length);
    expect(notSent.every((op) => op.outcome === "fail" && op.error === "not sent: breaker open")).toBe(true);
    const retried = result.calls.filter((c) => c.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((c) => c.client >= 1 && c.client < 10 && c.attempts <= 3)).toBe(true);

    // Client vs server: definite failures never reached it, oks all did, some unknowns were committed.
    const pairing = pairWithServerLog(result.attempts, await api.service.log());
    expect(pairing.counts.okNotHandled).toBe(0);
    expect(pairing.counts.failCommitted).toBe(0);
    expect(pairing.counts.failHandled).toBe(0); // no 4xx in this workload: stock and balances are ample
    expect(pairing.counts.okHandled).toBeGreaterThan(0);
    expect(pairing.counts.failNotHandled).toBeGreaterThan(0);
    expect(pairing.counts.infoHandled).toBeGreaterThan(0);
    expect(pairing.unmatched).toEqual([]);
    const droppedAfterCommit = pairing.paired.filter((p) => p.attempt.type === "info" && p.server?.committed);
    expect(droppedAfterCommit.length).toBeGreaterThan(0);

    // Stopping ends the faults still on: every start on the timeline has its stop.
    await api.stop();
    const faults = run.events.filter((e) => e.kind === "fault");
    const actions = (action: string) => faults.filter((e) => e.kind === "fault" && e.action === action).map((e) => e.kind === "fault" && e.fault).sort();
    expect(actions("start")).toEqual(["drop-response", "http-errors", "http-latency", "http-slow"]);
    expect(actions("stop")).toEqual(actions("start"));
  });
});
