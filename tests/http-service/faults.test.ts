/**
 * The HTTP fault proxy in front of the real service process: every fault kind does what it
 * says, decisions are seeded (asserted on counts and the proxy's recorded draws, never on
 * milliseconds), each change shows on the run's timeline, and the fault schedule can run them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createHttpFaultProxy,
  latencySampler,
  parseFaultSchedule,
  randomFaultSchedule,
  runFaultSchedule,
  type HttpFaultProxy,
  type LatencyDistribution,
} from "@/lib/faults";
import { HttpService, type HttpServiceHandle } from "@/lib/http-service";
import { createRng } from "@/lib/labs/rng";
import { httpAttempt, type HttpAttemptResult, type HttpCall } from "@/lib/labs/http-attempt";
import { inParallel, sleep, testRun, type TestRun } from "./helpers";

let run: TestRun;
let service: HttpServiceHandle;
const proxies: HttpFaultProxy[] = [];
let ids = 0;

beforeAll(async () => {
  run = testRun();
  service = await HttpService.start({ tmpDir: run.tmpDir, seed: 3, now: run.now, emit: run.emit });
});
afterAll(async () => {
  await service.stop();
  run.cleanup();
});
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

async function proxy(seed: number): Promise<HttpFaultProxy> {
  const p = await createHttpFaultProxy({ upstream: { port: service.port }, seed, name: "api", now: run.now, emit: run.emit });
  proxies.push(p);
  return p;
}

const charge: HttpCall = { method: "POST", path: "/charges", body: { account: "acct", amountCents: 1 } };

/** One charge through `p` with a fresh request id; returns the id and what the client saw. */
async function send(p: HttpFaultProxy, timeoutMs = 5_000): Promise<{ requestId: string; result: HttpAttemptResult }> {
  const requestId = `t${++ids}`;
  return { requestId, result: await httpAttempt(p.url, charge, { timeoutMs, requestId }) };
}

async function committed(requestIds: string[]): Promise<string[]> {
  const wanted = new Set(requestIds);
  return (await service.log()).filter((e) => e.requestId && wanted.has(e.requestId) && e.committed).map((e) => e.requestId as string);
}

const kindOf = (r: HttpAttemptResult) => (r.ok ? "ok" : r.definite ? "fail" : "info");

