import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { LABS_DIR, type LabsDirOption } from "./discover";
import { LabNotFoundError } from "./errors";
import type { Verdict } from "./types";

/**
 * Solutions live in labs/<lab>/solutions/<task>/<name>.json (an answer) or <name>.ts (code
 * for an implement task, returned as { code }). `reference` must pass; every `wrong-<what>`
 * must fail as labs/<lab>/solutions/<task>/expected.json says; `alt-<what>` are other correct
 * answers (they must pass too).
 */
const NAME = /^(reference|alt-[a-z0-9-]+|wrong-[a-z0-9-]+)$/;

function taskDir(labId: string, taskId: string, dir: string): string {
  return join(dir, labId, "solutions", taskId);
}

export async function listSolutions(
  labId: string,
  taskId: string,
  { dir = LABS_DIR }: LabsDirOption = {},
): Promise<string[]> {
  const folder = taskDir(labId, taskId, dir);
  if (!existsSync(folder)) return [];
  const names = (await readdir(folder))
    .map((f) => f.replace(/\.(json|ts)$/, ""))
    .filter((n) => NAME.test(n));
  return [...new Set(names)].sort();
}

export async function readSolution(
  labId: string,
  taskId: string,
  name: string,
  { dir = LABS_DIR }: LabsDirOption = {},
): Promise<unknown> {
  if (!NAME.test(name))
    throw new LabNotFoundError(
      `"${name}" is not a solution name: use "reference", "alt-<what>" or "wrong-<what>"`,
    );
  const base = join(taskDir(labId, taskId, dir), name);
  if (existsSync(`${base}.json`))
    return JSON.parse(await readFile(`${base}.json`, "utf8")) as unknown;
  if (existsSync(`${base}.ts`)) return { code: await readFile(`${base}.ts`, "utf8") };
  throw new LabNotFoundError(`No solution ${base}.json or ${base}.ts`);
}

const expectationSchema = z.record(
  z.string().regex(NAME),
  z.object({
    verdict: z.enum(["pass", "fail", "error"]),
    /** A phrase the diagnosis must contain (case-insensitive): proves the RIGHT failure was found. */
    diagnosisIncludes: z.string().min(1).optional(),
    errorKind: z.string().optional(),
  }),
);
export interface SolutionExpectation {
  verdict: Verdict;
  diagnosisIncludes?: string;
  errorKind?: string;
}

/** expected.json of a task; reference and alt-* default to { verdict: "pass" }. */
export async function readExpectations(
  labId: string,
  taskId: string,
  { dir = LABS_DIR }: LabsDirOption = {},
): Promise<Record<string, SolutionExpectation>> {
  const file = join(taskDir(labId, taskId, dir), "expected.json");
  const raw = existsSync(file) ? (JSON.parse(await readFile(file, "utf8")) as unknown) : {};
  const parsed = expectationSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  const names = await listSolutions(labId, taskId, { dir });
  const passing = Object.fromEntries(
    names.filter((n) => !n.startsWith("wrong-")).map((n) => [n, { verdict: "pass" as const }]),
  );
  return { ...passing, ...parsed.data };
}

/** Whether a grade is what expected.json promised for that solution; returns the mismatch in words. */
export function matchExpectation(
  grade: { verdict: Verdict; diagnosis: string; errorKind?: string },
  expected: SolutionExpectation,
): string | null {
  if (grade.verdict !== expected.verdict)
    return `expected verdict ${expected.verdict}, got ${grade.verdict}: ${grade.diagnosis}`;
  if (expected.errorKind && grade.errorKind !== expected.errorKind)
    return `expected errorKind ${expected.errorKind}, got ${grade.errorKind}`;
  if (
    expected.diagnosisIncludes &&
    !grade.diagnosis.toLowerCase().includes(expected.diagnosisIncludes.toLowerCase())
  ) {
    return `expected the diagnosis to mention "${expected.diagnosisIncludes}", got: ${grade.diagnosis}`;
  }
  return null;
}
