/**
 * An instructor's view of a cohort: students × lab tasks (passed? attempts), pass rate per
 * task, and the most common failure diagnoses per task. The CSV export is the same data.
 */
import type { Db } from "@/lib/db/client";
import type { LabsManifest } from "@/lib/catalogue";
import { countedRuns, countsOnceTasks } from "./counting";
import { pageOf, type PageInfo } from "./paging";
import { gradedRuns, summarise, taskKey, type GradedRun, type TaskProgress } from "./progress";

export interface GradebookTask {
  key: string;
  labId: string;
  taskId: string;
  title: string;
  passRate: number;
  commonFailures: Array<{ diagnosis: string; count: number }>;
}

export interface Gradebook {
  cohort: { id: string; name: string; joinCode: string };
  tasks: GradebookTask[];
  students: Array<{
    id: string;
    name: string;
    email: string;
    cells: Record<string, TaskProgress | undefined>;
  }>;
  /** Which students these are, by name; pass rates and failures cover the whole cohort. */
  studentPage: PageInfo;
}

const TOP_FAILURES = 3;

/** `page` = one page of students (by name); without it, all of them (the CSV export). */
export async function buildGradebook(
  db: Db,
  cohort: { id: string; name: string; joinCode: string },
  manifest: LabsManifest,
  page?: number,
): Promise<Gradebook> {
  const allIds = (await db.cohortMember.findMany({ where: { cohortId: cohort.id }, select: { userId: true } })).map((m) => m.userId);
  const paging = pageOf(allIds.length, page ?? 1, page === undefined ? Math.max(1, allIds.length) : undefined);
  const members = await db.cohortMember.findMany({
    where: { cohortId: cohort.id },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
    skip: paging.skip,
    take: paging.take,
  });
  const runs = await gradedRuns(db, allIds);
  const countsOnce = countsOnceTasks(manifest);
  // Common failures come from counted runs only: a predict task's practice runs say nothing.
  const counted = countedRuns(runs, countsOnce);
  const runsOf = new Map<string, GradedRun[]>();
  for (const r of runs) {
    const list = runsOf.get(r.userId!) ?? [];
    list.push(r);
    runsOf.set(r.userId!, list);
  }
  // Progress of every member (pass rates), cells only for this page's students.
  const progressOf = new Map(allIds.map((id) => [id, summarise(runsOf.get(id) ?? [], countsOnce)]));
  const students = members.map((m) => ({
    ...m.user,
    cells: Object.fromEntries(progressOf.get(m.user.id)!) as Record<string, TaskProgress | undefined>,
  }));
  const tasks = manifest.labs.flatMap((lab) =>
    lab.tasks.map((task) => {
      const key = taskKey(lab.id, task.id);
      const passed = [...progressOf.values()].filter((p) => p.get(key)?.passed).length;
      const counts = new Map<string, number>();
      for (const r of counted) {
        if (r.status !== "failed" || taskKey(r.labId, r.taskId) !== key || !r.diagnosis) continue;
        counts.set(r.diagnosis, (counts.get(r.diagnosis) ?? 0) + 1);
      }
      const commonFailures = [...counts]
        .map(([diagnosis, count]) => ({ diagnosis, count }))
        .sort((a, b) => b.count - a.count || a.diagnosis.localeCompare(b.diagnosis))
        .slice(0, TOP_FAILURES);
      return {
        key,
        labId: lab.id,
        taskId: task.id,
        title: `${lab.title}: ${task.title}`,
        passRate: allIds.length ? passed / allIds.length : 0,
        commonFailures,
      };
    }),
  );
  const studentPage = { page: paging.page, pages: paging.pages, total: paging.total, size: paging.size };
  return { cohort, tasks, students, studentPage };
}

/**
 * RFC 4180: quote every field, double inner quotes. A field a spreadsheet would read as a
 * formula — leading =, +, -, @, or a tab or CR (which some strip before looking) — gets a
 * leading apostrophe. Names and diagnoses are student-controlled.
 */
function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export const CSV_HEADER = [
  "student_name",
  "student_email",
  "lab",
  "task",
  "attempts",
  "passed",
  "last_diagnosis",
  "task_pass_rate",
  "practice_runs",
];

export function gradebookCsv(book: Gradebook): string {
  const lines = [CSV_HEADER.map(csvField).join(",")];
  for (const student of book.students) {
    for (const task of book.tasks) {
      const cell = student.cells[task.key];
      lines.push(
        [
          student.name,
          student.email,
          task.labId,
          task.taskId,
          cell?.attempts ?? 0,
          cell?.passed ? "yes" : "no",
          cell?.lastDiagnosis ?? "",
          task.passRate.toFixed(2),
          cell?.practiceRuns ?? 0,
        ]
          .map(csvField)
          .join(","),
      );
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
