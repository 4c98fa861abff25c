/**
 * Redis loses every key of ours mid-run (a restart without persistence): the live worker
 * records itself as the run's owner again within a heartbeat, so no reconcile pass calls the
 * run lost while its worker lives, and the run still reaches a final state.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createLabQueue } from "@/lib/queue/lab-queue";
import { runOwner } from "@/lib/runs/run-owner";
import { submitRun } from "@/lib/runs/submit";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { startWorker, type WorkerProcess } from "../support/worker-process";
import { FIXTURE_LABS_DIR, waitFor, writeFixtureManifest } from "./support";

const prefix = uniquePrefix("redis-wipe");
const runsDir = mkdtempSync(join(tmpdir(), "faultline-redis-wipe-"));
const redis = testRedis();
const db = createPrisma(TEST_DATABASE_URL);
const queue = createLabQueue(redis, prefix);
let worker: WorkerProcess | undefined;

beforeAll(() => migrate(TEST_DATABASE_URL));

afterAll(async () => {
  await worker?.stop("SIGTERM");
  await queue.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
  await db.$disconnect();
  rmSync(runsDir, { recursive: true, force: true });
});

describe("Redis loses our keys mid-run", () => {
  it("the worker re-claims its run and the run is not called lost", { timeout: 120_000 }, async () => {
    const { manifest } = await writeFixtureManifest();
    worker = await startWorker({
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: TEST_DATABASE_URL,
      FAULTLINE_REDIS_PREFIX: prefix,
      FAULTLINE_LABS_DIR: FIXTURE_LABS_DIR,
      FAULTLINE_RUNS_DIR: runsDir,
      FAULTLINE_RECONCILE_MS: "500",
    });
    const workerId = `${hostname()}-${worker.child.pid}`;
    const { id } = await submitRun({ labId: "pipeline-echo", taskId: "guess", answer: { value: 42, mode: "steady", durationMs: 25_000 } }, { db, queue, manifest });
    await waitFor(() => runOwner(redis, prefix, id), (o) => o === workerId, 45_000, "the worker to own the run");
    await deleteKeys(redis, prefix); // job, lock, owner, heartbeat: all gone
    await waitFor(() => runOwner(redis, prefix, id), (o) => o === workerId, 10_000, "the worker to re-claim the run");
    const run = await waitFor(
      () => db.labRun.findUniqueOrThrow({ where: { id } }),
      (r) => ["passed", "failed", "error"].includes(r.status),
      90_000,
      "the run to end",
    );
    expect(run.errorKind).not.toBe("worker-lost");
    await db.labRun.deleteMany({ where: { id } });
  });
});
