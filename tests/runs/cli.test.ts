/** `npm run lab -- run ...` as a user runs it: a real process, its own worker, exit codes. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { liveWorkers } from "@/lib/queue/heartbeat";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { FIXTURE_LABS_DIR } from "./support";

const prefix = uniquePrefix("d3-cli");
const dir = mkdtempSync(join(tmpdir(), "faultline-d3-cli-"));
const redis = testRedis();

afterAll(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

function lab(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/lab.ts", ...args], {
    env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL, FAULTLINE_REDIS_PREFIX: prefix, FAULTLINE_LABS_DIR: FIXTURE_LABS_DIR, FAULTLINE_RUNS_DIR: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
}

describe("npm run lab", () => {
  it("runs the reference through a worker it starts itself, prints the grade, exits 0", { timeout: 180_000 }, async () => {
    const r = await lab(["run", "pipeline-echo", "--task", "guess", "--answer", "reference", "--seed", "7"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/starting one for this run/);
    expect(JSON.parse(r.stdout)).toMatchObject({ lab: "pipeline-echo", task: "guess", seed: 7, verdict: "pass", diagnosis: "42 is the answer." });
    expect(await liveWorkers(redis, prefix)).toEqual([]); // the worker it started is gone
  });

  it("exits 1 for a known-wrong solution", { timeout: 180_000 }, async () => {
    const wrong = await lab(["run", "pipeline-echo", "--task", "guess", "--answer", "wrong:seven"]);
    expect(wrong.code, wrong.stderr).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ verdict: "fail", diagnosis: expect.stringMatching(/^The value 7 is not the answer/) });
  });

  it("exits 2 with a clear message for bad input, before starting any worker", { timeout: 120_000 }, async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ value: 1000, mode: "steady", durationMs: 1 }));
    const invalid = await lab(["run", "pipeline-echo", "--task", "guess", "--answer", file]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/value: Too big/);

    const unknown = await lab(["run", "nope", "--task", "x", "--answer", "reference"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No lab "nope"/);
    expect(invalid.stderr).not.toMatch(/starting one/);
  });
});
