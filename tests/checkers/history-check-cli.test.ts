import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { History } from "@/lib/history/types";
import { inv, ok } from "./history-builder";

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in its own process group, killed on timeout or if the test fails. */
function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "scripts/history-check.ts", ...args], {
      detached: true,
      stdio: "pipe",
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`history:check did not finish in 100 s: ${stderr}`));
    }, 100_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      killGroup();
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      killGroup();
      resolve({ code, stdout, stderr });
    });
  });
}

let dir: string;
const file = async (name: string, content: string) => {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
};
const json = (history: History) => JSON.stringify(history);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "faultline-history-check-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each run starts tsx in a fresh process: seconds each on a loaded machine.
describe("npm run history:check", { timeout: 120_000 }, () => {
  it("exits 0 on a linearizable JSON history, cas values as [from, to]", async () => {
    const path = await file(
      "ok.json",
      json([
        inv(0, "write", 1),
        ok(0, "write", 1),
        inv(1, "cas", [1, 2]),
        ok(1, "cas", [1, 2]),
        inv(2, "read"),
        ok(2, "read", 2),
      ]),
    );
    const run = await runCli(["--model", "register", path]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: "linearizable", operations: 3 });
  });

  it("exits 1 with the witness on a non-linearizable history", async () => {
    const path = await file(
      "bad.json",
      json([
        inv(0, "put", "a", "k"),
        ok(0, "put", "a", "k"),
        inv(1, "get", null, "k"),
        ok(1, "get", "", "k"),
      ]),
    );
    const run = await runCli(["--model", "kv", path]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      verdict: "not-linearizable",
      key: "k",
      prefix: [{ index: 0, process: 0, f: "put", value: "a" }],
      blocked: { index: 2, process: 1, f: "get", key: "k", value: "" },
    });
  });

  it("reads Jepsen EDN files", async () => {
    const edn = await runCli(["--model", "kv", "tests/fixtures/porcupine/kv/c01-bad.txt"]);
    expect(edn.code).toBe(1);
  });

  it("reads Jepsen log files", async () => {
    const log = await runCli(["--model", "register", "tests/fixtures/porcupine/etcd/etcd_005.log"]);
    expect(log.code).toBe(0);
    expect(JSON.parse(log.stdout).verdict).toBe("linearizable");
  });

  it("exits 2 with verdict unknown when the time budget runs out", async () => {
    const run = await runCli([
      "--model",
      "register",
      "--time-budget-ms",
      "1",
      "tests/fixtures/porcupine/etcd/etcd_002.log",
    ]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).verdict).toBe("unknown");
  });

  it("exits 2 with a clear message on a missing file", async () => {
    const missing = await runCli(["--model", "kv", join(dir, "missing.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*missing\.json: ENOENT/);
  });

  it("exits 2 naming the malformed operation", async () => {
    const malformed = await runCli([
      "--model",
      "register",
      await file("bad-op.json", '[{"process":"x","type":"ok"}]'),
    ]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/operation 0: .*process/);
  });

  it("exits 2 on a file in no known format", async () => {
    const garbage = await runCli(["--model", "register", await file("garbage.txt", "hello\n")]);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/unrecognised history format/);
  });

  it("exits 2 with usage when --model is missing", async () => {
    const noModel = await runCli([await file("x.json", "[]")]);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toMatch(/--model must be register or kv/);
  });
});
