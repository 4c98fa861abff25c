/**
 * The flaky HTTP service as a real process: it serves the API, logs every request with what
 * it committed (and the log survives a crash: the restarted service replays it), takes a
 * dedup policy module at the charge handler's seam, and leaves nothing behind when stopped.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { restart } from "@/lib/faults/restart";
import { HttpService, startFlakyApi, type FlakyApi, type HttpServiceHandle } from "@/lib/http-service";
import { isAlive } from "@/lib/procs";
import { processesUsing, sleep, testRun, type TestRun } from "./helpers";
import { squatPort } from "@/tests/support/squat-port";

const DEDUP_BY_KEY = fileURLToPath(new URL("./fixtures/dedup-by-key.ts", import.meta.url));
const START_AND_HANG = fileURLToPath(new URL("./fixtures/start-and-hang.ts", import.meta.url));

let run: TestRun | undefined;
let service: HttpServiceHandle | undefined;
let api: FlakyApi | undefined;

afterEach(async () => {
  await api?.stop();
  api = undefined;
  await service?.stop();
  if (run) {
    for (let i = 0; i < 20 && processesUsing(run.tmpDir).length; i++) await sleep(100);
    expect(processesUsing(run.tmpDir)).toEqual([]);
    run.cleanup();
  }
  service = undefined;
  run = undefined;
});

async function start(options: Partial<Parameters<typeof HttpService.start>[0]> = {}) {
  run = testRun();
  service = await HttpService.start({ tmpDir: run.tmpDir, seed: 5, now: run.now, emit: run.emit, ...options });
  return service;
}

async function call(s: HttpServiceHandle, method: string, path: string, body?: unknown, requestId?: string) {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(requestId ? { "x-request-id": requestId } : {}) },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("the HTTP service", () => {
  it("serves the payments and inventory API and logs every request with what it committed", async () => {
    const s = await start({ openingBalanceCents: 10_000, stock: { widget: 5 } });
    const charged = await call(s, "POST", "/charges", { account: "alice", amountCents: 2_500, idempotencyKey: "k1" }, "r1");
    expect(charged).toEqual({ status: 201, body: expect.objectContaining({ id: "ch_1", account: "alice", amountCents: 2_500, idempotencyKey: "k1", balanceCents: 7_500 }) });
    expect((await call(s, "GET", "/charges/ch_1")).body).toMatchObject({ id: "ch_1", amountCents: 2_500 });
    expect(await call(s, "GET", "/charges/ch_9")).toMatchObject({ status: 404 });
    expect((await call(s, "GET", "/accounts/alice")).body).toEqual({ id: "alice", balanceCents: 7_500, charges: 1 });
    expect(await call(s, "POST", "/charges", { account: "alice", amountCents: 9_000 })).toMatchObject({ status: 402, body: { error: "insufficient funds" } });
    expect(await call(s, "POST", "/charges", { account: "alice", amountCents: -1 })).toMatchObject({ status: 400 });
    expect(await call(s, "POST", "/charges", "{not json")).toMatchObject({ status: 400 });
    expect(await call(s, "POST", "/inventory/reserve", { sku: "widget", qty: 3 }, "r2")).toMatchObject({ status: 201, body: { id: "rs_1", sku: "widget", qty: 3, available: 2 } });
    expect(await call(s, "POST", "/inventory/reserve", { sku: "widget", qty: 3 })).toMatchObject({ status: 409, body: { available: 2 } });
    expect((await call(s, "GET", "/inventory/widget")).body).toEqual({ sku: "widget", available: 2 });
    expect((await call(s, "GET", "/inventory/gadget")).body).toEqual({ sku: "gadget", available: 1000 });
    expect(await call(s, "DELETE", "/charges/ch_1")).toMatchObject({ status: 404 });
    expect((await call(s, "GET", "/_health")).body).toMatchObject({ ok: true, pid: s.pid });

    const log = await s.log();
    expect(log.map((e) => [e.method, e.path, e.status])).toEqual([
      ["POST", "/charges", 201],
      ["GET", "/charges/ch_1", 200],
      ["GET", "/charges/ch_9", 404],
      ["GET", "/accounts/alice", 200],
      ["POST", "/charges", 402],
      ["POST", "/charges", 400],
      ["POST", "/charges", 400],
      ["POST", "/inventory/reserve", 201],
      ["POST", "/inventory/reserve", 409],
      ["GET", "/inventory/widget", 200],
      ["GET", "/inventory/gadget", 200],
      ["DELETE", "/charges/ch_1", 404],
    ]);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(log.filter((e) => e.committed).map((e) => [e.requestId, e.committed?.kind])).toEqual([["r1", "charge"], ["r2", "reserve"]]);
    expect(log[0]).toMatchObject({ requestId: "r1", request: { account: "alice", amountCents: 2_500, idempotencyKey: "k1" }, pid: s.pid });
    for (const e of log) expect(e.answeredAt).toBeGreaterThanOrEqual(e.receivedAt);
    // The same log over HTTP.
    const served = (await (await fetch(`${s.url}/_log`)).json()) as unknown[];
    expect(served).toEqual(log);
    expect(run!.events).toContainEqual(expect.objectContaining({ kind: "state", subject: "api", state: "up" }));
  });

  it("keeps its log and state across a crash: the restarted service replays its log", async () => {
    const s = await start({ openingBalanceCents: 10_000 });
    await call(s, "POST", "/charges", { account: "bob", amountCents: 1_000 }, "before-crash");
    const firstPid = s.pid;
    s.slot.handle = await restart(s.slot.handle, s.slot.restart);
    s.slot.onRestart?.(s.slot.handle);
    expect(s.pid).not.toBe(firstPid);
    expect(isAlive(firstPid)).toBe(false);
    expect((await call(s, "GET", "/accounts/bob")).body).toEqual({ id: "bob", balanceCents: 9_000, charges: 1 });
    expect((await call(s, "POST", "/charges", { account: "bob", amountCents: 1_000 }, "after-crash")).body).toMatchObject({ id: "ch_2", balanceCents: 8_000 });
    const log = await s.log();
    expect(log.map((e) => [e.seq, e.requestId, e.pid])).toEqual([
      [1, "before-crash", firstPid],
      [2, null, s.pid],
      [3, "after-crash", s.pid],
    ]);
    expect(run!.events).toContainEqual(expect.objectContaining({ kind: "state", subject: "api", state: "up", detail: expect.objectContaining({ restarted: true }) }));
  });

  it("a crash whose port another process took while it was down: restarts on a new port, and the fault proxy follows", async () => {
    run = testRun();
    api = await startFlakyApi({ tmpDir: run.tmpDir, seed: 5, now: run.now, emit: run.emit });
    const { service: s } = api;
    const oldPort = s.port;
    s.slot.handle.kill("SIGKILL");
    await s.slot.handle.exited;
    const squatter = await squatPort(oldPort);
    try {
      s.slot.handle = await restart(s.slot.handle, s.slot.restart);
      s.slot.onRestart?.(s.slot.handle);
      expect(s.port).not.toBe(oldPort);
      expect(run.events).toContainEqual(expect.objectContaining({ kind: "log", level: "warn", message: expect.stringContaining(`api: port ${oldPort} was taken`) }));
      const res = await fetch(`${api.url}/accounts/bob`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: "bob" });
    } finally {
      squatter.close();
    }
  });

  it("lets a dedup policy module decide at the charge handler's seam", async () => {
    const s = await start({ dedup: { module: DEDUP_BY_KEY } });
    const first = await call(s, "POST", "/charges", { account: "carol", amountCents: 700, idempotencyKey: "pay-1" });
    const again = await call(s, "POST", "/charges", { account: "carol", amountCents: 700, idempotencyKey: "pay-1" });
    expect(again).toEqual(first);
    expect((await call(s, "GET", "/accounts/carol")).body).toMatchObject({ charges: 1 });
    expect((await s.log()).filter((e) => e.committed).length).toBe(1);
  });

  it("exits when the process that started it is killed without a teardown (SIGKILL)", async () => {
    run = testRun();
    const parent = spawn(process.execPath, ["--import", "tsx", START_AND_HANG, run.tmpDir], { stdio: ["ignore", "pipe", "inherit"] });
    const pid = await new Promise<number>((resolve, reject) => {
      let out = "";
      parent.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /service (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      parent.once("exit", (code) => reject(new Error(`the starter exited (${code}) before the service was up: ${out}`)));
    });
    expect(isAlive(pid)).toBe(true);
    parent.kill("SIGKILL");
    for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
    expect(isAlive(pid), "the orphaned service still runs").toBe(false);
  }, 30_000);

  it("leaves no process behind after stop", async () => {
    const s = await start();
    const pid = s.pid;
    expect(isAlive(pid)).toBe(true);
    expect(processesUsing(run!.tmpDir)).toEqual([pid]);
    await s.stop();
    expect(isAlive(pid)).toBe(false);
    expect(processesUsing(run!.tmpDir)).toEqual([]);
    expect(run!.events.at(-1)).toMatchObject({ kind: "state", subject: "api", state: "stopped" });
    // The log outlives the process.
    expect(await s.log()).toEqual([]);
  });
});
