/**
 * The circuit-breaker lab end to end, on the real flaky service: every stored solution gets
 * the grade its expected.json promises, the run streams the breaker's states and its calls /
 * errors / fail-fast counters for the live view, the witness is the call the diagnosis names,
 * and the service's process is gone afterwards. (The cluster labs' helper counts node
 * processes; this lab has one service process instead.) Code that does not load fails in the
 * student's words before the service starts.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";
import type { LabEvent } from "@/lib/labs/types";
import { isAlive } from "@/lib/procs";
import { BREAKER } from "./settings";
import { itForTaskOf, RUN_ATTEMPTS } from "@/tests/support/load-guarded";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redisPrefix = "faultline-test:circuit-breaker:";
const cases = await solutionCases("circuit-breaker");
const itFor = await itForTaskOf("circuit-breaker");
const servicePids = (events: LabEvent[]) => events.flatMap((e) => (e.kind === "state" && e.subject === "api" && e.state === "up" && typeof e.detail?.pid === "number" ? [e.detail.pid] : []));
const breakerStates = (events: LabEvent[]) => events.flatMap((e) => (e.kind === "state" && e.subject === BREAKER ? [e.state] : []));

describe("circuit-breaker lab solutions (real HTTP service)", () => {
  it("has a reference and at least one wrong solution per task", () => {
    for (const task of ["configure", "implement"]) {
      const names = cases.filter((c) => c.taskId === task).map((c) => c.solution);
      expect(names).toContain("reference");
      expect(names.some((n) => n.startsWith("wrong-"))).toBe(true);
    }
  });

  for (const c of cases) {
    itFor(c.taskId)(`${c.taskId}/${c.solution} is graded as expected, streams the breaker's states, and leaves no service process`, { timeout: 60_000 * RUN_ATTEMPTS }, async () => {
      const events: LabEvent[] = [];
      const run = await runSolution("circuit-breaker", c, 4242, { redisUrl, attempts: RUN_ATTEMPTS, prefix: "faultline-test", onEvent: (e) => events.push(e) });
      expect(run.mismatch, run.grade.diagnosis).toBeNull();
      const states = breakerStates(events);
      expect(states[0]).toBe("closed");
      if (run.grade.verdict === "pass") expect(states).toEqual(expect.arrayContaining(["open", "half-open", "closed"]));
      const metrics = events.flatMap((e) => (e.kind === "metric" ? [e.counters] : []));
      expect(metrics.reduce((n, m) => n + (m.calls ?? 0), 0)).toBeGreaterThan(0);
      expect(events.some((e) => e.kind === "fault" && e.target === "api" && e.fault === "http-outage") || run.grade.verdict === "fail").toBe(true);
      const witness = run.grade.witness?.op;
      if (witness) {
        const ops = events.flatMap((e) => (e.kind === "op" ? [e.op] : []));
        expect(ops[witness.index]).toMatchObject({ type: "invoke", process: witness.process, key: witness.key });
      }
      const pids = servicePids(events);
      expect(pids.length).toBeGreaterThanOrEqual(1);
      expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    });
  }
});

describe("circuit-breaker implement: code that cannot run", () => {
  const run = (code: string, events: LabEvent[] = []) => runLabInProcess("circuit-breaker", "implement", { code }, { seed: 1, redisUrl, redisPrefix, emit: (e) => events.push(e) });

  it("a compile error fails in the compiler's words, before the service starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await run("export function onRequest(state {", events);
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(servicePids(events)).toEqual([]);
  });

  it("a missing onResult is named", { timeout: 60_000 }, async () => {
    const grade = await run("export function onRequest(s, now) { return { allow: true, state: { mode: 'closed' } }; }");
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/onResult/);
  });

  it("a state without a mode is refused with what was returned", { timeout: 60_000 }, async () => {
    const code = "export function onRequest(s, now) { return { allow: true, state: { open: false } }; }\nexport function onResult(s) { return s; }";
    const grade = await run(code);
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/onRequest must return a state with mode .*\{"open":false\}/);
  });
});
