/**
 * Which lab runs a test file may run side by side. A task with a `minimumWorkload`, or one that
 * `checksItsScenario`, cannot be graded on a run the machine starved (it is an "overloaded"
 * error, and the test runs it again, up to RUN_ATTEMPTS runs): its tests run concurrently, up
 * to vitest's maxConcurrency.
 * Other tasks' runs keep the file to themselves — six runs at once let wrong answers of
 * unguarded scenarios pass (docs/LABS.md, "Load is a schedule too").
 */
import { it } from "vitest";
import { loadLab } from "@/lib/labs/discover";

export const RUN_ATTEMPTS = 3;

/** `it.concurrent` for the lab's load-guarded tasks, `it` for the rest. */
type Define = (name: string, options: { timeout?: number }, fn: () => Promise<void>) => void;

export async function itForTaskOf(labId: string): Promise<(taskId: string) => Define> {
  const lab = await loadLab(labId);
  const guarded = new Set(lab.tasks.filter((t) => t.minimumWorkload || t.checksItsScenario).map((t) => t.id));
  return (taskId) => (guarded.has(taskId) ? it.concurrent : it);
}
