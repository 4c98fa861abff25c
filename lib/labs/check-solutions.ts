import { randomUUID } from "node:crypto";
import { loadLab, type LabsDirOption } from "./discover";
import { runUntilExercised } from "./retry-overloaded";
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

/**
 * Runs one stored solution in-process against a real Redis and compares with expected.json.
 * `attempts` > 1 runs again while the machine was too busy to test anything (an "overloaded"
 * error); `onEvent` then gets the events of the graded attempt only, once it has ended.
 */
export async function runSolution(
  labId: string,
  c: SolutionCase,
  seed: number,
  opts: LabsDirOption & { redisUrl: string; labDatabaseUrl?: string; prefix?: string; onEvent?: (e: LabEvent) => void; attempts?: number },
): Promise<SolutionRun> {
  const answer = await readSolution(labId, c.taskId, c.solution, opts);
  const expected = (await readExpectations(labId, c.taskId, opts))[c.solution];
  const buffered = (opts.attempts ?? 1) > 1;
  const { grade, events } = await runUntilExercised(opts.attempts ?? 1, async () => {
    const events: LabEvent[] = [];
    const grade = await runLabInProcess(labId, c.taskId, answer, {
      seed,
      redisUrl: opts.redisUrl,
      labDatabaseUrl: opts.labDatabaseUrl,
      redisPrefix: `${opts.prefix ?? "faultline-test"}:${labId}:${randomUUID()}:`,
      labsDir: opts.dir,
      emit: (e) => {
        events.push(e);
        if (!buffered) opts.onEvent?.(e);
      },
    });
    return { grade, events };
  });
  if (buffered) events.forEach((e) => opts.onEvent?.(e));
  const mismatch = expected
    ? matchExpectation(grade, expected)
    : `no expectation for ${c.solution} in solutions/${c.taskId}/expected.json`;
  return { taskId: c.taskId, solution: c.solution, seed, grade, mismatch, events: events.length };
}
