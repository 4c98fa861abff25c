/**
 * The crdt-counter lab end to end with real replica processes: every stored solution gets
 * the grade its expected.json promises, the run streams messages and node states (the
 * replica map), and no replica outlives it. A program that does not load fails clearly.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";
import type { LabEvent } from "@/lib/labs/types";
import { isAlive } from "@/lib/procs";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const cases = await solutionCases("crdt-counter");

const nodePids = (events: LabEvent[]) => events.flatMap((e) => (e.kind === "state" && e.state === "up" && typeof e.detail?.pid === "number" ? [e.detail.pid] : []));

describe("crdt-counter lab solutions", () => {
  it("has a reference and at least one wrong solution per task", () => {
    for (const task of ["g-counter", "pn-counter", "predict"]) {
      const names = cases.filter((c) => c.taskId === task).map((c) => c.solution);
      expect(names).toContain("reference");
      expect(names.some((n) => n.startsWith("wrong-"))).toBe(true);
    }
  });

  for (const c of cases) {
    it(`${c.taskId}/${c.solution} is graded as expected, and leaves no process behind`, { timeout: 60_000 }, async () => {
      const events: LabEvent[] = [];
      const run = await runSolution("crdt-counter", c, 4242, { redisUrl, onEvent: (e) => events.push(e) });
      expect(run.mismatch, run.grade.diagnosis).toBeNull();
      expect(events.some((e) => e.kind === "message" && e.phase === "recv" && e.from.startsWith("n"))).toBe(c.solution !== "wrong-no-gossip");
      const pids = nodePids(events);
      expect(pids.length).toBeGreaterThanOrEqual(3);
      expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    });
  }
});

describe("crdt-counter lab runs", () => {
  it("a program that does not compile fails with the compiler's words, before any replica starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await runLabInProcess("crdt-counter", "g-counter", { code: "export function init( {" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:crdt:", emit: (e) => events.push(e) });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(nodePids(events)).toEqual([]);
  });

  it("a program without merge is told which export is missing", { timeout: 60_000 }, async () => {
    const grade = await runLabInProcess("crdt-counter", "g-counter", { code: "export function init() { return {}; }\nexport function handle(s: unknown) { return { state: s }; }\nexport function tick(s: unknown) { return { state: s }; }" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:crdt:" });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/merge/);
  });
});
