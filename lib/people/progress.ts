/**
 * A student's progress, derived from what they did: chapters marked read, and their graded
 * runs per lab task. Runs that ended in `error` (timeout, worker lost…) are the platform's
 * fault and never count as attempts; which graded runs count is decided in ./counting.
 */
import type { Db } from "@/lib/db/client";
import type { LabsManifest } from "@/lib/catalogue";
import { countedRuns, countsOnceTasks, isGraded, taskKey, type CountableRun } from "./counting";
import { pageOf, type PageInfo } from "./paging";

export interface TaskProgress {
  labId: string;
  taskId: string;
  /** Graded runs that count (for a predict task: at most 1, the first prediction). */
  attempts: number;
  passed: boolean;
  /** "passed" if a counted run passed, "failed" if only failures, null before the first graded run. */
  best: "passed" | "failed" | null;
  lastDiagnosis: string | null;
  lastRunId: string | null;
  lastRunAt: Date | null;
  /** Graded runs after a predict task's counted prediction: practice, never counted. */
  practiceRuns: number;
}

export { taskKey };

export interface GradedRun extends CountableRun {
  diagnosis: string | null;
}

function untried(labId: string, taskId: string): TaskProgress {
  return { labId, taskId, attempts: 0, passed: false, best: null, lastDiagnosis: null, lastRunId: null, lastRunAt: null, practiceRuns: 0 };
}

/** One student's progress per task; `countsOnce` = predict tasks (countsOnceTasks(manifest)). */
export function summarise(runs: GradedRun[], countsOnce: Set<string> = new Set()): Map<string, TaskProgress> {
  const byTask = new Map<string, TaskProgress>();
  const counted = countedRuns(runs, countsOnce);
  // Oldest first, so the last one written is the latest counted attempt.
  for (const run of counted) {
    const key = taskKey(run.labId, run.taskId);
    const p = byTask.get(key) ?? untried(run.labId, run.taskId);
    p.attempts++;
    p.passed ||= run.status === "passed";
    p.best = p.passed ? "passed" : "failed";
    p.lastDiagnosis = run.diagnosis;
    p.lastRunId = run.id;
    p.lastRunAt = run.createdAt;
    byTask.set(key, p);
  }
  const countedIds = new Set(counted.map((r) => r.id));
  for (const run of runs) {
    const key = taskKey(run.labId, run.taskId);
    if (!countsOnce.has(key) || countedIds.has(run.id) || !isGraded(run.status) || run.replayOfId) continue;
    const p = byTask.get(key);
    if (p) p.practiceRuns++;
  }
  return byTask;
}

/** A user's graded runs, replays excluded (they never count for anyone). */
export async function gradedRuns(db: Db, userIds: string[]): Promise<GradedRun[]> {
  return db.labRun.findMany({
    where: { userId: { in: userIds }, status: { in: ["passed", "failed"] }, replayOfId: null },
    select: {
      id: true,
      userId: true,
      labId: true,
      taskId: true,
      status: true,
      diagnosis: true,
      createdAt: true,
      finishedAt: true,
    },
  });
}

export async function markChapterRead(db: Db, userId: string, chapterSlug: string): Promise<void> {
  await db.chapterProgress.upsert({
    where: { userId_chapterSlug: { userId, chapterSlug } },
    create: { userId, chapterSlug },
    update: {},
  });
}

export interface ChapterInfo {
  slug: string;
  title: string;
  labs: string[];
}

export interface Dashboard {
  chapters: Array<{
    slug: string;
    title: string;
    read: boolean;
    tasks: Array<TaskProgress & { labTitle: string; taskTitle: string }>;
    tasksPassed: number;
  }>;
  next: { label: string; href: string } | null;
  recentRuns: Array<{
    id: string;
    labId: string;
    taskId: string;
    status: string;
    diagnosis: string | null;
    createdAt: Date;
    replayOfId: string | null;
  }>;
  /** Which runs `recentRuns` holds: newest first, 50 a page. */
  runPage: PageInfo;
}

export async function dashboard(
  db: Db,
  userId: string,
  chapters: ChapterInfo[],
  manifest: LabsManifest,
  runsPageNumber = 1,
): Promise<Dashboard> {
  const paging = pageOf(await db.labRun.count({ where: { userId } }), runsPageNumber);
  const [read, runs, recentRuns] = await Promise.all([
    db.chapterProgress.findMany({ where: { userId }, select: { chapterSlug: true } }),
    gradedRuns(db, [userId]),
    db.labRun.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: paging.skip,
      take: paging.take,
      select: {
        id: true,
        labId: true,
        taskId: true,
        status: true,
        diagnosis: true,
        createdAt: true,
        replayOfId: true,
      },
    }),
  ]);
  const readSlugs = new Set(read.map((r) => r.chapterSlug));
  const progress = summarise(runs, countsOnceTasks(manifest));
  const rows = chapters.map((chapter) => {
    const tasks = manifest.labs
      .filter((lab) => chapter.labs.includes(lab.id) || lab.chapter === chapter.slug)
      .flatMap((lab) =>
        lab.tasks.map((task) => ({
          ...(progress.get(taskKey(lab.id, task.id)) ?? untried(lab.id, task.id)),
          labTitle: lab.title,
          taskTitle: task.title,
        })),
      );
    return {
      slug: chapter.slug,
      title: chapter.title,
      read: readSlugs.has(chapter.slug),
      tasks,
      tasksPassed: tasks.filter((t) => t.passed).length,
    };
  });
  let next: Dashboard["next"] = null;
  for (const row of rows) {
    const open = row.tasks.find((t) => !t.passed);
    if (!row.read) {
      next = { label: `Read “${row.title}”`, href: `/chapters/${row.slug}` };
      break;
    }
    if (open) {
      next = {
        label: `${open.labTitle}: ${open.taskTitle}`,
        href: `/chapters/${row.slug}#lab-${open.labId}`,
      };
      break;
    }
  }
  const runPage = { page: paging.page, pages: paging.pages, total: paging.total, size: paging.size };
  return { chapters: rows, next, recentRuns, runPage };
}
