/**
 * What every cluster lab's lab.test.ts proves about its stored solutions: each task has a
 * reference and a wrong answer, and each solution, run once on the real system, gets the
 * grade its expected.json promises and leaves no node process behind. A lab adds its own
 * checks of the run (its events, its witness) through `alsoCheck`.
 */
import { describe, expect, it } from "vitest";
import { runSolution, solutionCases, type SolutionCase, type SolutionRun } from "@/lib/labs/check-solutions";
import type { LabEvent } from "@/lib/labs/types";
import { isAlive } from "@/lib/procs";
import { itForTaskOf, RUN_ATTEMPTS } from "./load-guarded";

export const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Pids of the nodes a run started (their `up` state events). */
export const nodePids = (events: LabEvent[]) => events.flatMap((e) => (e.kind === "state" && e.state === "up" && typeof e.detail?.pid === "number" ? [e.detail.pid] : []));

export async function describeSolutions(
  labId: string,
  tasks: string[],
  alsoCheck: (c: SolutionCase, run: SolutionRun, events: LabEvent[]) => void = () => undefined,
): Promise<void> {
  const cases = await solutionCases(labId);
  const itFor = await itForTaskOf(labId);
  describe(`${labId} lab solutions`, () => {
    it("has a reference and at least one wrong solution per task", () => {
      for (const task of tasks) {
        const names = cases.filter((c) => c.taskId === task).map((c) => c.solution);
        expect(names).toContain("reference");
        expect(names.some((n) => n.startsWith("wrong-"))).toBe(true);
      }
    });

    for (const c of cases) {
      itFor(c.taskId)(`${c.taskId}/${c.solution} is graded as expected, and leaves no process behind`, { timeout: 60_000 * RUN_ATTEMPTS }, async () => {
        const events: LabEvent[] = [];
        const run = await runSolution(labId, c, 4242, { redisUrl, attempts: RUN_ATTEMPTS, onEvent: (e) => events.push(e) });
        expect(run.mismatch, run.grade.diagnosis).toBeNull();
        alsoCheck(c, run, events);
        const pids = nodePids(events);
        expect(pids.length).toBeGreaterThanOrEqual(3);
        expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
      });
    }
  });
}
