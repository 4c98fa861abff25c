/**
 * Instructors rotate a cohort's join code (the old one stops working) and remove a member
 * (their runs are no longer visible to that instructor; they can rejoin with the new code);
 * joining is rate limited per user. Real rows in the test database, real routes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/viewer";
import { migrate } from "@/lib/db/migrate";
import { removeMember, rotateJoinCode } from "@/lib/people/cohort-admin";
import { createCohort, joinCohort } from "@/lib/people/cohorts";
import { canViewRun } from "@/lib/people/run-access";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { signedInUser, type TestSession } from "../support/session";
import { addRun, createUser, deleteUsers } from "../support/users";

const prefix = uniquePrefix("cohort-admin");
process.env.DATABASE_URL = TEST_DATABASE_URL;
process.env.REDIS_URL = TEST_REDIS_URL;
process.env.FAULTLINE_REDIS_PREFIX = prefix;

const redis = testRedis();
let db: import("@/lib/db/client").Db;
let teacher: Viewer, otherTeacher: Viewer, student: Viewer, newcomer: Viewer;

beforeAll(async () => {
  await migrate(TEST_DATABASE_URL);
  db = (await import("@/lib/db/client")).prisma();
  [teacher, otherTeacher, student, newcomer] = await Promise.all([
    createUser(db, "instructor", "rotator"),
    createUser(db, "instructor", "other"),
    createUser(db, "student", "member"),
    createUser(db, "student", "newcomer"),
  ]);
});

afterAll(async () => {
  await deleteUsers(db, [teacher, otherTeacher, student, newcomer]);
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe("rotating a join code", () => {
  it("gives a new code; the old one stops working and the new one works", async () => {
    const cohort = await createCohort(db, teacher, "Rotating class");
    await joinCohort(db, student, cohort.joinCode);
    const { joinCode } = await rotateJoinCode(db, teacher, cohort.id);
    expect(joinCode).not.toBe(cohort.joinCode);
    expect(joinCode).toMatch(/^[A-Z2-9]{8}$/);
    await expect(joinCohort(db, newcomer, cohort.joinCode)).rejects.toMatchObject({ status: 404 });
    await expect(joinCohort(db, newcomer, joinCode)).resolves.toMatchObject({ id: cohort.id });
    // Members stay members.
    expect(await db.cohortMember.count({ where: { cohortId: cohort.id } })).toBe(2);
  });

  it("is only for the cohort's own instructor", async () => {
    const cohort = await createCohort(db, teacher, "Not yours");
    for (const who of [otherTeacher, student, null]) {
      await expect(rotateJoinCode(db, who, cohort.id)).rejects.toMatchObject({ status: who ? 404 : 401 });
    }
    expect((await db.cohort.findUniqueOrThrow({ where: { id: cohort.id } })).joinCode).toBe(cohort.joinCode);
  });
});

describe("removing a member", () => {
  it("hides the student's runs from the instructor; the student can rejoin with the new code", async () => {
    // A student in no other cohort of this teacher's (membership anywhere would keep the access).
    const student = await createUser(db, "student", "removed");
    const cohort = await createCohort(db, teacher, "Removal class");
    await joinCohort(db, student, cohort.joinCode);
    const run = await addRun(db, student.id, "token-bucket", "configure", "passed");
    expect(await canViewRun(db, teacher, run)).toBe(true);

    await removeMember(db, teacher, cohort.id, student.id);
    expect(await canViewRun(db, teacher, run)).toBe(false);
    expect(await canViewRun(db, student, run)).toBe(true);
    await expect(removeMember(db, teacher, cohort.id, student.id)).rejects.toMatchObject({ status: 404 });

    const { joinCode } = await rotateJoinCode(db, teacher, cohort.id);
    await joinCohort(db, student, joinCode);
    expect(await canViewRun(db, teacher, run)).toBe(true);
    await deleteUsers(db, [student]);
  });

  it("is only for the cohort's own instructor", async () => {
    const cohort = await createCohort(db, teacher, "Keep me");
    await joinCohort(db, student, cohort.joinCode);
    for (const who of [otherTeacher, student]) {
      await expect(removeMember(db, who, cohort.id, student.id)).rejects.toMatchObject({ status: 404 });
    }
    expect(await db.cohortMember.count({ where: { cohortId: cohort.id, userId: student.id } })).toBe(1);
  });
});

describe("the cohort routes", () => {
  let teacherSession: TestSession, studentSession: TestSession, otherSession: TestSession;
  let routes: {
    join: typeof import("@/app/api/cohorts/join/route").POST;
    rotate: typeof import("@/app/api/cohorts/[id]/join-code/route").POST;
    remove: typeof import("@/app/api/cohorts/[id]/members/[userId]/route").DELETE;
  };
  const json = (session: TestSession, body?: unknown, method = "POST") => ({
    method,
    headers: { "content-type": "application/json", cookie: session.cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  beforeAll(async () => {
    [teacherSession, studentSession, otherSession] = await Promise.all([signedInUser("route-teacher"), signedInUser("route-student"), signedInUser("route-other")]);
    await db.user.update({ where: { id: teacherSession.userId }, data: { role: "instructor" } });
    routes = {
      join: (await import("@/app/api/cohorts/join/route")).POST,
      rotate: (await import("@/app/api/cohorts/[id]/join-code/route")).POST,
      remove: (await import("@/app/api/cohorts/[id]/members/[userId]/route")).DELETE,
    };
  });

  afterAll(async () => {
    await db.user.deleteMany({ where: { id: { in: [teacherSession, studentSession, otherSession].map((s) => s.userId) } } });
    const { runServices } = await import("@/lib/runs/services");
    const services = runServices();
    await services.queue.close();
    services.redis.disconnect();
  });

  it("rotate and remove answer the instructor, 404 anyone else", async () => {
    const cohort = await createCohort(db, { id: teacherSession.userId, email: teacherSession.email, name: "t", role: "instructor" }, "Routed class");
    const joined = await routes.join(new Request("http://test/api/cohorts/join", json(studentSession, { code: cohort.joinCode })), {});
    expect(joined.status).toBe(200);
    const ctx = { params: Promise.resolve({ id: cohort.id }) };
    expect((await routes.rotate(new Request("http://test", json(studentSession)), ctx)).status).toBe(404);
    const rotated = await routes.rotate(new Request("http://test", json(teacherSession)), { params: Promise.resolve({ id: cohort.id }) });
    expect(rotated.status).toBe(200);
    expect(((await rotated.json()) as { joinCode: string }).joinCode).not.toBe(cohort.joinCode);
    const member = { params: Promise.resolve({ id: cohort.id, userId: studentSession.userId }) };
    expect((await routes.remove(new Request("http://test", json(studentSession, undefined, "DELETE")), member)).status).toBe(404);
    const removed = await routes.remove(new Request("http://test", json(teacherSession, undefined, "DELETE")), { params: Promise.resolve({ id: cohort.id, userId: studentSession.userId }) });
    expect(removed.status).toBe(200);
    expect(await db.cohortMember.count({ where: { cohortId: cohort.id } })).toBe(0);
  });

  it("limits join attempts per user: after the burst even the right code waits", async () => {
    process.env.FAULTLINE_JOIN_BURST = "3";
    try {
      const cohort = await createCohort(db, { id: teacherSession.userId, email: teacherSession.email, name: "t", role: "instructor" }, "Guarded class");
      const join = (who: TestSession, code: string) => routes.join(new Request("http://test/api/cohorts/join", json(who, { code })), {});
      const statuses = [];
      for (const code of ["AAAAAAAA", "BBBBBBBB", "CCCCCCCC", cohort.joinCode]) statuses.push((await join(otherSession, code)).status);
      expect(statuses).toEqual([404, 404, 404, 429]);
      const refused = await join(otherSession, cohort.joinCode);
      const wait = /Too many join attempts\. Wait (\d+) s/.exec(((await refused.json()) as { error: string }).error);
      // The bucket refills one try every 20 s: the wait names when the next one is back.
      expect(Number(wait?.[1])).toBeGreaterThanOrEqual(1);
      expect(Number(wait?.[1])).toBeLessThanOrEqual(20);
      // Another user is not affected.
      expect((await join(studentSession, cohort.joinCode)).status).toBe(200);
    } finally {
      delete process.env.FAULTLINE_JOIN_BURST;
    }
  });
});
