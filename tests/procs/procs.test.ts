import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import {
  freePort,
  isAlive,
  killTree,
  liveGroupMembers,
  openProcRegistry,
  reapOrphans,
  spawnGroup,
  waitForPort,
  type ProcHandle,
  type RegistryFile,
} from "@/lib/procs";

const node = process.execPath;
const started: ProcHandle[] = [];
const dirs: string[] = [];

async function start(script: string, env: Record<string, string> = {}) {
  const h = await spawnGroup(node, ["-e", script], { env });
  started.push(h);
  return h;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((h) => h.stop({ graceMs: 0 })));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A parent that forks a grandchild and prints both pids, then idles. */
const FORKER = `
const { spawn } = require("node:child_process");
const c = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
console.log("pids " + process.pid + " " + c.pid);
setInterval(() => {}, 1000);
`;

describe("freePort / waitForPort", () => {
  it("gives a bindable port and waits until it listens", async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    await expect(waitForPort(port, 200)).rejects.toThrow(/nothing accepted connections/);
    const server = createServer((s) => s.end());
    setTimeout(() => server.listen(port, "127.0.0.1"), 100);
    await waitForPort(port, 10_000);
    await new Promise((r) => server.close(r));
  });
});

describe("spawnGroup", () => {
  it("runs the child as its own group leader and reads its stdout lines", async () => {
    const h = await start(`console.log("hello " + process.env.GREETING); setInterval(() => {}, 1000)`, { GREETING: "world" });
    expect(h.pgid).toBe(h.pid);
    expect(await h.waitForLine(/^hello/, 10_000)).toBe("hello world");
    expect(h.stdout).toContain("hello world");
    expect(isAlive(h.pid)).toBe(true);
  });

  it("rejects with a clear error when the command does not exist", async () => {
    await expect(spawnGroup("/no/such/binary", [])).rejects.toThrow(/could not start binary/);
  });

  it("kill() reaches every process of the group, grandchildren included", async () => {
    const h = await start(FORKER);
    const line = await h.waitForLine(/^pids/, 10_000);
    const grandchild = Number(line.split(" ")[2]);
    expect(isAlive(grandchild)).toBe(true);
    expect((await liveGroupMembers(h.pgid)).map((m) => m.pid).sort()).toEqual([h.pid, grandchild].sort());
    expect(await h.stop({ graceMs: 0 })).toBe(true);
    expect(isAlive(grandchild)).toBe(false);
    expect((await h.exited).signal).toBe("SIGKILL");
  });

  it("stop() falls back to SIGKILL when SIGTERM is ignored, within the grace period", async () => {
    const h = await start(`process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)`);
    await h.waitForLine("ready", 10_000);
    const t0 = Date.now();
    expect(await h.stop({ graceMs: 300 })).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(h.exitInfo?.signal).toBe("SIGKILL");
  });

  it("stop() terminates a paused (SIGSTOP) group", async () => {
    const h = await start(`console.log("ready"); setInterval(() => {}, 1000)`);
    await h.waitForLine("ready", 10_000);
    h.kill("SIGSTOP");
    expect(await h.stop({ graceMs: 2_000 })).toBe(true);
    expect(h.exitInfo?.signal).toBe("SIGTERM");
  });

  it("waitForLine rejects when the process exits first, quoting its stderr", async () => {
    const h = await start(`console.error("boom: bad config"); process.exit(3)`);
    await expect(h.waitForLine("never", 10_000)).rejects.toThrow(/exited \(code 3.*boom: bad config/);
  });
});

describe("isAlive", () => {
  it("treats a zombie as dead", async () => {
    // A parent whose event loop is blocked cannot reap its exited child, like PID 1 here.
    const h = await start(`
      const { spawn } = require("node:child_process");
      const c = spawn("sh", ["-c", "exit 0"], { stdio: "ignore" });
      // Block the event loop so Node cannot reap the exited child: it stays a zombie.
      console.log("child " + c.pid);
      const end = Date.now() + 30000;
      while (Date.now() < end);
    `);
    const pid = Number((await h.waitForLine(/^child/, 10_000)).split(" ")[1]);
    for (let i = 0; i < 100 && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8")); i++) await new Promise((r) => setTimeout(r, 50));
    const state = readFileSync(`/proc/${pid}/stat`, "utf8");
    expect(state).toMatch(/\) Z /);
    expect(isAlive(pid)).toBe(false);
  });

  it("is false for pids that do not exist", () => {
    expect(isAlive(2 ** 22 + 7)).toBe(false);
    expect(isAlive(-1)).toBe(false);
  });
});

describe("killTree", () => {
  it("kills a process and its descendants that share no group of their own", async () => {
    const raw = spawn(node, ["-e", FORKER], { stdio: ["ignore", "pipe", "ignore"] });
    const line = await new Promise<string>((r) => raw.stdout.once("data", (d: Buffer) => r(d.toString().trim())));
    const grandchild = Number(line.split(" ")[2]);
    const killed = await killTree(raw.pid as number);
    expect(killed).toContain(grandchild);
    await new Promise((r) => raw.once("exit", r));
    for (let i = 0; i < 50 && isAlive(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    expect(isAlive(grandchild)).toBe(false);
  });
});

describe("registry and reapOrphans", () => {
  it("records groups in a JSON file and killAll/close kill them all", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-procs-"));
    dirs.push(dir);
    const reg = openProcRegistry(dir, "test");
    const a = await spawnGroup(node, ["-e", FORKER], { registry: reg, name: "a" });
    const b = await spawnGroup(node, ["-e", "setInterval(() => {}, 1000)"], { registry: reg, name: "b" });
    started.push(a, b);
    const body = JSON.parse(readFileSync(reg.file, "utf8")) as RegistryFile;
    expect(body.ownerPid).toBe(process.pid);
    expect(body.groups.map((g) => g.name).sort()).toEqual(["a", "b"]);
    await reg.close({ graceMs: 0 });
    expect(isAlive(a.pid) || isAlive(b.pid)).toBe(false);
    expect(() => readFileSync(reg.file)).toThrow();
  });

  it("reapOrphans kills the groups of a crashed owner and leaves live owners alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-procs-"));
    dirs.push(dir);
    // A predecessor process that registers a child group, then dies by SIGKILL (no teardown).
    const registryModule = join(process.cwd(), "lib/procs/index.ts");
    const owner = await spawnGroup(node, [
      "--import",
      "tsx",
      "-e",
      `import(${JSON.stringify(registryModule)}).then(async (m) => {
        const reg = m.openProcRegistry(${JSON.stringify(dir)}, "crashy");
        const h = await m.spawnGroup(process.execPath, ["-e", ${JSON.stringify(FORKER)}], { registry: reg });
        const line = await h.waitForLine(/^pids/, 10000);
        console.log("orphan " + line);
        setInterval(() => {}, 1000);
      });`,
    ]);
    started.push(owner);
    const line = await owner.waitForLine(/^orphan/, 30_000);
    const [, , leader, grandchild] = line.split(" ").map(Number);
    // The owner's own group does not include the orphan's group (it has its own).
    process.kill(owner.pid, "SIGKILL");
    await owner.exited;
    expect(isAlive(leader as number)).toBe(true);

    const mine = openProcRegistry(dir, "alive");
    const results = await reapOrphans(dir, { graceMs: 0 });
    expect(results).toHaveLength(1);
    expect(results[0]?.killed).toEqual([leader]);
    expect(isAlive(leader as number)).toBe(false);
    expect(isAlive(grandchild as number)).toBe(false);
    // Our own live registry is untouched.
    expect(() => readFileSync(mine.file)).not.toThrow();
    await mine.close();
  });
});

describe("registry during teardown", () => {
  it("refuses to spawn into a closed registry and kills groups added after close", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-procs-"));
    dirs.push(dir);
    const reg = openProcRegistry(dir, "closing");
    const late = await spawnGroup(node, ["-e", "setInterval(() => {}, 1000)"]);
    started.push(late);
    await reg.close();
    await expect(spawnGroup(node, ["-e", "1"], { registry: reg })).rejects.toThrow(/registry is closed/);
    reg.add(late); // e.g. a restart that finished spawning while teardown ran
    expect((await late.exited).signal).toBe("SIGKILL");
  });
});
