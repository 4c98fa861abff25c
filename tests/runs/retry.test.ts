/**
 * Concluding and event flushes ride out a Postgres blip: the retry helper (unit, with a fake
 * call and a fake clock), and a real run executed against a real database whose grade write
 * and first event batch fail transiently (a thin wrapper over the real client) — or whose
 * grade write fails for good: the grade is parked and the reconcile loop stores it.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { EVENT_FIELD, eventStreamKey } from "@/lib/runs/event-keys";
import { executeRun } from "@/lib/runs/execute";
import { parkedGradeKey } from "@/lib/runs/parked-grade";
import { jobKey, reconcileRuns } from "@/lib/runs/reconcile";
import { EventRecorder } from "@/lib/runs/recorder";
import { withRetry } from "@/lib/runs/retry";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { FIXTURE_LABS_DIR, waitFor } from "./support";

/** Fails the first `n` calls with a connection-style error, then calls through. */
function failingFirst<A extends unknown[], T>(n: number, fn: (...a: A) => Promise<T>) {
  const calls = { count: 0 };
  const wrapped = async (...a: A): Promise<T> => {
    calls.count++;
    if (calls.count <= n) throw new Error("Can't reach database server at 127.0.0.1:5432");
    return fn(...a);
  };
  return Object.assign(wrapped, { calls });
}

describe("withRetry", () => {
  it("retries a failing call with doubling waits until it succeeds", async () => {
    const waits: number[] = [];
    const call = failingFirst(3, async () => "stored");
    const retried: number[] = [];
    const result = await withRetry(call, { sleep: async (ms) => void waits.push(ms), onRetry: (_e, attempt) => retried.push(attempt) });
    expect(result).toBe("stored");
    expect(call.calls.count).toBe(4);
    expect(waits).toEqual([300, 600, 1200]);
    expect(retried).toEqual([1, 2, 3]);
  });

  it("gives up after 6 tries (~9 s of waiting) and throws the last error", async () => {
    const waits: number[] = [];
    const call = failingFirst(100, async () => "never");
    await expect(withRetry(call, { sleep: async (ms) => void waits.push(ms) })).rejects.toThrow(/Can't reach database/);
    expect(call.calls.count).toBe(6);
    expect(waits.reduce((a, b) => a + b, 0)).toBe(300 + 600 + 1200 + 2400 + 4800);
  });

  it("does not retry a query that is wrong in itself", async () => {
    const bad = Object.assign(new Error("Unknown argument"), { name: "PrismaClientValidationError" });
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw bad; }, { sleep: async () => undefined })).rejects.toBe(bad);
    expect(calls).toBe(1);
  });
});

