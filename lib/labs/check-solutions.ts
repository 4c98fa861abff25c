import { randomUUID } from "node:crypto";
import { loadLab, type LabsDirOption } from "./discover";
import { runLabInProcess } from "./run-in-process";
import { listSolutions, matchExpectation, readExpectations, readSolution } from "./solutions";
import type { Grade, LabEvent } from "./types";

export interface SolutionRun {
  taskId: string;
  solution: string;
  seed: number;
  grade: Grade;
  /** Why the grade is not what expected.json promised; null when it is. */
  mismatch: string | null;
  events: number;
}

export interface SolutionCase {
  taskId: string;
  solution: string;
}

/** Every (task, solution) pair of a lab, in a stable order. */
export async function solutionCases(
  labId: string,
  opts: LabsDirOption = {},
): Promise<SolutionCase[]> {
  const lab = await loadLab(labId, opts);
  const cases: SolutionCase[] = [];
  for (const task of lab.tasks) {
    for (const solution of await listSolutions(labId, task.id, opts))
      cases.push({ taskId: task.id, solution });
  }
  return cases;
}

/** Runs one stored solution in-process against a real Redis and compares with expected.json. */
export async function runSolution(
  labId: string,
  c: SolutionCase,
  seed: number,
  opts: LabsDirOption & { redisUrl: string; labDatabaseUrl?: string; prefix?: string; onEvent?: (e: LabEvent) => void },
): Promise<SolutionRun> {
  const answer = await readSolution(labId, c.taskId, c.solution, opts);
  const expected = (await readExpectations(labId, c.taskId, opts))[c.solution];
  let events = 0;
  const grade = await runLabInProcess(labId, c.taskId, answer, {
    seed,
    redisUrl: opts.redisUrl,
    labDatabaseUrl: opts.labDatabaseUrl,
    redisPrefix: `${opts.prefix ?? "faultline-test"}:${labId}:${randomUUID()}:`,
    labsDir: opts.dir,
    emit: (e) => {
      events++;
      opts.onEvent?.(e);
    },
  });
  const mismatch = expected
    ? matchExpectation(grade, expected)
    : `no expectation for ${c.solution} in solutions/${c.taskId}/expected.json`;
  return { taskId: c.taskId, solution: c.solution, seed, grade, mismatch, events };
}
