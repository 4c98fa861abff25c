/**
 * A predict task counts the student's FIRST graded prediction only (errors never count; later
 * runs are practice), in the dashboard, the gradebook, its CSV and the run's own label.
 * Real rows in the test database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import type { LabsManifest } from "@/lib/catalogue";
import { createCohort, joinCohort } from "@/lib/people/cohorts";
import { buildGradebook, gradebookCsv } from "@/lib/people/gradebook";
import { dashboard } from "@/lib/people/progress";
import { practiceOf } from "@/lib/people/run-standing";
import { TEST_DATABASE_URL } from "../support/services";
import { createUser, deleteUsers } from "../support/users";

const db = createPrisma(TEST_DATABASE_URL);
const task = (id: string, kind: "configure" | "predict") => ({ id, kind, title: id, statement: "", answerSchema: {}, starter: {}, timeLimitMs: 1000 });
const manifest: LabsManifest = {
  version: 1,
  labs: [{ id: "quorum", title: "Quorum", summary: "", chapter: "consistency-models", tasks: [task("predict", "predict"), task("configure-wr", "configure")] }],
};
const chapters = [{ slug: "consistency-models", title: "Consistency", labs: ["quorum"] }];
const t = (s: number) => new Date(Date.UTC(2026, 10, 2, 0, 0, s));
let teacher: Viewer, failFirst: Viewer, passFirst: Viewer;

/** A graded run; `finished` is when it was graded (what "first" means). */
async function run(user: Viewer, taskId: string, status: "passed" | "failed" | "error", finished: number, diagnosis = `${status} at ${finished}`) {
  return db.labRun.create({ data: { userId: user.id, labId: "quorum", taskId, answer: {}, seed: 1, status, diagnosis, createdAt: t(finished - 1), finishedAt: t(finished) } });
}

let practiceRunId = "", countedRunId = "";

beforeAll(async () => {
  [teacher, failFirst, passFirst] = await Promise.all([createUser(db, "instructor", "teacher"), createUser(db, "student", "fail-first"), createUser(db, "student", "pass-first")]);
  // An error first: never a prediction. Then a failed prediction (counts), then passes (practice).
  await run(failFirst, "predict", "error", 10);
  countedRunId = (await run(failFirst, "predict", "failed", 20, "Your prediction was not what happened.")).id;
  practiceRunId = (await run(failFirst, "predict", "passed", 30)).id;
  await run(failFirst, "predict", "passed", 40);
  // A pass first, then a failure: stays passed.
  await run(passFirst, "predict", "passed", 15, "You predicted it.");
  await run(passFirst, "predict", "failed", 25, "Practice failure");
  // A configure task still counts every attempt.
  await run(failFirst, "configure-wr", "failed", 50);
  await run(failFirst, "configure-wr", "passed", 60);
  // A replay of a passing prediction never counts for its instructor.
  await db.labRun.create({ data: { userId: teacher.id, labId: "quorum", taskId: "predict", answer: {}, seed: 1, status: "passed", replayOfId: countedRunId, finishedAt: t(70) } });
});
afterAll(async () => {
  await deleteUsers(db, [teacher, failFirst, passFirst]);
  await db.$disconnect();
});

describe("predict counts once", () => {
  it("a pass after a failed prediction stays failed; later runs are practice", async () => {
    const d = await dashboard(db, failFirst.id, chapters, manifest);
    const predict = d.chapters[0]!.tasks.find((x) => x.taskId === "predict")!;
    expect(predict).toMatchObject({ attempts: 1, passed: false, best: "failed", lastRunId: countedRunId, lastDiagnosis: "Your prediction was not what happened.", practiceRuns: 2 });
    const configure = d.chapters[0]!.tasks.find((x) => x.taskId === "configure-wr")!;
    expect(configure).toMatchObject({ attempts: 2, passed: true, practiceRuns: 0 });
  });

  it("a failure after a passed prediction stays passed", async () => {
    const predict = (await dashboard(db, passFirst.id, chapters, manifest)).chapters[0]!.tasks.find((x) => x.taskId === "predict")!;
    expect(predict).toMatchObject({ attempts: 1, passed: true, best: "passed", lastDiagnosis: "You predicted it.", practiceRuns: 1 });
  });

  it("the gradebook, its failures and the CSV count the first prediction only", async () => {
    const cohort = await createCohort(db, teacher, "Predict class");
    await joinCohort(db, failFirst, cohort.joinCode);
    await joinCohort(db, passFirst, cohort.joinCode);
    const book = await buildGradebook(db, cohort, manifest);
    const predict = book.tasks.find((x) => x.key === "quorum/predict")!;
    expect(predict.passRate).toBe(0.5);
    expect(predict.commonFailures).toEqual([{ diagnosis: "Your prediction was not what happened.", count: 1 }]);
    const csv = gradebookCsv(book);
    expect(csv).toContain(`"${failFirst.email}","quorum","predict","1","no","Your prediction was not what happened.","0.50","2"`);
    expect(csv).toContain(`"${passFirst.email}","quorum","predict","1","yes","You predicted it.","0.50","1"`);
    // The instructor's replay is not in the book at all.
    expect((await dashboard(db, teacher.id, chapters, manifest)).chapters[0]!.tasks.find((x) => x.taskId === "predict")!.attempts).toBe(0);
  });

  it("labels each run: the counted one counts; a later one is practice and says what counted", async () => {
    const rowOf = (id: string) => db.labRun.findUniqueOrThrow({ where: { id } });
    expect(await practiceOf(db, await rowOf(countedRunId), "predict")).toBeNull();
    expect(await practiceOf(db, await rowOf(practiceRunId), "predict")).toEqual({ why: "predicted", first: { id: countedRunId, status: "failed" } });
    // A run still in progress after a graded prediction is practice too.
    const live = await db.labRun.create({ data: { userId: failFirst.id, labId: "quorum", taskId: "predict", answer: {}, seed: 1, status: "running" } });
    expect(await practiceOf(db, live, "predict")).toMatchObject({ why: "predicted" });
    // Other kinds never are.
    expect(await practiceOf(db, await rowOf(practiceRunId), "configure")).toBeNull();
  });
});
