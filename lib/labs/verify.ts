/**
 * Verdict tables: every task's answer space (its `verdictTable` rows plus the stored
 * solutions) × seeds, each graded in-process against a real Redis and real processes and
 * compared with the verdict theory gives. `npm run labs:verify` runs the full tables;
 * `npm test` runs a seeded sample of them (tests/labs/verdict-sample.test.ts).
 */
import { randomUUID } from "node:crypto";
import { loadLab, type LabsDirOption } from "./discover";
import { createRng } from "./rng";
import { runUntilExercised } from "./retry-overloaded";
import { runLabInProcess } from "./run-in-process";
import { listSolutions, matchExpectation, readExpectations, readSolution } from "./solutions";
import type { ExpectedGrade, Grade, VerdictCase } from "./types";

export interface TaskCase extends VerdictCase {
  labId: string;
  taskId: string;
  /** "table" rows come from the task's verdictTable, "solution" rows from solutions/<task>/. */
  source: "table" | "solution";
}

export interface VerdictRow {
  case: TaskCase;
  seed: number;
  grade: Grade;
  /** Why the grade is not the expected one; null when it is. */
  mismatch: string | null;
  ms: number;
  /** Runs it took: more than one when a run was "overloaded" (not graded) and `attempts` allowed another. */
  runs: number;
}

/** The seeds every full table uses: fixed, so a failure can be replayed with `--seed`. */
export function verifySeeds(count = 10): number[] {
  return Array.from({ length: count }, (_, i) => 1_000 + i * 7_919);
}

/** Every row of every task of a lab: its verdict table, then its stored solutions. */
export async function taskCases(labId: string, opts: LabsDirOption = {}): Promise<TaskCase[]> {
  const lab = await loadLab(labId, opts);
  const cases: TaskCase[] = [];
  for (const task of lab.tasks) {
    for (const row of task.verdictTable?.() ?? [])
      cases.push({ ...row, labId, taskId: task.id, source: "table" });
    const expectations = await readExpectations(labId, task.id, opts);
    for (const name of await listSolutions(labId, task.id, opts)) {
      const expected = expectations[name];
      cases.push({
        labId,
        taskId: task.id,
        source: "solution",
        name,
        answer: await readSolution(labId, task.id, name, opts),
        expected: (expected ?? { verdict: "pass" }) as ExpectedGrade,
        why: name === "reference" || name.startsWith("alt-") ? "a correct answer" : "a known-wrong answer",
      });
    }
  }
  return cases;
}

/** One row graded; `attempts` > 1 runs again while the machine was too busy to test anything. */
export async function runCase(
  c: TaskCase,
  seed: number,
  opts: LabsDirOption & { redisUrl: string; labDatabaseUrl?: string; prefix?: string; attempts?: number },
): Promise<VerdictRow> {
  const started = Date.now();
  let runs = 0;
  const { grade } = await runUntilExercised(opts.attempts ?? 1, async () => {
    runs++;
    const grade = await runLabInProcess(c.labId, c.taskId, c.answer, {
      seed,
      redisUrl: opts.redisUrl,
      labDatabaseUrl: opts.labDatabaseUrl,
      redisPrefix: `${opts.prefix ?? "faultline-test"}:verify:${c.labId}:${randomUUID()}:`,
      labsDir: opts.dir,
    });
    return { grade };
  });
  return { case: c, seed, grade, mismatch: matchExpectation(grade, c.expected), ms: Date.now() - started, runs };
}

/** `count` (case, seed) pairs drawn without repeats by a seeded RNG: the sample npm test runs. */
export function sampleRows(cases: TaskCase[], seeds: number[], count: number, sampleSeed: number) {
  const all = cases.flatMap((c) => seeds.map((seed) => ({ c, seed })));
  return createRng(sampleSeed).fork("verify-sample").shuffle(all).slice(0, count);
}

/** One printed line of the table: task, answer, seed, expected vs actual. */
export function formatRow(row: VerdictRow): string {
  const { case: c, grade } = row;
  const expected = c.expected.verdict + (c.expected.diagnosisIncludes ? ` ("${c.expected.diagnosisIncludes}")` : "");
  const mark = row.mismatch ? "✖" : "✓";
  const reruns = row.runs > 1 ? ` (${row.runs} runs: the first ${row.runs - 1} overloaded)` : "";
  const line = `${mark} ${c.taskId.padEnd(14)} ${c.name.padEnd(26)} seed ${String(row.seed).padEnd(6)} expected ${expected.padEnd(40)} got ${grade.verdict.padEnd(5)} ${(row.ms / 1000).toFixed(1)} s${reruns}`;
  return row.mismatch ? `${line}\n    ${row.mismatch}` : line;
}

/**
 * Runs (case, seed) pairs `concurrency` at a time in this process and hands each row to
 * `onRow` in the pairs' order (a row waits for the ones before it), so the printed table is
 * the same whatever the concurrency. Each run has its own Redis prefix, ports and processes.
 */
export async function runRows(
  pairs: { c: TaskCase; seed: number }[],
  concurrency: number,
  opts: Parameters<typeof runCase>[2],
  onRow: (row: VerdictRow) => void,
): Promise<VerdictRow[]> {
  const rows: (VerdictRow | undefined)[] = new Array(pairs.length);
  let next = 0;
  let printed = 0;
  const flush = () => {
    while (printed < pairs.length && rows[printed]) onRow(rows[printed++]!);
  };
  const lane = async () => {
    for (let i = next++; i < pairs.length; i = next++) {
      const { c, seed } = pairs[i]!;
      rows[i] = await runCase(c, seed, opts);
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, pairs.length)) }, lane));
  return rows as VerdictRow[];
}
