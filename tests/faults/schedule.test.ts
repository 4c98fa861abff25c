import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  assertFaultSchedule,
  createProxy,
  createSkewedClock,
  faultScheduleSchema,
  parseFaultSchedule,
  randomFaultSchedule,
  runFaultSchedule,
  type FaultSchedule,
  type FaultTargets,
  type ProcSlot,
  type TcpProxy,
} from "@/lib/faults";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, isAlive, openProcRegistry, spawnGroup, type ProcHandle } from "@/lib/procs";
import type { LabEvent } from "@/lib/labs/types";
import { PONG_SERVER, connectLines, eventually, startEchoServer } from "./helpers";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const bounds = { windowMs: 5_000, targets: ["n1", "n2"] };

describe("parseFaultSchedule", () => {
  it("accepts a valid schedule given as JSON text", () => {
    const text = JSON.stringify([
      { at: 0, fault: "partition", target: "n1", duration: 1_000, params: { direction: "inbound" } },
      { at: 500, fault: "latency", target: "n2", params: { latencyMs: 100, jitterMs: 20 } },
      { at: 900, fault: "crash", target: "n2", duration: 100 },
      { at: 4_000, fault: "heal", target: "*" },
    ]);
    const result = parseFaultSchedule(text, bounds);
    expect(result.ok).toBe(true);
  });

  it("says what is wrong and where, in plain words", () => {
    const result = parseFaultSchedule(
      [
        { at: 0, fault: "explode", target: "n1" },
        { at: 6_000, fault: "crash", target: "n1" },
        { at: 4_000, fault: "pause", target: "n2", duration: 2_000 },
        { at: 10, fault: "restart", target: "n1", duration: 100 },
        { at: 10, fault: "crash", target: "n9" },
        { at: 10, fault: "latency", target: "n1" },
        { at: 10, fault: "latency", target: "n1", params: { latencyMs: 50, jitterMs: 80, colour: "red" } },
        { at: "soon", fault: "pause", target: "n1" },
        { at: 1.5, fault: "pause", target: "n1" },
      ],
      bounds,
    );
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    const has = (re: RegExp) => expect(errors.some((e) => re.test(e)), `${re} in\n${errors.join("\n")}`).toBe(true);
    has(/^Fault #1 \(explode on n1 at 0 ms\), fault: is not a known fault; use one of: crash, restart/);
    has(/^Fault #2 \(crash on n1 at 6000 ms\), at: must be before the end of the workload window \(5000 ms\)/);
    has(/^Fault #3 \(pause on n2 at 4000 ms\), duration: the fault would stop at 6000 ms, after the workload window ends \(5000 ms\); at most 1000/);
    has(/^Fault #4 .*duration: "restart" happens at once: remove duration/);
    has(/^Fault #5 .*target: no target named "n9"; known targets: n1, n2/);
    has(/^Fault #6 .*params: is required/);
    has(/^Fault #7 .*params: has unknown setting "colour"/);
    has(/^Fault #8 .*at: must be a number, got "soon"/);
    has(/^Fault #9 .*at: must be a whole number|^Fault #9 .*at: must be a int/);
  });

  it("rejects non-lists, bad JSON, disallowed faults and targets that lack what a fault needs", () => {
    const notList = parseFaultSchedule({ at: 0 }, bounds);
    expect(notList.ok ? "" : notList.errors[0]).toMatch(/^The schedule must be a list of faults/);
    const badJson = parseFaultSchedule("[{at: 0}]", bounds);
    expect(badJson.ok ? "" : badJson.errors[0]).toMatch(/not valid JSON/);
    const disallowed = parseFaultSchedule([{ at: 0, fault: "crash", target: "n1" }], { ...bounds, allowedFaults: ["partition", "latency"] });
    expect(disallowed.ok ? "" : disallowed.errors[0]).toMatch(/"crash" is not allowed in this lab; use one of: partition, latency/);
    const targets: FaultTargets = { n1: { clock: createSkewedClock() } };
    const missing = parseFaultSchedule([{ at: 0, fault: "partition", target: "n1" }], { windowMs: 1_000, targets });
    expect(missing.ok ? "" : missing.errors[0]).toMatch(/"n1" cannot take a partition fault \(it has no proxy\)/);
    expect(() => assertFaultSchedule([{ at: -1, fault: "pause", target: "n1" }], bounds)).toThrow(/Invalid fault schedule:\n- Fault #1 .*at: must be at least 0/);
  });
});

describe("faultScheduleSchema", () => {
  it("carries the bounds into its JSON Schema, for forms", () => {
    const schema = faultScheduleSchema({ windowMs: 3_000, targets: ["n1", "n2"], allowedFaults: ["partition", "heal"] });
    const json = JSON.stringify(z.toJSONSchema(schema));
    expect(json).toContain('"maximum":2999');
    expect(json).toContain('"enum":["n1","n2"]');
    expect(json).not.toContain('"const":"crash"');
    expect(schema.safeParse([{ at: 10, fault: "partition", target: "n1", duration: 100 }, { at: 20, fault: "heal", target: "*" }]).success).toBe(true);
    expect(schema.safeParse([{ at: 10, fault: "partition", target: "n1", duration: 3_000 }]).success).toBe(false);
  });
});

describe("randomFaultSchedule", () => {
  it("is a pure function of its seed and always valid", () => {
    const options = { windowMs: 3_000, targets: ["n1", "n2", "n3"], count: 5, faults: ["partition", "crash", "latency", "pause", "clock-skew", "restart"] as const };
    const a = randomFaultSchedule({ ...options, seed: 7, faults: [...options.faults] });
    expect(randomFaultSchedule({ ...options, seed: 7, faults: [...options.faults] })).toEqual(a);
    expect(randomFaultSchedule({ ...options, seed: 8, faults: [...options.faults] })).not.toEqual(a);
    for (let seed = 0; seed < 50; seed++) {
      const s = randomFaultSchedule({ ...options, seed, faults: [...options.faults] });
      const r = parseFaultSchedule(s, { windowMs: 3_000, targets: options.targets });
      expect(r.ok, JSON.stringify(r)).toBe(true);
    }
  });
});

/** Two real nodes: n1 reached through a proxy, n2 a process we can crash/pause. */
async function cluster() {
  const echo = await startEchoServer();
  cleanup.push(() => echo.close());
  const proxy: TcpProxy = await createProxy({ upstream: { port: echo.port } });
  cleanup.push(() => proxy.close());
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "faultline-sched-"));
  const registry = openProcRegistry(dir, "schedule-test");
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => registry.close({ graceMs: 0 }));
  const handle: ProcHandle = await spawnGroup(process.execPath, ["-e", PONG_SERVER], { env: { PORT: String(port) }, registry });
  await handle.waitForLine("listening", 10_000);
  const slot: ProcSlot = { handle, restart: { readyPort: port, readyLine: "listening" } };
  cleanup.push(() => slot.handle.stop({ graceMs: 0 }));
  const clock = createSkewedClock();
  const targets: FaultTargets = { n1: { proxy, clock }, n2: { proc: slot } };
  const events: LabEvent[] = [];
  const t0 = performance.now();
  const opts = (signal: AbortSignal, healAtMs?: number) => ({ signal, emit: (e: LabEvent) => events.push(e), now: () => Math.round(performance.now() - t0), healAtMs });
  return { echo, proxy, port, slot, clock, targets, events, opts };
}

const faultEvents = (events: LabEvent[]) =>
  events.flatMap((e) => (e.kind === "fault" ? [`${e.action} ${e.fault} ${e.target ?? ""}`.trim()] : e.kind === "log" ? [`log ${e.message}`] : []));

describe("runFaultSchedule", () => {
  it("starts and stops faults on time on real nodes, and heals at the end", async () => {
    const c = await cluster();
    // Long windows: on a loaded machine a crash takes a while; the checks below must land
    // while every fault is still active.
    const schedule: FaultSchedule = [
      { at: 0, fault: "partition", target: "n1", duration: 4_000 },
      { at: 100, fault: "crash", target: "n2" },
      { at: 200, fault: "clock-skew", target: "n1", duration: 3_500, params: { offsetMs: 10_000 } },
    ];
    const oldPid = c.slot.handle.pid;
    const run = runFaultSchedule(schedule, c.targets, c.opts(new AbortController().signal, 4_500));
    expect(await eventually(() => faultEvents(c.events).length === 3, 3_500)).toBe(true);
    // Mid-run: the partition holds, n2 is dead, n1's clock is ahead.
    expect(c.proxy.list().map((t) => t.type)).toEqual(["partition"]);
    expect(isAlive(oldPid)).toBe(false);
    expect(c.clock.now() - Date.now()).toBeGreaterThan(9_000);
    const report = await run;
    expect(report).toEqual({ started: 3, stopped: 3, skipped: 0, aborted: false, errors: [] });
    const events = faultEvents(c.events);
    expect(events.filter((e) => e.endsWith(" n1"))).toEqual(["start partition n1", "start clock-skew n1", "stop clock-skew n1", "stop partition n1"]);
    // The crash lasts until the heal, so its stop comes last of all.
    expect(events.filter((e) => e.endsWith(" n2"))).toEqual(["start crash n2", "stop crash n2"]);
    expect(events.at(-1)).toBe("stop crash n2");
    const times = c.events.map((e) => e.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const healed = c.events.at(-1);
    expect(healed?.kind === "fault" && healed.detail?.healed).toBe(true);
    // After the heal: no toxics, n2 restarted on its port and answering, clock back.
    expect(c.proxy.list()).toEqual([]);
    expect(c.slot.handle.pid).not.toBe(oldPid);
    const client = await connectLines(c.port);
    client.send("ping");
    expect(await client.next(5_000)).toBe("pong:ping");
    client.destroy();
    expect(Math.abs(c.clock.now() - Date.now())).toBeLessThan(50);
  });

  it("on abort stops every active fault promptly, without restarting crashed nodes", async () => {
    const c = await cluster();
    const controller = new AbortController();
    const schedule: FaultSchedule = [
      { at: 0, fault: "latency", target: "n1", duration: 60_000, params: { latencyMs: 5_000 } },
      { at: 50, fault: "pause", target: "n2" },
      { at: 30_000, fault: "crash", target: "n2" },
    ];
    const run = runFaultSchedule(schedule, c.targets, c.opts(controller.signal, 60_000));
    await new Promise((r) => setTimeout(r, 300));
    const t = performance.now();
    controller.abort();
    const report = await run;
    expect(performance.now() - t).toBeLessThan(2_000);
    expect(report.aborted).toBe(true);
    expect(faultEvents(c.events)).toEqual(["start latency n1", "start pause n2", "stop pause n2", "stop latency n1"]);
    expect(c.events.filter((e) => e.kind === "fault" && e.action === "stop").every((e) => e.kind === "fault" && e.detail?.aborted)).toBe(true);
    expect(c.proxy.list()).toEqual([]);
    const client = await connectLines(c.port); // resumed: answers again
    client.send("ping");
    expect(await client.next(5_000)).toBe("pong:ping");
    client.destroy();
  });

  it("healSignal heals now: skips later steps and restarts crashed nodes", async () => {
    const c = await cluster();
    const heal = new AbortController();
    const schedule: FaultSchedule = [
      { at: 0, fault: "crash", target: "n2" },
      { at: 0, fault: "partition", target: "n1" },
      { at: 30_000, fault: "latency", target: "n1", params: { latencyMs: 10 } },
    ];
    const run = runFaultSchedule(schedule, c.targets, { ...c.opts(new AbortController().signal, 60_000), healSignal: heal.signal });
    const oldPid = c.slot.handle.pid;
    await new Promise((r) => setTimeout(r, 300));
    heal.abort();
    const report = await run;
    expect(report).toMatchObject({ started: 2, stopped: 2, skipped: 1, aborted: false, errors: [] });
    expect(c.slot.handle.pid).not.toBe(oldPid);
    expect(isAlive(c.slot.handle.pid)).toBe(true);
    expect(c.proxy.list()).toEqual([]);
  });

  it("restart ends a crash, resume ends a pause, heal stops what is active", async () => {
    const c = await cluster();
    const schedule: FaultSchedule = [
      { at: 0, fault: "crash", target: "n2" },
      { at: 100, fault: "restart", target: "n2" },
      { at: 200, fault: "pause", target: "n2" },
      { at: 300, fault: "resume", target: "n2" },
      { at: 350, fault: "partition", target: "n1", params: { direction: "outbound" } },
      { at: 400, fault: "heal", target: "n1" },
    ];
    const report = await runFaultSchedule(schedule, c.targets, c.opts(new AbortController().signal));
    expect(report.errors).toEqual([]);
    // Targets proceed independently, so compare each target's own sequence.
    const of = (target: string) => faultEvents(c.events).filter((e) => e.endsWith(` ${target}`));
    expect(of("n2")).toEqual([
      "start crash n2",
      "start restart n2",
      "stop restart n2",
      "stop crash n2",
      "start pause n2",
      "start resume n2",
      "stop resume n2",
      "stop pause n2",
    ]);
    expect(of("n1")).toEqual(["start partition n1", "start heal n1", "stop partition n1", "stop heal n1"]);
    expect(isAlive(c.slot.handle.pid)).toBe(true);
  });

  it("reports a fault that cannot start instead of throwing", async () => {
    const c = await cluster();
    const report = await runFaultSchedule([{ at: 0, fault: "lie", target: "n1" }, { at: 0, fault: "pause", target: "nobody" }], c.targets, c.opts(new AbortController().signal));
    expect(report.errors).toEqual([
      'Fault #1 (lie on n1) failed to start: target "n1" has no lie',
      'Fault #2 (pause on nobody) failed to start: no target named "nobody"',
    ]);
    expect(faultEvents(c.events).every((e) => e.startsWith("log "))).toBe(true);
  });
});
