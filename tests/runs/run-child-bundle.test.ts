/**
 * The bundled run child (plain node, every lab imported statically) grades every lab's
 * reference answer as it should: labs that find their programs, solutions and server code
 * next to their own source (`new URL(…, import.meta.url)`), that start bundled cluster nodes,
 * that run student code in QuickJS or use the labs database all work from the bundle. And a
 * lab the bundle does not hold is refused with what to do, never loaded half-way.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listLabIds, loadLab, registerBundledLabs } from "@/lib/labs/discover";
import { labsDatabaseUrlFor } from "@/lib/labs/lab-database";
import { listSolutions, matchExpectation, readSolution } from "@/lib/labs/solutions";
import type { Grade, LabEvent } from "@/lib/labs/types";
import { forkRunChild, type RunChild } from "@/lib/runs/child-pool";
import type { ToChild } from "@/lib/runs/child-protocol";
import { runUntilExercised } from "@/lib/labs/retry-overloaded";
import { buildRunChildBundle, runChildBundled } from "@/lib/runs/run-child-bundle";
import { RUN_ATTEMPTS } from "../support/load-guarded";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";

const children: RunChild[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const c of children) {
    try {
      process.kill(-c.child.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Each lab's shortest task that has a reference solution (the one bench:labs --per-lab runs). */
async function representative(labId: string): Promise<{ taskId: string; answer: unknown }> {
  const lab = await loadLab(labId);
  for (const task of [...lab.tasks].sort((a, b) => a.timeLimitMs - b.timeLimitMs)) {
    if ((await listSolutions(labId, task.id)).includes("reference"))
      return { taskId: task.id, answer: await readSolution(labId, task.id, "reference") };
  }
  throw new Error(`lab ${labId} has no reference solution`);
}

/** One run in a child forked from the bundle, over the real IPC protocol the worker speaks. */
async function runInBundledChild(bundle: string, labId: string, taskId: string, answer: unknown, prefix: string) {
  const child = forkRunChild(undefined, bundle);
  children.push(child);
  const tmpDir = mkdtempSync(join(tmpdir(), "faultline-bundle-run-"));
  dirs.push(tmpDir);
  const events: LabEvent[] = [];
  const grade = await new Promise<Grade>((resolve, reject) => {
    child.child.on("message", (msg: { type: string; event?: LabEvent; grade?: Grade }) => {
      if (msg.type === "event") events.push(msg.event!);
      if (msg.type === "grade") resolve(msg.grade!);
    });
    child.child.once("exit", (code) => reject(new Error(`child exited (${code}) before its grade: ${child.stderrTail()}`)));
    const start: ToChild = {
      type: "start",
      spec: {
        runId: `bundle-${labId}`,
        labId,
        taskId,
        answer,
        seed: 1_000,
        redisUrl: TEST_REDIS_URL,
        redisPrefix: prefix,
        labDatabaseUrl: labsDatabaseUrlFor(TEST_DATABASE_URL),
        tmpDir,
      },
    };
    child.child.send(start);
  });
  return { grade, events, warmed: child.warmed() };
}

describe("the bundled run child", () => {
  it("is the default, and tsx children are kept for dev and for a labs dir of one's own", () => {
    expect(runChildBundled({})).toBe(true);
    expect(runChildBundled({ FAULTLINE_RUN_CHILD: "tsx" })).toBe(false);
    expect(runChildBundled({ FAULTLINE_LABS_DIR: "/somewhere/labs" })).toBe(false);
  });

  it("grades every lab's reference answer as passed", { timeout: 600_000 }, async () => {
    const bundle = await buildRunChildBundle();
    expect(bundle).toMatch(/node_modules\/\.cache\/faultline\/run-child-[0-9a-f]{16}\.mjs$/);
    const labIds = await listLabIds();
    expect(labIds.length).toBeGreaterThanOrEqual(14);
    const redis = testRedis();
    const prefix = uniquePrefix("bundle");
    const results: { labId: string; taskId: string; mismatch: string | null; events: number }[] = [];
    // Two at a time: each run starts real processes on a 2-core machine.
    const queue = [...labIds];
    await Promise.all(
      [0, 1].map(async () => {
        for (let labId = queue.shift(); labId; labId = queue.shift()) {
          const { taskId, answer } = await representative(labId);
          // A run the busy machine starved is not graded ("overloaded"): run it again, as npm test's other lab runs do.
          let attempt = 0;
          const { grade, events } = await runUntilExercised(RUN_ATTEMPTS, () => runInBundledChild(bundle, labId, taskId, answer, `${prefix}:${labId}:${++attempt}:`));
          results.push({ labId, taskId, mismatch: matchExpectation(grade, { verdict: "pass" }), events: events.length });
        }
      }),
    );
    await deleteKeys(redis, prefix);
    redis.disconnect();
    results.sort((a, b) => a.labId.localeCompare(b.labId));
    expect(results.map((r) => [r.labId, r.taskId, r.mismatch])).toEqual(results.map((r) => [r.labId, r.taskId, null]));
    for (const r of results) expect(r.events, `${r.labId} sent its live events`).toBeGreaterThan(0);
  });

  it("refuses a lab added after the bundle was built, saying to restart the worker", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-bundled-labs-"));
    dirs.push(dir);
    mkdirSync(join(dir, "late-lab"));
    writeFileSync(join(dir, "late-lab", "lab.ts"), "export default {};\n");
    registerBundledLabs(dir, {});
    await expect(loadLab("late-lab", { dir })).rejects.toThrow(/added after this worker built its run child; restart the worker/);
  });
});