describe("a run whose grade write and first event batch fail transiently", () => {
  const prefix = uniquePrefix("retry");
  const redis = testRedis();
  const db = createPrisma(TEST_DATABASE_URL);
  const runsDir = mkdtempSync(join(tmpdir(), "faultline-retry-"));
  let runId = "";

  beforeAll(async () => {
    await migrate(TEST_DATABASE_URL);
    process.env.FAULTLINE_RUNS_DIR = runsDir;
  });

  afterAll(async () => {
    if (runId) await db.labRun.deleteMany({ where: { id: runId } });
    await deleteKeys(redis, prefix);
    redis.disconnect();
    await db.$disconnect();
    rmSync(runsDir, { recursive: true, force: true });
    delete process.env.FAULTLINE_RUNS_DIR;
  });

  it("still stores the grade and every event, in order, with no gaps", { timeout: 90_000 }, async () => {
    const run = await db.labRun.create({
      data: { labId: "pipeline-echo", taskId: "guess", answer: { value: 42, mode: "steady", durationMs: 300 }, seed: 7, status: "queued" },
    });
    runId = run.id;
    const createMany = failingFirst(2, db.runEvent.createMany.bind(db.runEvent));
    const updateManyAndReturn = db.labRun.updateManyAndReturn.bind(db.labRun);
    // Only the final write (the one with finishedAt) fails: the grade, not the status moves.
    let gradeFailures = 0;
    const flaky = {
      ...db,
      labRun: {
        ...db.labRun,
        findUnique: db.labRun.findUnique.bind(db.labRun),
        updateMany: db.labRun.updateMany.bind(db.labRun),
        // The grade is stored with updateManyAndReturn (finishRun counts the ending it stored).
        updateManyAndReturn: (async (args: Parameters<Db["labRun"]["updateManyAndReturn"]>[0]) => {
          if ((args.data as { finishedAt?: Date }).finishedAt && gradeFailures++ < 2) throw new Error("Connection terminated unexpectedly");
          return updateManyAndReturn(args);
        }) as unknown as Db["labRun"]["updateManyAndReturn"],
      },
      runEvent: { ...db.runEvent, createMany: createMany as unknown as Db["runEvent"]["createMany"] },
    } as unknown as Db;

    const status = await executeRun(runId, { db: flaky, redis, prefix, redisUrl: TEST_REDIS_URL, labsDir: FIXTURE_LABS_DIR });

    expect(["passed", "failed"]).toContain(status);
    expect(gradeFailures).toBe(3); // two failures, then the write that landed
    expect(createMany.calls.count).toBeGreaterThan(2);
    const stored = await db.labRun.findUniqueOrThrow({ where: { id: runId } });
    expect(stored.status).toBe(status);
    const seqs = (await db.runEvent.findMany({ where: { runId }, select: { seq: true }, orderBy: { seq: "asc" } })).map((e) => e.seq);
    expect(seqs.length).toBeGreaterThan(0);
    // Every event the live stream carried is in Postgres: seqs 1..n, none missing at the end either.
    const live = (await redis.xrange(eventStreamKey(prefix, runId), "-", "+")).filter(([, f]) => f[0] === EVENT_FIELD);
    expect(seqs).toEqual(Array.from({ length: live.length }, (_, i) => i + 1));
  });

  it("events of an outage longer than one flush's retries are kept and stored by a later flush", { timeout: 60_000 }, async () => {
    const run = await db.labRun.create({ data: { labId: "pipeline-echo", taskId: "guess", answer: {}, seed: 7, status: "running" } });
    const createMany = failingFirst(8, db.runEvent.createMany.bind(db.runEvent)); // one flush tries 6 times
    const flaky = { ...db, runEvent: { ...db.runEvent, createMany } } as unknown as Db;
    const recorder = new EventRecorder(flaky, redis, prefix, run.id);
    try {
      for (let i = 0; i < 5; i++) recorder.record({ kind: "metric", t: i, counters: { n: i } });
      await waitFor(async () => createMany.calls.count, (n) => n > 8, 45_000, "a flush after the outage");
      recorder.record({ kind: "metric", t: 5, counters: { n: 5 } });
      await recorder.close();
      const seqs = (await db.runEvent.findMany({ where: { runId: run.id }, select: { seq: true }, orderBy: { seq: "asc" } })).map((e) => e.seq);
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    } finally {
      await db.labRun.deleteMany({ where: { id: run.id } });
    }
  });

  it("a grade that cannot be stored at all is parked, the run torn down, and reconcile stores it later", { timeout: 90_000 }, async () => {
    const run = await db.labRun.create({
      data: { labId: "pipeline-echo", taskId: "guess", answer: { value: 42, mode: "steady", durationMs: 300 }, seed: 7, status: "queued" },
    });
    const lostId = run.id;
    const updateManyAndReturn = db.labRun.updateManyAndReturn.bind(db.labRun);
    const down = {
      ...db,
      labRun: {
        ...db.labRun,
        findUnique: db.labRun.findUnique.bind(db.labRun),
        updateMany: db.labRun.updateMany.bind(db.labRun),
        updateManyAndReturn: (async (args: Parameters<Db["labRun"]["updateManyAndReturn"]>[0]) => {
          if ((args.data as { finishedAt?: Date }).finishedAt) throw new Error("Connection terminated unexpectedly");
          return updateManyAndReturn(args);
        }) as unknown as Db["labRun"]["updateManyAndReturn"],
      },
      runEvent: db.runEvent,
    } as unknown as Db;
    try {
      await expect(executeRun(lostId, { db: down, redis, prefix, redisUrl: TEST_REDIS_URL, labsDir: FIXTURE_LABS_DIR })).rejects.toThrow(/Connection terminated/);
      expect(readdirSync(runsDir).filter((d) => d.endsWith(lostId))).toEqual([]); // teardown ran
      expect(await redis.exists(parkedGradeKey(prefix, lostId))).toBe(1);
      expect((await db.labRun.findUniqueOrThrow({ where: { id: lostId } })).status).toMatch(/running|grading/);
      // The database is back: the job has failed (no lock), and one reconcile pass stores the parked grade.
      await redis.hset(jobKey(prefix, lostId), "name", "run", "finishedOn", String(Date.now()));
      expect(await reconcileRuns({ db, redis, prefix, labsDir: FIXTURE_LABS_DIR, graceMs: 0 })).toContain(lostId);
      const stored = await db.labRun.findUniqueOrThrow({ where: { id: lostId } });
      expect(["passed", "failed"]).toContain(stored.status);
      expect(stored.errorKind).toBeNull();
    } finally {
      await db.labRun.deleteMany({ where: { id: lostId } });
    }
  });
});
