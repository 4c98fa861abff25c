/**
 * A run row and its job cannot exist without each other for long: a submit whose enqueue
 * fails ends the row and answers 503; a `queued` row whose job is missing is re-enqueued (or,
 * without a queue, ended `not-queued`) by one reconcile pass. Real Postgres and Redis.
 */
import { createServer } from "node:net";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import type { LabsManifest } from "@/lib/catalogue";
import { createLabQueue, LAB_QUEUE } from "@/lib/queue/lab-queue";
import { RunRequestError } from "@/lib/runs/errors";
import { jobKey, reconcileRuns } from "@/lib/runs/reconcile";
import { submitRun } from "@/lib/runs/submit";
import { deleteKeys, TEST_DATABASE_URL, testRedis, uniquePrefix } from "../support/services";
import { FIXTURE_LABS_DIR, writeFixtureManifest } from "./support";

const prefix = uniquePrefix("queued-repair");
const redis = testRedis();
const db = createPrisma(TEST_DATABASE_URL);
const queue = createLabQueue(redis, prefix);
const ids: string[] = [];
let manifest: LabsManifest;

beforeAll(async () => {
  await migrate(TEST_DATABASE_URL);
  manifest = (await writeFixtureManifest()).manifest;
});

afterAll(async () => {
  await db.labRun.deleteMany({ where: { id: { in: ids } } });
  await queue.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
  await db.$disconnect();
});

/** A port nothing listens on: a Redis that is down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function queuedRow(ageMs: number, rowPrefix = prefix): Promise<string> {
  const run = await db.labRun.create({
    data: { labId: "pipeline-echo", taskId: "guess", answer: {}, seed: 4242, status: "queued", queuePrefix: rowPrefix, createdAt: new Date(Date.now() - ageMs) },
  });
  ids.push(run.id);
  return run.id;
}

describe("a run row and its job", () => {
  it("a submit whose enqueue fails answers 503 and leaves no queued run", { timeout: 30_000 }, async () => {
    const down = new Redis(await deadPort(), "127.0.0.1", { maxRetriesPerRequest: 1, retryStrategy: () => 200 });
    down.on("error", () => undefined);
    const deadQueue = new Queue(LAB_QUEUE, { connection: down, prefix });
    deadQueue.on("error", () => undefined);
    const marked = { code: `// ${prefix}` }; // finds this test's row
    const err = await submitRun({ labId: "pipeline-echo", taskId: "hang", answer: marked }, { db, queue: deadQueue, manifest }).catch((e: unknown) => e);
    down.disconnect();
    expect(err).toBeInstanceOf(RunRequestError);
    expect((err as RunRequestError).status).toBe(503);
    expect((err as RunRequestError).message).toMatch(/could not be queued.*Try again/);
    const rows = await db.labRun.findMany({ where: { answer: { equals: marked } } });
    ids.push(...rows.map((r) => r.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "error", errorKind: "not-queued" }); // not stuck `queued`
    expect(rows[0]?.diagnosis).toMatch(/could not be queued.*does not count/);
  });

  it("one reconcile pass re-enqueues an old queued run without a job, same seed", async () => {
    const orphan = await queuedRow(60_000);
    const young = await queuedRow(1_000); // its submit may still be enqueueing
    const foreign = await queuedRow(60_000, uniquePrefix("someone-else")); // another deployment's
    const ended = await reconcileRuns({ db, redis, prefix, labsDir: FIXTURE_LABS_DIR, queue });
    expect(ended).not.toContain(orphan);
    const job = await queue.getJob(orphan);
    expect(job?.data).toEqual({ kind: "run", runId: orphan });
    expect(await db.labRun.findUniqueOrThrow({ where: { id: orphan } })).toMatchObject({ status: "queued", seed: 4242 });
    expect(await queue.getJob(young)).toBeUndefined();
    expect(await queue.getJob(foreign)).toBeUndefined();
    // A second pass sees the job and leaves the run to its worker.
    await reconcileRuns({ db, redis, prefix, labsDir: FIXTURE_LABS_DIR, queue });
    expect((await queue.getJobCounts("waiting")).waiting).toBe(1);
  });

  it("a queued run whose job ended (failed before the run started) is ended, not left waiting", async () => {
    const failed = await queuedRow(60_000);
    const waiting = await queuedRow(60_000);
    await redis.hset(jobKey(prefix, failed), "name", "run", "finishedOn", String(Date.now()), "failedReason", "Can't reach database server");
    await redis.hset(jobKey(prefix, waiting), "name", "run"); // still waiting for a worker
    const ended = await reconcileRuns({ db, redis, prefix, labsDir: FIXTURE_LABS_DIR, queue });
    expect(ended).toContain(failed);
    expect(ended).not.toContain(waiting);
    expect(await db.labRun.findUniqueOrThrow({ where: { id: failed } })).toMatchObject({
      status: "error",
      diagnosis: expect.stringMatching(/could not start it/),
    });
    expect((await db.labRun.findUniqueOrThrow({ where: { id: waiting } })).status).toBe("queued");
  });

  it("without a queue to re-enqueue on, the run is ended and says what happened", async () => {
    const orphan = await queuedRow(60_000);
    const ended = await reconcileRuns({ db, redis, prefix, labsDir: FIXTURE_LABS_DIR });
    expect(ended).toContain(orphan);
    expect(await db.labRun.findUniqueOrThrow({ where: { id: orphan } })).toMatchObject({
      status: "error",
      errorKind: "not-queued",
      diagnosis: expect.stringMatching(/lab queue was lost.*never started/),
    });
  });
});
