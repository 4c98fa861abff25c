/**
 * The operations snapshot against real Redis (BullMQ's queue, heartbeats, run owners) and real
 * Postgres (runs), and who may read it through GET /api/admin/operations.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/viewer";
import { createPrisma } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { operationsSnapshot } from "@/lib/observability/operations";
import { createLabQueue } from "@/lib/queue/lab-queue";
import { beat } from "@/lib/queue/heartbeat";
import { claimRun } from "@/lib/runs/run-owner";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { signedInUser } from "../support/session";
import { createUser, deleteUsers } from "../support/users";

const prefix = uniquePrefix("ops");
process.env.DATABASE_URL = TEST_DATABASE_URL;
process.env.REDIS_URL = TEST_REDIS_URL;
process.env.FAULTLINE_REDIS_PREFIX = prefix;

const redis = testRedis();
const db = createPrisma(TEST_DATABASE_URL);
const queue = createLabQueue(redis, prefix);
// The page gives each half 3 s; a loaded test machine may need longer, and that is not what is tested here.
const timeoutMs = 20_000;
const users: Viewer[] = [];
// Unique lab ids and error kind: the test database is shared with tests running beside this one.
const tag = randomUUID().slice(0, 8);
const slowLab = `ops-slow-${tag}`;
const slowerLab = `ops-slower-${tag}`;
const errorKind = `ops-kind-${tag}`;

beforeAll(async () => {
  await migrate(TEST_DATABASE_URL);
});

afterAll(async () => {
  await db.labRun.deleteMany({ where: { labId: { in: [slowLab, slowerLab] } } });
  await deleteUsers(db, users);
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
  await db.$disconnect();
});

describe("the operations snapshot", () => {
  it("reads the queue with BullMQ (counts, oldest waiting job) and the workers with their current runs", { timeout: 60_000 }, async () => {
    await queue.add("run", { kind: "run", runId: "job-first" }, { jobId: "job-first", timestamp: Date.now() - 30_000 });
    await queue.add("run", { kind: "run", runId: "job-second" }, { jobId: "job-second" });
    await beat(redis, prefix, "host-a-1", { pid: 111, concurrency: 2 });
    await beat(redis, prefix, "host-b-2", { pid: 222, concurrency: 1 });
    await claimRun(redis, prefix, "run-on-a", "host-a-1", 60_000);

    const snap = await operationsSnapshot({ db, redis, prefix, queue, timeoutMs });
    expect(snap.problems).toEqual([]);
    expect(snap.queue!.counts.waiting).toBe(2);
    expect(snap.queue!.oldestWaiting!.runId).toBe("job-first");
    expect(snap.queue!.oldestWaiting!.waitingSeconds).toBeGreaterThanOrEqual(29);
    const a = snap.workers!.find((w) => w.id === "host-a-1")!;
    expect(a).toMatchObject({ pid: 111, concurrency: 2, runIds: ["run-on-a"] });
    expect(a.lastBeatSecondsAgo).toBeLessThan(5);
    expect(snap.workers!.find((w) => w.id === "host-b-2")!.runIds).toEqual([]);
  });

  it("reads runs per minute, error runs with their reasons and the slowest labs from Postgres", { timeout: 60_000 }, async () => {
    const user = await createUser(db, "student", "ops");
    users.push(user);
    const now = Date.now();
    const run = (labId: string, status: "passed" | "failed" | "error", seconds: number, extra = {}) =>
      db.labRun.create({
        data: { userId: user.id, labId, taskId: "t", answer: {}, seed: 1, status, startedAt: new Date(now - seconds * 1000), finishedAt: new Date(now), ...extra },
      });
    await run(slowLab, "passed", 20_000);
    await run(slowLab, "failed", 20_000);
    await run(slowerLab, "error", 40_000, { errorKind, diagnosis: "The worker running your lab stopped unexpectedly." });

    const before = await operationsSnapshot({ db, redis, prefix, queue, timeoutMs });
    const runs = before.runs!;
    expect(runs.perMinute).toHaveLength(15);
    const thisMinute = runs.perMinute.at(-1)!;
    expect(thisMinute.passed).toBeGreaterThanOrEqual(1);
    expect(thisMinute.failed).toBeGreaterThanOrEqual(1);
    expect(thisMinute.error).toBeGreaterThanOrEqual(1);
    expect(runs.errorKinds.find((k) => k.errorKind === errorKind)).toEqual({ errorKind, count: 1 });
    expect(runs.recentErrors.some((r) => r.errorKind === errorKind && r.diagnosis.includes("stopped unexpectedly"))).toBe(true);
    // Hours-long runs outrank anything a real test run takes: these two lead, slowest first.
    expect(runs.slowestLabs.slice(0, 2).map((l) => [l.labId, l.runs, Math.round(l.p95Seconds)])).toEqual([
      [slowerLab, 1, 40_000],
      [slowLab, 2, 20_000],
    ]);
  });

  it("says which half failed and still answers the other", async () => {
    const dead = testRedis();
    dead.disconnect();
    const deadQueue = createLabQueue(dead, prefix);
    const snap = await operationsSnapshot({ db, redis: dead, prefix, queue: deadQueue, timeoutMs });
    await deadQueue.close().catch(() => undefined);
    expect(snap.queue).toBeNull();
    expect(snap.workers).toBeNull();
    expect(snap.runs).not.toBeNull();
    expect(snap.problems.join("\n")).toMatch(/^Redis \(queue\): /m);
  }, 60_000);
});

describe("GET /api/admin/operations", () => {
  async function as(role: "student" | "instructor" | "admin" | null): Promise<Response> {
    const { GET } = await import("@/app/api/admin/operations/route");
    const headers: Record<string, string> = {};
    if (role) {
      const session = await signedInUser(`ops-${role}`);
      await db.user.update({ where: { id: session.userId }, data: { role } });
      users.push({ id: session.userId, email: session.email, name: "", role });
      headers.cookie = session.cookie;
    }
    return GET(new Request("http://test/api/admin/operations", { headers }), undefined);
  }

  it("answers admins and refuses everyone else", async () => {
    expect((await as(null)).status).toBe(401);
    for (const role of ["student", "instructor"] as const) {
      const refused = await as(role);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: string }).error).toMatch(/Only admins/);
    }
    const ok = await as("admin");
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { queue: { counts: Record<string, number> }; runs: { perMinute: unknown[] } };
    expect(body.queue.counts).toHaveProperty("waiting");
    expect(body.runs.perMinute).toHaveLength(15);
  }, 60_000);
});
