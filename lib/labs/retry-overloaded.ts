import type { Grade } from "./types";

/**
 * Runs again, up to `attempts` runs in all, while a run ends as an "overloaded" error (its
 * workload got too little done to test anything: lib/labs/workload-tally.ts). For callers
 * that must have a verdict — verdict tables, solution checks — on a machine that may be busy.
 */
export async function runUntilExercised<T extends { grade: Grade }>(attempts: number, runOnce: () => Promise<T>): Promise<T> {
  let result = await runOnce();
  for (let attempt = 2; attempt <= attempts && result.grade.errorKind === "overloaded"; attempt++) result = await runOnce();
  return result;
}
