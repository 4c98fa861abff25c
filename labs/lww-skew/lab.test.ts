/**
 * The lww-skew lab end to end with real replica processes: every stored solution gets the
 * grade its expected.json promises, a lost write is the grade's witness, and no replica
 * outlives the run. A program that does not load fails clearly, before any replica starts.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";
import type { LabEvent } from "@/lib/labs/types";
import { isAlive } from "@/lib/procs";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const cases = await solutionCases("lww-skew");

const nodePids = (events: LabEvent[]) => events.flatMap((e) => (e.kind === "state" && e.state === "up" && typeof e.detail?.pid === "number" ? [e.detail.pid] : []));

describe("lww-skew lab solutions", () => {
  it("has a reference and at least one wrong solution per task", () => {
    for (const task of ["predict", "implement"]) {
      const names = cases.filter((c) => c.taskId === task).map((c) => c.solution);
      expect(names).toContain("reference");
      expect(names.some((n) => n.startsWith("wrong-"))).toBe(true);
    }
  });

  for (const c of cases) {
    it(`${c.taskId}/${c.solution} is graded as expected, and leaves no process behind`, { timeout: 60_000 }, async () => {
      const events: LabEvent[] = [];
      const run = await runSolution("lww-skew", c, 4242, { redisUrl, onEvent: (e) => events.push(e) });
      expect(run.mismatch, run.grade.diagnosis).toBeNull();
      const lostWrite = run.grade.diagnosis.includes("Lost write");
      expect(run.grade.witness?.kind === "lost-write").toBe(lostWrite);
      if (lostWrite) expect(run.grade.diagnosis).toContain(`operation ${run.grade.witness!.op.index}`);
      expect(events.some((e) => e.kind === "fault" && JSON.stringify(e).includes("clock-skew"))).toBe(true);
      const pids = nodePids(events);
      expect(pids.length).toBeGreaterThanOrEqual(3);
      expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    });
  }
});

describe("lww-skew lab runs", () => {
  it("a program that does not compile fails with the compiler's words, before any replica starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await runLabInProcess("lww-skew", "implement", { code: "export function init( {" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:lww:", emit: (e) => events.push(e) });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(nodePids(events)).toEqual([]);
  });
});
