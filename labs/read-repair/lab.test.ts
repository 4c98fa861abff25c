/**
 * The read-repair lab end to end with real replica processes: every stored solution gets the
 * grade its expected.json promises, the run streams node-to-node messages (the read fan-out
 * and write-backs on the replica map), and no replica outlives it. Code that does not load
 * fails clearly, before any replica starts.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";
import type { LabEvent } from "@/lib/labs/types";
import { isAlive } from "@/lib/procs";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const cases = await solutionCases("read-repair");

const nodePids = (events: LabEvent[]) => events.flatMap((e) => (e.kind === "state" && e.state === "up" && typeof e.detail?.pid === "number" ? [e.detail.pid] : []));

describe("read-repair lab solutions", () => {
  it("has a reference and at least one wrong solution per task", () => {
    for (const task of ["repair", "predict"]) {
      const names = cases.filter((c) => c.taskId === task).map((c) => c.solution);
      expect(names).toContain("reference");
      expect(names.some((n) => n.startsWith("wrong-"))).toBe(true);
    }
  });

  for (const c of cases) {
    it(`${c.taskId}/${c.solution} is graded as expected, and leaves no process behind`, { timeout: 60_000 }, async () => {
      const events: LabEvent[] = [];
      const run = await runSolution("read-repair", c, 4242, { redisUrl, onEvent: (e) => events.push(e) });
      expect(run.mismatch, run.grade.diagnosis).toBeNull();
      expect(events.some((e) => e.kind === "message" && e.phase === "recv" && e.from.startsWith("n") && e.to.startsWith("n"))).toBe(true);
      const pids = nodePids(events);
      expect(pids.length).toBeGreaterThanOrEqual(3);
      expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    });
  }
});

describe("read-repair lab runs", () => {
  it("a program that does not compile fails with the compiler's words, before any replica starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await runLabInProcess("read-repair", "repair", { code: "export function repair( {" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:rr:", emit: (e) => events.push(e) });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(nodePids(events)).toEqual([]);
  });

  it("a program without repair is told which export is missing", { timeout: 60_000 }, async () => {
    const grade = await runLabInProcess("read-repair", "repair", { code: "export function fix() { return null; }" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:rr:" });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/repair/);
  });

  it("a decision that is not one of the replies fails with the store's words", { timeout: 60_000 }, async () => {
    const code = 'export function repair(replies) { return { value: "made up", version: { n: 99, by: "n9" }, writeBack: [] }; }';
    const grade = await runLabInProcess("read-repair", "repair", { code }, { seed: 1, redisUrl, redisPrefix: "faultline-test:rr:" });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/not one of the replies/);
  });
});
