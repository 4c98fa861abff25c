/**
 * Small security fixes in lib/people and sign-in: CSV cells that a spreadsheet would run as a
 * formula (also after a leading tab or CR), `?next=` that may only stay on this site, and a
 * demoted instructor who loses their cohorts and their students' runs at once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { safeNext } from "@/lib/auth/safe-next";
import { cohortForInstructor, createCohort, joinCohort } from "@/lib/people/cohorts";
import { gradebookCsv, type Gradebook } from "@/lib/people/gradebook";
import { setRole } from "@/lib/people/roles";
import { canViewRun } from "@/lib/people/run-access";
import { TEST_DATABASE_URL } from "../support/services";
import { addRun, createUser, deleteUsers } from "../support/users";

describe("gradebook CSV", () => {
  it("defuses formulas behind a leading =, +, -, @, tab or CR", () => {
    const names = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "\r=HYPERLINK(\"http://x\")", "Ada"];
    const book: Gradebook = {
      cohort: { id: "c", name: "C", joinCode: "ABCDEFGH" },
      tasks: [{ key: "l/t", labId: "l", taskId: "t", title: "T", passRate: 0, commonFailures: [] }],
      students: names.map((name, i) => ({ id: String(i), name, email: `s${i}@x`, cells: {} })),
      studentPage: { page: 1, pages: 1, total: names.length, size: 50 },
    };
    const rows = gradebookCsv(book).split("\r\n").slice(1, -1);
    const firstCells = rows.map((r) => r.slice(0, r.indexOf('",') + 1));
    expect(firstCells).toEqual(['"\'=1+1"', '"\'+1"', '"\'-1"', '"\'@SUM(A1)"', '"\'\t=cmd|\' /C calc\'!A0"', '"\'\r=HYPERLINK(""http://x"")"', '"Ada"']);
  });
});

describe("?next= after sign-in", () => {
  it("keeps same-origin paths", () => {
    expect(safeNext("/chapters/core-concepts?x=1#top")).toBe("/chapters/core-concepts?x=1#top");
    expect(safeNext("/runs/abc")).toBe("/runs/abc");
  });
  it("refuses anything that can leave the site", () => {
    for (const evil of ["//evil.com", "/\\evil.com", "/\\/evil.com", "https://evil.com", "\\\\evil.com", "/\t/evil.com", "/\n/evil.com", "javascript:alert(1)", "evil.com", "", null]) {
      expect(safeNext(evil), JSON.stringify(evil)).toBe("/dashboard");
    }
  });
});

describe("a demoted instructor", () => {
  const db = createPrisma(TEST_DATABASE_URL);
  let teacher: Viewer, student: Viewer;
  beforeAll(async () => {
    [teacher, student] = await Promise.all([createUser(db, "instructor", "demoted"), createUser(db, "student", "taught")]);
  });
  afterAll(async () => {
    await deleteUsers(db, [teacher, student]);
    await db.$disconnect();
  });

  it("loses the cohort and its students' runs", async () => {
    const cohort = await createCohort(db, teacher, "Soon gone");
    await joinCohort(db, student, cohort.joinCode);
    const run = await addRun(db, student.id, "token-bucket", "configure", "passed");
    expect((await cohortForInstructor(db, teacher, cohort.id)).id).toBe(cohort.id);
    expect(await canViewRun(db, teacher, run)).toBe(true);

    await setRole(db, "operator", teacher.email, "student");
    const demoted: Viewer = { ...teacher, role: "student" }; // as viewerFrom reads it on the next request
    await expect(cohortForInstructor(db, demoted, cohort.id)).rejects.toMatchObject({ status: 404 });
    expect(await canViewRun(db, demoted, run)).toBe(false);
    expect(await canViewRun(db, student, run)).toBe(true);
  });
});
