import { afterEach, describe, expect, it } from "vitest";
import { crash, isPaused, pause, restart, resume } from "@/lib/faults";
import { freePort, isAlive, spawnGroup, waitForPort, type ProcHandle } from "@/lib/procs";
import { PONG_SERVER, connectLines } from "./helpers";

const handles: ProcHandle[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.stop({ graceMs: 0 })));
});

async function startNode() {
  const port = await freePort();
  const h = await spawnGroup(process.execPath, ["-e", PONG_SERVER], { env: { PORT: String(port) }, name: "pong" });
  handles.push(h);
  await h.waitForLine("listening", 10_000);
  return { h, port };
}

async function ping(port: number, timeoutMs: number): Promise<string | null> {
  const c = await connectLines(port);
  try {
    c.send("ping");
    return await c.next(timeoutMs);
  } finally {
    c.destroy();
  }
}

describe("process faults", () => {
  it("crash kills the node with SIGKILL; its port refuses connections", async () => {
    const { h, port } = await startNode();
    const exit = await crash(h);
    expect(exit?.signal).toBe("SIGKILL");
    expect(isAlive(h.pid)).toBe(false);
    await expect(connectLines(port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("restart brings the same command back on the same port", async () => {
    const { h, port } = await startNode();
    await crash(h);
    const next = await restart(h, { readyPort: port, readyLine: "listening" });
    handles.push(next);
    expect(next.pid).not.toBe(h.pid);
    expect(await ping(port, 5_000)).toBe("pong:ping");
  });

  it("restart of a running node kills it first", async () => {
    const { h, port } = await startNode();
    const next = await restart(h, { readyPort: port, readyLine: "listening" });
    handles.push(next);
    expect(isAlive(h.pid)).toBe(false);
    expect(await ping(port, 5_000)).toBe("pong:ping");
  });

  it("restart reports a node that never gets ready, and leaves nothing running", async () => {
    const { h } = await startNode();
    await expect(restart(h, { readyLine: "never printed", readyTimeoutMs: 500 })).rejects.toThrow(/did not become ready/);
  });

  it("pause keeps the node alive but silent; resume lets it answer", async () => {
    const { h, port } = await startNode();
    pause(h);
    // SIGSTOP is delivered asynchronously: on a loaded machine /proc shows "T" a moment later.
    await expect.poll(() => isPaused(h), { timeout: 5_000 }).toBe(true);
    expect(isAlive(h.pid)).toBe(true);
    const c = await connectLines(port); // the kernel still accepts into the backlog
    c.send("ping");
    expect(await c.next(400)).toBeNull();
    resume(h);
    expect(await c.next(5_000)).toBe("pong:ping");
    await expect.poll(() => isPaused(h), { timeout: 5_000 }).toBe(false);
    c.destroy();
    await waitForPort(port, 1_000);
  });
});