describe("HTTP faults", () => {
  it("error rate: about the given share answered 503 before the server, the same requests for the same seed", async () => {
    const errorPattern = async () => {
      const p = await proxy(11);
      p.start({ kind: "http-errors", rate: 0.3 });
      const sent = await inParallel(200, 8, () => send(p));
      const fails = sent.filter((s) => !s.result.ok);
      // Definite failures: the proxy answered before the server saw them, so none is in its log.
      for (const f of fails) expect(f.result).toMatchObject({ ok: false, definite: true, status: 503 });
      expect((await committed(sent.map((s) => s.requestId))).length).toBe(200 - fails.length);
      return p.decisions().map((d) => (d.error ? "E" : "."));
    };
    const first = await errorPattern();
    const share = first.filter((x) => x === "E").length / first.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.45);
    // Decisions are drawn in arrival order from the seed: the same sequence again.
    expect(await errorPattern()).toEqual(first);
    expect(run.events).toContainEqual(expect.objectContaining({ kind: "fault", fault: "http-errors", action: "start", target: "api", detail: { rate: 0.3 } }));
  });

  it("error after reaching the server: the charge is committed, the client sees a 5xx of unknown outcome", async () => {
    const p = await proxy(12);
    expect(() => p.start({ kind: "http-errors", rate: 2 })).toThrow(/http fault http-errors: rate: /);
    const stop = p.start({ kind: "http-errors", rate: 1, status: 500, reachServer: true });
    const sent = await send(p);
    expect(sent.result).toMatchObject({ ok: false, definite: false, status: 500 });
    expect(kindOf(sent.result)).toBe("info");
    expect(await committed([sent.requestId])).toEqual([sent.requestId]);
    await stop();
    expect(run.events.filter((e) => e.kind === "fault" && e.fault === "http-errors" && e.detail?.status === 500).map((e) => e.kind === "fault" && e.action)).toEqual(["start", "stop"]);
    expect((await send(p)).result.ok).toBe(true);
  });

  it("latency: the seeded draws of each distribution, and the proxy delays by exactly those draws", async () => {
    const draws = (d: LatencyDistribution, seed: number, n: number) => {
      const sample = latencySampler(d, createRng(seed).next);
      return Array.from({ length: n }, sample);
    };
    expect(new Set(draws({ kind: "fixed", ms: 40 }, 1, 100))).toEqual(new Set([40]));
    const uniform = draws({ kind: "uniform", minMs: 10, maxMs: 50 }, 1, 5_000);
    expect(Math.min(...uniform)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...uniform)).toBeLessThanOrEqual(50);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(uniform)).toBeGreaterThan(26);
    expect(mean(uniform)).toBeLessThan(34);
    const exponential = draws({ kind: "exponential", meanMs: 100 }, 2, 5_000);
    expect(mean(exponential)).toBeGreaterThan(85);
    expect(mean(exponential)).toBeLessThan(115);
    // A long tail: some draws are far above the mean.
    expect(Math.max(...exponential)).toBeGreaterThan(400);
    const pareto = draws({ kind: "pareto", minMs: 20, alpha: 1.5, maxMs: 5_000 }, 3, 5_000);
    expect(Math.min(...pareto)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...pareto)).toBeLessThanOrEqual(5_000);
    const sorted = [...pareto].sort((a, b) => a - b);
    expect(sorted[2_500]).toBeLessThan(40); // median 20·2^(1/1.5) ≈ 32
    expect(sorted[4_950]).toBeGreaterThan(300); // 99th percentile ≈ 20·100^(1/1.5) ≈ 431
    expect(draws({ kind: "exponential", meanMs: 100 }, 2, 50)).toEqual(exponential.slice(0, 50));

    const p = await proxy(13);
    const distribution: LatencyDistribution = { kind: "uniform", minMs: 5, maxMs: 60 };
    p.start({ kind: "http-latency", distribution }, { seed: 99 });
    for (let i = 0; i < 20; i++) expect((await send(p)).result.ok).toBe(true);
    expect(p.decisions().map((d) => d.delayMs)).toEqual(draws(distribution, 99, 20));
  });

  it("outage: connections are refused (a definite failure) until it ends; or every request gets a 503", async () => {
    const p = await proxy(14);
    expect((await send(p)).result.ok).toBe(true);
    const stop = p.start({ kind: "http-outage" });
    await p.settled(); // the listening socket is closed
    const during = await inParallel(10, 5, () => send(p));
    for (const s of during) expect(s.result).toMatchObject({ ok: false, definite: true, error: "connection refused" });
    await stop();
    expect((await send(p)).result.ok).toBe(true);

    const stop503 = p.start({ kind: "http-outage", mode: "503" });
    const refused = await send(p);
    expect(refused.result).toMatchObject({ ok: false, definite: true, status: 503 });
    expect(await committed([refused.requestId])).toEqual([]);
    await stop503();
    expect((await send(p)).result.ok).toBe(true);
    const outageEvents = run.events.filter((e) => e.kind === "fault" && e.fault === "http-outage");
    expect(outageEvents.map((e) => e.kind === "fault" && [e.action, e.target])).toEqual([["start", "api"], ["stop", "api"], ["start", "api"], ["stop", "api"]]);
  });

  it("slow response past the client's timeout: unknown outcome (info), though the server committed", async () => {
    const p = await proxy(15);
    p.start({ kind: "http-slow", delayMs: 5_000 });
    const sent = await send(p, 400);
    expect(sent.result).toMatchObject({ ok: false, definite: false, error: "timeout after 400 ms" });
    expect(await committed([sent.requestId])).toEqual([sent.requestId]);
    // The proxy notices the client left and stops holding the answer.
    for (let i = 0; i < 100 && p.decisions().at(-1)?.result === "pending"; i++) await sleep(50);
    expect(p.decisions().at(-1)).toMatchObject({ slowMs: 5_000, result: "client-gone" });
  });

  it("drop-after-commit: the server's log has the charge, the client saw a dropped connection (info)", async () => {
    const p = await proxy(16);
    const stop = p.start({ kind: "drop-response", probability: 1 });
    const sent = await send(p);
    expect(sent.result).toMatchObject({ ok: false, definite: false });
    expect((sent.result as { error: string }).error).toMatch(/^connection dropped/);
    expect(await committed([sent.requestId])).toEqual([sent.requestId]);
    expect(p.decisions().at(-1)).toMatchObject({ requestId: sent.requestId, result: "dropped" });
    expect(p.dropResponse.stats().dropped).toBe(1);
    await stop();
    expect((await send(p)).result.ok).toBe(true);
  });

  it("a service that is down: the proxy says the request never reached it (a definite failure)", async () => {
    // Port 1 on loopback: nothing listens there and no test is ever given it (free ports come
    // from the ephemeral range). A stopped service's port was racy: in one fresh-clone run the
    // connection to it was reset instead of refused (that port can go to another test's server
    // the moment it is freed), and the proxy rightly called that outcome unknown.
    const p = await createHttpFaultProxy({ upstream: { port: 1 }, seed: 18 });
    proxies.push(p);
    expect((await send(p)).result).toMatchObject({ ok: false, definite: true, status: 502 });
  });

  it("the fault schedule runs HTTP faults on the service's target and validates their settings", async () => {
    const p = await proxy(17);
    const targets = { api: { api: p, http: p.dropResponse } };
    const random = randomFaultSchedule({ seed: 5, windowMs: 5_000, targets: ["api"], faults: ["http-errors", "http-latency", "http-outage", "http-slow"], count: 8 });
    expect(parseFaultSchedule(random, { windowMs: 5_000, targets })).toEqual({ ok: true, schedule: random });
    const bad = parseFaultSchedule([{ at: 0, fault: "http-latency", target: "api", params: { distribution: { kind: "pareto", minMs: 10 } } }], { windowMs: 1_000, targets });
    expect(bad.ok).toBe(false);
    const parsed = parseFaultSchedule([{ at: 0, fault: "http-outage", target: "api", params: { mode: "503" } }], { windowMs: 60_000, targets });
    if (!parsed.ok) throw new Error(parsed.errors.join("; "));
    const events: typeof run.events = [];
    const heal = new AbortController();
    const done = runFaultSchedule(parsed.schedule, targets, { signal: new AbortController().signal, healSignal: heal.signal, healAtMs: 60_000, emit: (e) => events.push(e), now: run.now });
    for (let i = 0; i < 500 && !events.some((e) => e.kind === "fault" && e.action === "start"); i++) await sleep(10);
    expect((await send(p)).result).toMatchObject({ ok: false, definite: true, status: 503 });
    heal.abort();
    const report = await done;
    expect(report).toMatchObject({ started: 1, stopped: 1, errors: [] });
    expect((await send(p)).result.ok).toBe(true);
    expect(events.filter((e) => e.kind === "fault").map((e) => e.kind === "fault" && [e.fault, e.action, e.target])).toEqual([
      ["http-outage", "start", "api"],
      ["http-outage", "stop", "api"],
    ]);
  });
});
