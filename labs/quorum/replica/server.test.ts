/** The replica as a real process: its wire protocol, and that it never outlives its parent. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { Cluster } from "@/lib/cluster/cluster";
import { freePort, isAlive } from "@/lib/procs";
import { ReplicaLink } from "../coordinator/replica-link";
import { replicaEntry } from "./compile";

const dir = mkdtempSync(join(tmpdir(), "quorum-replica-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("replica process", () => {
  it("answers get/put/ping and explains a bad request", async () => {
    // One replica, started the way the lab starts them (a `process` node of the kit's cluster).
    const cluster = await Cluster.start({
      nodeIds: ["n1"],
      program: { kind: "process", entry: await replicaEntry(), args: ({ id, port }) => ["--name", id, "--port", String(port), "--log", join(dir, `${id}.log`)] },
      tmpDir: dir,
      seed: 1,
      now: () => 0,
      emit: () => undefined,
    });
    const link = new ReplicaLink("n1", cluster.node("n1").port);
    try {
      expect(await link.request({ op: "ping" }, 5_000)).toMatchObject({ ok: true, pong: "n1" });
      expect(await link.request({ op: "put", key: "x", value: "v", version: { n: 1, c: "c0" } }, 5_000)).toMatchObject({ ok: true, applied: true });
      expect(await link.request({ op: "put", key: "x", value: "old", version: { n: 0, c: "c9" } }, 5_000)).toMatchObject({ ok: true, applied: false });
      expect(await link.request({ op: "get", key: "x" }, 5_000)).toMatchObject({ ok: true, value: "v", version: { n: 1, c: "c0" } });
      // A malformed request gets an error reply with its id, not a dropped connection.
      const bad = await link.request({ op: "put", key: "x" } as never, 5_000);
      expect(bad).toMatchObject({ ok: false, error: "put needs a string value" });
    } finally {
      link.close();
      await cluster.stop();
    }
  });

  it("exits on its own when the process that started it dies without teardown", async () => {
    const entry = await replicaEntry();
    const port = await freePort();
    // A parent that starts a detached replica, prints its pid and dies at once.
    const script = `const c=require("child_process").spawn(process.execPath,[${JSON.stringify(entry)},"--port","${port}"],{detached:true,stdio:"ignore"});console.log(c.pid);setTimeout(()=>process.exit(0),1500);`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script]);
    const pid = Number(stdout.trim());
    expect(pid).toBeGreaterThan(0);
    const deadline = Date.now() + 10_000;
    while (isAlive(pid) && Date.now() < deadline) await sleep(100);
    const survived = isAlive(pid);
    if (survived) process.kill(pid, "SIGKILL");
    expect(survived).toBe(false);
  });
});
