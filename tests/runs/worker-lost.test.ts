/**
 * A worker SIGKILLed mid-run: another live worker ends its run (error, worker-lost) within
 * 20 s — the dead worker's heartbeat expires in 10 s, long before BullMQ's 30 s job lock —
 * and no process of the run survives, whether the run's child outlived the worker (it
 * notices the IPC disconnect and tears down) or died with it (the next worker reaps them).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import type { LabsManifest } from "@/lib/catalogue";
import { isAlive, readStat } from "@/lib/procs";
import { createLabQueue } from "@/lib/queue/lab-queue";
import type { RegistryFile } from "@/lib/procs";
import { runOwner } from "@/lib/runs/run-owner";
import { submitRun } from "@/lib/runs/submit";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { startWorker, type WorkerProcess } from "../support/worker-process";
import { FIXTURE_LABS_DIR, sleep, waitFor, writeFixtureManifest } from "./support";

const prefix = uniquePrefix("d3-lost");
const runsDir = mkdtempSync(join(tmpdir(), "faultline-d3-lost-"));
const redis = testRedis();
const db = createPrisma(TEST_DATABASE_URL);
const queue = createLabQueue(redis, prefix);
let manifest: LabsManifest;
const workers: WorkerProcess[] = [];
const pids: number[] = [];

const workerEnv = {
  REDIS_URL: TEST_REDIS_URL,
  DATABASE_URL: TEST_DATABASE_URL,
  FAULTLINE_REDIS_PREFIX: prefix,
  FAULTLINE_LABS_DIR: FIXTURE_LABS_DIR,
  FAULTLINE_RUNS_DIR: runsDir,
  FAULTLINE_RECONCILE_MS: "1000",
};

async function launch(): Promise<WorkerProcess> {
  const w = await startWorker(workerEnv);
  workers.push(w);
  return w;
}

beforeAll(async () => {
  await migrate(TEST_DATABASE_URL);
  manifest = (await writeFixtureManifest()).manifest;
});

afterAll(async () => {
  for (const w of workers) await w.stop("SIGKILL");
  for (const pid of pids) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* already gone: what the test expects */
    }
  }
  await queue.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
  await db.$disconnect();
  rmSync(runsDir, { recursive: true, force: true });
});

/** Starts a long run and waits until its system (a real `sleep` process) is up. */
async function startLongRun(): Promise<{ runId: string; sleeperPid: number; childPid: number }> {
  const { id } = await submitRun({ labId: "pipeline-echo", taskId: "guess", answer: { value: 42, mode: "steady", durationMs: 50_000 } }, { db, queue, manifest });
  const state = await waitFor(
    () => db.runEvent.findFirst({ where: { runId: id, kind: "state" } }),
    (e) => e !== null,
    45_000,
    "the run's system to start",
  );
  const sleeperPid = (state!.data as { detail: { pid: number } }).detail.pid;
  // The run's child is the sleeper's parent, and the worker recorded it in its registry.
  const childPid = (await readStat(sleeperPid))!.ppid;
  const registries = readdirSync(join(runsDir, "workers")).filter((f) => f.endsWith(".procs.json"));
  const groups = registries.flatMap((f) => (JSON.parse(readFileSync(join(runsDir, "workers", f), "utf8")) as RegistryFile).groups);
  expect(groups.find((g) => g.pgid === childPid)?.name).toBe("run-child");
  pids.push(sleeperPid, childPid);
  expect(isAlive(sleeperPid)).toBe(true);
  return { runId: id, sleeperPid, childPid };
}

/** Lost-worker detection bound: heartbeat TTL (10 s) + reconcile period, plus margin for a loaded machine. */
const LOST_WITHIN_MS = 20_000;

async function expectEndsWorkerLost(runId: string, killedAt: number) {
  const run = await waitFor(
    () => db.labRun.findUniqueOrThrow({ where: { id: runId } }),
    (r) => ["passed", "failed", "error"].includes(r.status),
    LOST_WITHIN_MS + 10_000 - (Date.now() - killedAt), // wait longer, so a miss reports its time
    "the run to end after its worker died",
  );
  expect(Date.now() - killedAt).toBeLessThan(LOST_WITHIN_MS);
  expect(run.status).toBe("error");
  expect(run.errorKind).toBe("worker-lost");
  expect(run.diagnosis).toMatch(/does not count as an attempt/);
}

/** The run's recorded owner is the worker we are about to kill. */
async function expectOwner(runId: string, w: WorkerProcess) {
  expect(await runOwner(redis, prefix, runId)).toBe(`${hostname()}-${w.child.pid}`);
}

async function expectGone(pid: number, what: string) {
  await waitFor(async () => isAlive(pid), (alive) => !alive, 15_000, `${what} (pid ${pid}) to be gone`);
}

describe("worker killed mid-run", () => {
  it("the child notices, tears down, and the run ends worker-lost", { timeout: 120_000 }, async () => {
    const first = await launch();
    const { runId, sleeperPid, childPid } = await startLongRun();
    await expectOwner(runId, first);
    // Started once the run is taken (so it cannot take it): the live worker that notices.
    const watcher = await launch();
    await first.stop("SIGKILL");
    const killedAt = Date.now();
    // The child (its own process group) is still there, notices the disconnect and cleans up.
    await expectGone(sleeperPid, "the lab's process");
    await expectGone(childPid, "the run's child");
    await expectEndsWorkerLost(runId, killedAt);
    await watcher.stop("SIGTERM");
  });

  it("when the child dies with the worker, the next worker reaps the lab's orphans", { timeout: 120_000 }, async () => {
    const second = await launch();
    const { runId, sleeperPid, childPid } = await startLongRun();
    await expectOwner(runId, second);
    const watcher = await launch();
    // Both at once (as a machine-level crash would): given time, the child would tear down.
    // Frozen first: on a busy machine this process can be preempted between two kills, and a
    // child that saw its worker's IPC close in that gap killed the lab's process itself.
    process.kill(-childPid, "SIGSTOP");
    process.kill(-second.child.pid!, "SIGKILL");
    process.kill(-childPid, "SIGKILL");
    const killedAt = Date.now();
    await second.stop("SIGKILL");
    await sleep(500);
    expect(isAlive(sleeperPid)).toBe(true); // orphaned: nobody tore it down
    await launch(); // reaps at start-up what dead workers left
    await expectGone(sleeperPid, "the orphaned lab process");
    await expectEndsWorkerLost(runId, killedAt);
    await watcher.stop("SIGTERM");
  });
});
