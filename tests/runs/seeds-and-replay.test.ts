/**
 * Seeds belong to the server: a student's `seed` is refused, every run gets a server-picked
 * seed; an instructor who can see a run replays it with the stored seed (marked as a replay,
 * never counted); a student cannot replay. Real routes, Postgres and Redis; no worker needed
 * (runs stay queued).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import type { Viewer } from "@/lib/auth/viewer";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { signedInUser, type TestSession } from "../support/session";
import { writeFixtureManifest } from "./support";

const prefix = uniquePrefix("seeds");
process.env.DATABASE_URL = TEST_DATABASE_URL;
process.env.REDIS_URL = TEST_REDIS_URL;
process.env.FAULTLINE_REDIS_PREFIX = prefix;
// No worker here, so runs stay queued: the active-run cap (per-user-limits.test.ts) is off.
process.env.FAULTLINE_MAX_ACTIVE_RUNS = "0";

const redis = testRedis();
let student: TestSession, teacher: TestSession, otherTeacher: TestSession;
let routes: {
  submit: typeof import("@/app/api/runs/route").POST;
  get: typeof import("@/app/api/runs/[id]/route").GET;
  replay: typeof import("@/app/api/runs/[id]/replay/route").POST;
};
let db: import("@/lib/db/client").Db;

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const guess = { labId: "pipeline-echo", taskId: "guess", answer: { value: 7, mode: "steady", durationMs: 0 } };
// Each request its own client address, so the per-client submit limit never interferes.
let ip = 0;
const headers = (who: TestSession) => ({ "content-type": "application/json", cookie: who.cookie, "x-forwarded-for": `10.44.0.${++ip}` });

const submit = (who: TestSession, body: unknown) =>
  routes.submit(new Request("http://test/api/runs", { method: "POST", headers: headers(who), body: JSON.stringify(body) }));
const replay = (who: TestSession | null, id: string) =>
  routes.replay(new Request(`http://test/api/runs/${id}/replay`, { method: "POST", headers: who ? headers(who) : {} }), params(id));

beforeAll(async () => {
  await migrate(TEST_DATABASE_URL);
  process.env.FAULTLINE_LABS_MANIFEST = (await writeFixtureManifest()).path;
  [student, teacher, otherTeacher] = await Promise.all([signedInUser("seed-student"), signedInUser("seed-teacher"), signedInUser("seed-other")]);
  routes = {
    submit: (await import("@/app/api/runs/route")).POST,
    get: (await import("@/app/api/runs/[id]/route")).GET,
    replay: (await import("@/app/api/runs/[id]/replay/route")).POST,
  };
  db = (await import("@/lib/runs/services")).runServices().db;
  await db.user.updateMany({ where: { id: { in: [teacher.userId, otherTeacher.userId] } }, data: { role: "instructor" } });
  const { createCohort, joinCohort } = await import("@/lib/people/cohorts");
  const asViewer = (s: TestSession, role: Viewer["role"]): Viewer => ({ id: s.userId, email: s.email, name: "x", role });
  const cohort = await createCohort(db, asViewer(teacher, "instructor"), "Seeds class");
  await joinCohort(db, asViewer(student, "student"), cohort.joinCode);
});

afterAll(async () => {
  const { runServices } = await import("@/lib/runs/services");
  const services = runServices();
  await db.user.deleteMany({ where: { id: { in: [student, teacher, otherTeacher].map((s) => s.userId) } } });
  await services.queue.close();
  await deleteKeys(redis, prefix);
  services.redis.disconnect();
  await services.db.$disconnect();
  redis.disconnect();
});

async function storedSeed(id: string): Promise<number> {
  return (await db.labRun.findUniqueOrThrow({ where: { id } })).seed;
}

describe("seeds belong to the server", () => {
  it("refuses a student's seed with a 400 that says the server chooses it, and stores no run", async () => {
    const before = await db.labRun.count({ where: { userId: student.userId } });
    for (const seed of [7, 7, 0, "7"]) {
      const res = await submit(student, { ...guess, seed });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/Seeds are chosen by the server/);
    }
    expect(await db.labRun.count({ where: { userId: student.userId } })).toBe(before);
  });

  it("gives every run a fresh server-picked seed and stores it", async () => {
    const seeds: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await submit(student, guess);
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      seeds.push(await storedSeed(id));
    }
    expect(new Set(seeds).size).toBe(3);
    for (const seed of seeds) expect(seed).toBeGreaterThan(0);
  });
});

describe("instructor replay", () => {
  let original = "";

  beforeAll(async () => {
    original = ((await (await submit(student, guess)).json()) as { id: string }).id;
  });

  it("replays a student's run with the stored lab, task, answer and seed, marked as a replay", async () => {
    const res = await replay(teacher, original);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; replayOf: string };
    expect(body.replayOf).toBe(original);
    const [orig, copy] = await Promise.all([
      db.labRun.findUniqueOrThrow({ where: { id: original } }),
      db.labRun.findUniqueOrThrow({ where: { id: body.id } }),
    ]);
    expect(copy).toMatchObject({ labId: orig.labId, taskId: orig.taskId, answer: orig.answer, seed: orig.seed, replayOfId: original, userId: teacher.userId, status: "queued" });
    // The instructor sees it as a replay (practice), never a counted attempt.
    const view = (await (await routes.get(new Request(`http://test/api/runs/${body.id}`, { headers: { cookie: teacher.cookie } }), params(body.id))).json()) as Record<string, unknown>;
    expect(view).toMatchObject({ replayOf: original, seed: orig.seed, practice: { why: "replay", replayOf: original } });
  });

  it("refuses the student who owns the run (403) and anyone who cannot see it (404, 401)", async () => {
    const own = await replay(student, original);
    expect(own.status).toBe(403);
    expect(((await own.json()) as { error: string }).error).toMatch(/Only instructors can replay/);
    const other = await replay(otherTeacher, original);
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ error: "No such run." });
    expect((await replay(null, original)).status).toBe(401);
    expect((await replay(teacher, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect(await db.labRun.count({ where: { replayOfId: original } })).toBe(1);
  });

  it("a replay never counts for the instructor's progress", async () => {
    const { gradedRuns } = await import("@/lib/people/progress");
    const copy = await db.labRun.findFirstOrThrow({ where: { replayOfId: original } });
    await db.labRun.update({ where: { id: copy.id }, data: { status: "passed", finishedAt: new Date() } });
    expect((await gradedRuns(db, [teacher.userId])).map((r) => r.id)).not.toContain(copy.id);
  });
});
