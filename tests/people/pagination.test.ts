/**
 * Gradebooks and dashboards come in pages of 50 (`?page=`): page 2 holds the rest, pages
 * never overlap, and a gradebook's pass rates still cover the whole cohort.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import type { LabsManifest } from "@/lib/catalogue";
import { createCohort } from "@/lib/people/cohorts";
import { buildGradebook, gradebookCsv } from "@/lib/people/gradebook";
import { parsePage } from "@/lib/people/paging";
import { dashboard } from "@/lib/people/progress";
import { TEST_DATABASE_URL } from "../support/services";
import { createUser, deleteUsers } from "../support/users";

const db = createPrisma(TEST_DATABASE_URL);
const task = (id: string) => ({ id, kind: "configure" as const, title: id, statement: "", answerSchema: {}, starter: {}, timeLimitMs: 1000 });
const manifest: LabsManifest = { version: 1, labs: [{ id: "token-bucket", title: "Token bucket", summary: "", chapter: "resilient-apis", tasks: [task("configure")] }] };
const chapters = [{ slug: "resilient-apis", title: "Resilient APIs", labs: ["token-bucket"] }];
let teacher: Viewer, runner: Viewer;
const studentIds: string[] = [];

beforeAll(async () => {
  [teacher, runner] = await Promise.all([createUser(db, "instructor", "pager"), createUser(db, "student", "runner")]);
  const tag = randomUUID().slice(0, 6);
  // 55 students named so the order is known: s00 … s54.
  const rows = Array.from({ length: 55 }, (_, i) => ({ id: randomUUID(), email: `page-${tag}-${i}@test.faultline.local`, name: `s${String(i).padStart(2, "0")} ${tag}`, role: "student" as const }));
  await db.user.createMany({ data: rows });
  studentIds.push(...rows.map((r) => r.id));
  // 53 runs for one student, a second apart, so newest-first order is known.
  await db.labRun.createMany({
    data: Array.from({ length: 53 }, (_, i) => ({ userId: runner.id, labId: "token-bucket", taskId: "configure", answer: {}, seed: i + 1, status: "failed" as const, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) })),
  });
});

afterAll(async () => {
  await db.user.deleteMany({ where: { id: { in: studentIds } } });
  await deleteUsers(db, [teacher, runner]);
  await db.$disconnect();
});

describe("gradebook pages", () => {
  it("shows 50 students on page 1 and the other 5 on page 2; pass rates and the CSV cover everyone", async () => {
    const cohort = await createCohort(db, teacher, "Big class");
    await db.cohortMember.createMany({ data: studentIds.map((userId) => ({ cohortId: cohort.id, userId })) });
    // Only the last student (on page 2) passed.
    await db.labRun.create({ data: { userId: studentIds[54]!, labId: "token-bucket", taskId: "configure", answer: {}, seed: 1, status: "passed" } });

    const one = await buildGradebook(db, cohort, manifest, 1);
    const two = await buildGradebook(db, cohort, manifest, 2);
    expect(one.students).toHaveLength(50);
    expect(two.students).toHaveLength(5);
    expect(one.studentPage).toEqual({ page: 1, pages: 2, total: 55, size: 50 });
    expect(two.studentPage).toMatchObject({ page: 2, pages: 2, total: 55 });
    const ids = [...one.students, ...two.students].map((s) => s.id);
    expect(new Set(ids).size).toBe(55);
    expect(ids.sort()).toEqual([...studentIds].sort());
    expect(two.students.map((s) => s.name.slice(0, 3))).toEqual(["s50", "s51", "s52", "s53", "s54"]);
    // The pass rate is the cohort's, whichever page is shown.
    expect(one.tasks[0]!.passRate).toBeCloseTo(1 / 55);
    expect(two.students.at(-1)!.cells["token-bucket/configure"]).toMatchObject({ passed: true });
    // A page past the end shows the last one; the export has every student.
    expect((await buildGradebook(db, cohort, manifest, 9)).studentPage.page).toBe(2);
    const csv = gradebookCsv(await buildGradebook(db, cohort, manifest));
    expect(csv.trim().split("\r\n")).toHaveLength(1 + 55);
  });
});

describe("dashboard pages", () => {
  it("lists a student's newest 50 runs on page 1 and the 3 oldest on page 2", async () => {
    const one = await dashboard(db, runner.id, chapters, manifest, 1);
    const two = await dashboard(db, runner.id, chapters, manifest, 2);
    expect(one.recentRuns).toHaveLength(50);
    expect(two.recentRuns).toHaveLength(3);
    expect(one.runPage).toEqual({ page: 1, pages: 2, total: 53, size: 50 });
    expect(two.recentRuns.map((r) => r.createdAt.getUTCSeconds())).toEqual([2, 1, 0]);
    expect(new Set([...one.recentRuns, ...two.recentRuns].map((r) => r.id)).size).toBe(53);
    // Progress counts every run, not just the page's.
    expect(two.chapters[0]!.tasks[0]!.attempts).toBe(53);
  });

  it("reads ?page= as a positive integer, else page 1", () => {
    expect([parsePage("2"), parsePage(null), parsePage("0"), parsePage("-1"), parsePage("1.5"), parsePage("abc"), parsePage(["3", "4"])]).toEqual([2, 1, 1, 1, 1, 1, 3]);
  });
});
