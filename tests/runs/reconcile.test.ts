/** The reconcile loop's rule, on real rows and real lock keys: who counts as lost, who not. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { END_FIELD, eventStreamKey } from "@/lib/runs/event-keys";
import { beat } from "@/lib/queue/heartbeat";
import { jobKey, jobLockKey, reconcileRuns } from "@/lib/runs/reconcile";
import { parkedGradeKey, parkGrade } from "@/lib/runs/parked-grade";
import { claimRun, runOwnerKey } from "@/lib/runs/run-owner";
import { deleteKeys, TEST_DATABASE_URL, testRedis, uniquePrefix } from "../support/services";
import { FIXTURE_LABS_DIR, waitFor } from "./support";

const prefix = uniquePrefix("d3-reconcile");
const redis = testRedis();
const db = createPrisma(TEST_DATABASE_URL);
const ids: string[] = [];

beforeAll(() => migrate(TEST_DATABASE_URL));

afterAll(async () => {
  await db.labRun.deleteMany({ where: { id: { in: ids } } });
  await deleteKeys(redis, prefix);
  redis.disconnect();
  await db.$disconnect();
});

async function stuckRun(ageMs: number, status: "running" | "grading" | "queued" = "running"): Promise<string> {
  const run = await db.labRun.create({
    data: { labId: "pipeline-echo", taskId: "guess", answer: {}, seed: 1, status, startedAt: new Date(Date.now() - ageMs) },
  });
  ids.push(run.id);
  await redis.hset(jobKey(prefix, run.id), "name", "run"); // its BullMQ job, under our prefix
  return run.id;
}

const deps = { db, redis, prefix, labsDir: FIXTURE_LABS_DIR, graceMs: 5_000, overLimitMs: 10_000 };

describe("reconcileRuns", () => {
  it("ends runs whose job lock is gone as worker-lost and wakes their live viewers", async () => {
    const lost = await stuckRun(30_000);
    const young = await stuckRun(1_000); // a worker may be just taking it
    const queued = await stuckRun(30_000, "queued");
    const ended = await reconcileRuns(deps);
    expect(ended).toContain(lost);
    expect(ended).not.toContain(young);
    expect(ended).not.toContain(queued);
    const run = await db.labRun.findUniqueOrThrow({ where: { id: lost } });
    expect(run).toMatchObject({ status: "error", errorKind: "worker-lost" });
    const entries = await redis.xrange(eventStreamKey(prefix, lost), "-", "+");
    expect(entries.at(-1)?.[1][0]).toBe(END_FIELD);
  });

  it("ignores runs whose job lives under another prefix (a shared database)", async () => {
    const foreign = await stuckRun(30_000);
    await redis.del(jobKey(prefix, foreign));
    expect(await reconcileRuns(deps)).not.toContain(foreign);
    expect((await db.labRun.findUniqueOrThrow({ where: { id: foreign } })).status).toBe("running");
  });

  it("ends a run at once when its recorded worker's heartbeat is gone, even while the job lock lasts", async () => {
    const orphaned = await stuckRun(30_000);
    const alive = await stuckRun(30_000);
    const ownerless = await stuckRun(30_000, "grading"); // started before owners were recorded
    for (const id of [orphaned, alive, ownerless]) await redis.set(jobLockKey(prefix, id), "token", "PX", 60_000);
    await beat(redis, prefix, "live-worker", { pid: 1 });
    await claimRun(redis, prefix, alive, "live-worker", 60_000);
    await claimRun(redis, prefix, orphaned, "dead-worker", 60_000); // never beats
    const ended = await reconcileRuns(deps);
    expect(ended).toContain(orphaned);
    expect(ended).not.toContain(alive);
    expect(ended).not.toContain(ownerless);
    expect(await db.labRun.findUniqueOrThrow({ where: { id: orphaned } })).toMatchObject({ status: "error", errorKind: "worker-lost" });
    expect((await db.labRun.findUniqueOrThrow({ where: { id: alive } })).status).toBe("running");
    expect(await redis.exists(runOwnerKey(prefix, orphaned))).toBe(0);
  });

  it("stores the grade a worker parked when Postgres was down, instead of worker-lost", async () => {
    const finished = await stuckRun(30_000, "grading"); // job ended, lock gone
    await parkGrade(redis, prefix, finished, { verdict: "pass", diagnosis: "Every read saw the latest write." });
    expect(await reconcileRuns(deps)).toContain(finished);
    expect(await db.labRun.findUniqueOrThrow({ where: { id: finished } })).toMatchObject({ status: "passed", diagnosis: "Every read saw the latest write.", errorKind: null });
    expect(await redis.exists(parkedGradeKey(prefix, finished))).toBe(0);
  });

  it("after Redis lost a running run's job and owner, ends it only if no worker claims it again", async () => {
    const wiped = await stuckRun(30_000);
    const reclaimed = await stuckRun(30_000);
    const foreign = await stuckRun(30_000);
    await db.labRun.updateMany({ where: { id: { in: [wiped, reclaimed] } }, data: { queuePrefix: prefix } });
    await db.labRun.update({ where: { id: foreign }, data: { queuePrefix: `${prefix}-other` } });
    await redis.del(...[wiped, reclaimed, foreign].map((id) => jobKey(prefix, id))); // Redis restarted empty
    const fast = { ...deps, orphanConfirmMs: 300 };
    expect(await reconcileRuns(fast)).not.toContain(wiped); // first sighting: its worker may re-claim it
    // The live worker's next heartbeat records it as owner again.
    await beat(redis, prefix, "survivor", { pid: 1 });
    await claimRun(redis, prefix, reclaimed, "survivor", 60_000);
    const ended = await waitFor(() => reconcileRuns(fast), (e) => e.includes(wiped), 10_000, "the unclaimed run to be ended");
    expect(ended).not.toContain(reclaimed);
    expect(await reconcileRuns(fast)).not.toContain(foreign);
    expect(await db.labRun.findUniqueOrThrow({ where: { id: wiped } })).toMatchObject({ status: "error", errorKind: "worker-lost" });
    expect((await db.labRun.findUniqueOrThrow({ where: { id: reclaimed } })).status).toBe("running");
    expect((await db.labRun.findUniqueOrThrow({ where: { id: foreign } })).status).toBe("running");
  });

  it("leaves a locked run alone until it is far past its time limit", async () => {
    const locked = await stuckRun(30_000, "grading");
    const overdue = await stuckRun(60_000 + 10_000 + 5_000); // task limit 60 s + overLimitMs
    await redis.set(jobLockKey(prefix, locked), "token", "PX", 60_000);
    await redis.set(jobLockKey(prefix, overdue), "token", "PX", 60_000);
    const ended = await reconcileRuns(deps);
    expect(ended).not.toContain(locked);
    expect(ended).toContain(overdue);
    expect((await db.labRun.findUniqueOrThrow({ where: { id: locked } })).status).toBe("grading");
  });
});
