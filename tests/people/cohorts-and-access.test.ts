/** Cohorts, run visibility and roles, for each role and for anonymous — on the real database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { cohortForInstructor, createCohort, joinCohort } from "@/lib/people/cohorts";
import { canViewRun } from "@/lib/people/run-access";
import { setRole, listUsers } from "@/lib/people/roles";
import { TEST_DATABASE_URL } from "../support/services";
import { addRun, createUser, deleteUsers } from "../support/users";

const db = createPrisma(TEST_DATABASE_URL);
let admin: Viewer, teacher: Viewer, otherTeacher: Viewer, alice: Viewer, bob: Viewer, loner: Viewer;

beforeAll(async () => {
  [admin, teacher, otherTeacher, alice, bob, loner] = await Promise.all([
    createUser(db, "admin"),
    createUser(db, "instructor", "teacher"),
    createUser(db, "instructor", "other-teacher"),
    createUser(db, "student", "alice"),
    createUser(db, "student", "bob"),
    createUser(db, "student", "loner"),
  ]);
});
afterAll(async () => {
  await deleteUsers(db, [admin, teacher, otherTeacher, alice, bob, loner]);
  await db.$disconnect();
});

describe("cohorts", () => {
  it("only instructors and admins create cohorts; anonymous must sign in", async () => {
    await expect(createCohort(db, null, "Class")).rejects.toMatchObject({ status: 401 });
    await expect(createCohort(db, alice, "Class")).rejects.toMatchObject({ status: 403 });
    await expect(createCohort(db, teacher, "x")).rejects.toMatchObject({ status: 400, message: /at least 2 characters/ });
    const cohort = await createCohort(db, teacher, "Distributed Systems, Fall");
    expect(cohort.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect((await createCohort(db, admin, "Admin's class")).instructorId).toBe(admin.id);
  });

  it("students join with the code (any case, spaces); a wrong code says what to do", async () => {
    const cohort = await createCohort(db, teacher, "Join test");
    await expect(joinCohort(db, null, cohort.joinCode)).rejects.toMatchObject({ status: 401 });
    await expect(joinCohort(db, alice, "NOPE2345")).rejects.toMatchObject({ status: 404, message: /check it with your instructor/ });
    await expect(joinCohort(db, alice, "!!")).rejects.toMatchObject({ status: 400 });
    const spaced = `${cohort.joinCode.slice(0, 4).toLowerCase()} ${cohort.joinCode.slice(4)}`;
    expect(await joinCohort(db, alice, spaced)).toEqual({ id: cohort.id, name: "Join test" });
    // Joining twice is harmless.
    await joinCohort(db, alice, cohort.joinCode);
    expect(await db.cohortMember.count({ where: { cohortId: cohort.id } })).toBe(1);
  });

  it("a cohort is visible to its instructor only; others get 404", async () => {
    const cohort = await createCohort(db, teacher, "Private");
    expect((await cohortForInstructor(db, teacher, cohort.id)).id).toBe(cohort.id);
    for (const viewer of [otherTeacher, alice, admin]) {
      await expect(cohortForInstructor(db, viewer, cohort.id)).rejects.toMatchObject({ status: 404 });
    }
    await expect(cohortForInstructor(db, null, cohort.id)).rejects.toMatchObject({ status: 401 });
    await expect(cohortForInstructor(db, teacher, "not-a-uuid")).rejects.toMatchObject({ status: 404 });
  });
});

describe("who can see a run", () => {
  it("the owner and the instructors of the owner's cohorts — nobody else", async () => {
    const cohort = await createCohort(db, teacher, "Runs");
    await joinCohort(db, bob, cohort.joinCode);
    const run = await addRun(db, bob.id, "quorum", "configure-wr", "failed", "stale read");
    expect(await canViewRun(db, bob, run)).toBe(true);
    expect(await canViewRun(db, teacher, run)).toBe(true);
    expect(await canViewRun(db, otherTeacher, run)).toBe(false);
    expect(await canViewRun(db, alice, run)).toBe(false);
    expect(await canViewRun(db, loner, run)).toBe(false);
    expect(await canViewRun(db, admin, run)).toBe(false);
    expect(await canViewRun(db, null, run)).toBe(false);
    // A run without an owner (e.g. an instructor's CLI test) is nobody's to browse.
    expect(await canViewRun(db, teacher, { userId: null })).toBe(false);
  });
});

describe("roles", () => {
  it("admins promote; instructors, students and anonymous cannot", async () => {
    await expect(setRole(db, null, loner.email, "instructor")).rejects.toMatchObject({ status: 401 });
    await expect(setRole(db, alice, loner.email, "instructor")).rejects.toMatchObject({ status: 403 });
    await expect(setRole(db, teacher, loner.email, "instructor")).rejects.toMatchObject({ status: 403 });
    await expect(setRole(db, admin, loner.email, "overlord")).rejects.toMatchObject({ status: 400 });
    await expect(setRole(db, admin, "nobody@nowhere.test", "instructor")).rejects.toMatchObject({ status: 404 });
    expect(await setRole(db, admin, loner.email.toUpperCase(), "instructor")).toMatchObject({ role: "instructor" });
    await expect(setRole(db, admin, admin.email, "student")).rejects.toMatchObject({ status: 400, message: /own admin role/ });
    await setRole(db, "operator", loner.email, "student");
    expect((await db.user.findUnique({ where: { id: loner.id } }))!.role).toBe("student");
  });

  it("only admins list users", async () => {
    await expect(listUsers(db, teacher)).rejects.toMatchObject({ status: 403 });
    expect((await listUsers(db, admin)).some((u) => u.id === alice.id)).toBe(true);
  });
});
