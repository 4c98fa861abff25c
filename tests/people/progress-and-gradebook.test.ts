/** Progress and the gradebook come from real runs; errors never count as attempts. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import type { LabsManifest } from "@/lib/catalogue";
import { createCohort, joinCohort } from "@/lib/people/cohorts";
import { buildGradebook, gradebookCsv, CSV_HEADER } from "@/lib/people/gradebook";
import { dashboard, markChapterRead } from "@/lib/people/progress";
import { TEST_DATABASE_URL } from "../support/services";
import { addRun, createUser, deleteUsers } from "../support/users";

const db = createPrisma(TEST_DATABASE_URL);
const task = (id: string) => ({ id, kind: "configure" as const, title: id, statement: "", answerSchema: {}, starter: {}, timeLimitMs: 1000 });
const manifest: LabsManifest = {
  version: 1,
  labs: [
    { id: "quorum", title: "Quorum", summary: "", chapter: "consistency-models", tasks: [task("configure-wr"), task("stale-read")] },
    { id: "token-bucket", title: "Token bucket", summary: "", chapter: "resilient-apis", tasks: [task("configure")] },
  ],
};
const chapters = [
  { slug: "consistency-models", title: "Consistency", labs: ["quorum"] },
  { slug: "resilient-apis", title: "Resilient APIs", labs: ["token-bucket"] },
];
let teacher: Viewer, ann: Viewer, ben: Viewer, outsider: Viewer;
const t = (s: number) => new Date(Date.UTC(2026, 10, 1, 0, 0, s));

beforeAll(async () => {
  [teacher, ann, ben, outsider] = await Promise.all([createUser(db, "instructor", "teacher"), createUser(db, "student", "ann"), createUser(db, "student", "ben"), createUser(db, "student", "outsider")]);
  await addRun(db, ann.id, "quorum", "configure-wr", "failed", "Stale read: get(x) returned 1 after put(x, 2) was acknowledged.", t(1));
  await addRun(db, ann.id, "quorum", "configure-wr", "error", "The run timed out.", t(2));
  await addRun(db, ann.id, "quorum", "configure-wr", "passed", "Every read saw the latest write.", t(3));
  await addRun(db, ben.id, "quorum", "configure-wr", "failed", "Stale read: get(x) returned 1 after put(x, 2) was acknowledged.", t(4));
  await addRun(db, ben.id, "quorum", "configure-wr", "failed", "Writes were unavailable while a replica was down.", t(5));
  await addRun(db, outsider.id, "quorum", "configure-wr", "failed", "Outsider diagnosis", t(6));
});
afterAll(async () => {
  await deleteUsers(db, [teacher, ann, ben, outsider]);
  await db.$disconnect();
});

describe("a student's dashboard", () => {
  it("counts attempts without errors, keeps the best result and the last diagnosis, and says what is next", async () => {
    const before = await dashboard(db, ann.id, chapters, manifest);
    expect(before.next).toEqual({ label: "Read “Consistency”", href: "/chapters/consistency-models" });
    await markChapterRead(db, ann.id, "consistency-models");
    await markChapterRead(db, ann.id, "consistency-models");
    const d = await dashboard(db, ann.id, chapters, manifest);
    const consistency = d.chapters[0]!;
    expect(consistency.read).toBe(true);
    const wr = consistency.tasks.find((x) => x.taskId === "configure-wr")!;
    expect(wr).toMatchObject({ attempts: 2, passed: true, best: "passed", lastDiagnosis: "Every read saw the latest write." });
    expect(consistency.tasksPassed).toBe(1);
    expect(d.next).toEqual({ label: "Quorum: stale-read", href: "/chapters/consistency-models#lab-quorum" });
    expect(d.recentRuns.map((r) => r.status)).toEqual(["passed", "error", "failed"]);
  });
});

describe("the gradebook", () => {
  it("shows only the cohort's students, pass rates and the most common failures", async () => {
    const cohort = await createCohort(db, teacher, "Gradebook class");
    await joinCohort(db, ann, cohort.joinCode);
    await joinCohort(db, ben, cohort.joinCode);
    const book = await buildGradebook(db, cohort, manifest);
    expect(book.students.map((s) => s.id).sort()).toEqual([ann.id, ben.id].sort());
    const wr = book.tasks.find((x) => x.key === "quorum/configure-wr")!;
    expect(wr.passRate).toBe(0.5);
    expect(wr.commonFailures).toEqual([
      { diagnosis: "Stale read: get(x) returned 1 after put(x, 2) was acknowledged.", count: 2 },
      { diagnosis: "Writes were unavailable while a replica was down.", count: 1 },
    ]);
    const benCell = book.students.find((s) => s.id === ben.id)!.cells["quorum/configure-wr"];
    expect(benCell).toMatchObject({ attempts: 2, passed: false, lastDiagnosis: "Writes were unavailable while a replica was down." });

    const csv = gradebookCsv(book).trim().split("\r\n");
    expect(csv[0]).toBe(CSV_HEADER.map((h) => `"${h}"`).join(","));
    expect(csv).toHaveLength(1 + 2 * 3);
    const benRow = csv.find((line) => line.includes(ben.email) && line.includes('"configure-wr"'));
    expect(benRow).toBe(`"${ben.name}","${ben.email}","quorum","configure-wr","2","no","Writes were unavailable while a replica was down.","0.50","0"`);
    expect(csv.join("\n")).not.toContain("Outsider");
  });

  it("defuses spreadsheet formulas in names", async () => {
    const cohort = await createCohort(db, teacher, "Formula class");
    const evil = await createUser(db, "student", "evil");
    await db.user.update({ where: { id: evil.id }, data: { name: '=HYPERLINK("http://x")' } });
    await joinCohort(db, evil, cohort.joinCode);
    const csv = gradebookCsv(await buildGradebook(db, cohort, manifest));
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    await deleteUsers(db, [evil]);
  });
});
