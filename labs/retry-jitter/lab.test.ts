/**
 * The retry-jitter lab end to end, on the real flaky service: every stored solution gets the
 * grade its expected.json promises, the run streams arrivals per attempt for the live view
 * and the outage as a fault, the witness is the attempt the diagnosis names, and the
 * service's process is gone afterwards (the cluster labs' helper counts node processes; this
 * lab has one service process instead). Code that does not load fails in the student's
 * words before the service starts.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";
import type { LabEvent } from "@/lib/labs/types";
import { isAlive } from "@/lib/procs";
import { itForTaskOf, RUN_ATTEMPTS } from "@/tests/support/load-guarded";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redisPrefix = "faultline-test:retry-jitter:";
const cases = await solutionCases("retry-jitter");
const itFor = await itForTaskOf("retry-jitter");
const servicePids = (events: LabEvent[]) => events.flatMap((e) => (e.kind === "state" && e.subject === "api" && e.state === "up" && typeof e.detail?.pid === "number" ? [e.detail.pid] : []));

describe("retry-jitter lab solutions (real HTTP service)", () => {
  it("has a reference and at least one wrong solution per task", () => {
    for (const task of ["implement", "predict"]) {
      const names = cases.filter((c) => c.taskId === task).map((c) => c.solution);
      expect(names).toContain("reference");
      expect(names.some((n) => n.startsWith("wrong-"))).toBe(true);
    }
  });

  for (const c of cases) {
    itFor(c.taskId)(`${c.taskId}/${c.solution} is graded as expected, streams arrivals and the outage, and leaves no service process`, { timeout: 60_000 * RUN_ATTEMPTS }, async () => {
      const events: LabEvent[] = [];
      const run = await runSolution("retry-jitter", c, 4242, { redisUrl, attempts: RUN_ATTEMPTS, prefix: "faultline-test", onEvent: (e) => events.push(e) });
      expect(run.mismatch, run.grade.diagnosis).toBeNull();
      const metrics = events.flatMap((e) => (e.kind === "metric" ? [e.counters] : []));
      expect(metrics.reduce((n, m) => n + (m.arrivals ?? 0), 0)).toBeGreaterThan(0);
      expect(events.some((e) => e.kind === "fault" && e.target === "api" && e.fault === "http-outage" && e.action === "start")).toBe(true);
      const witness = run.grade.witness?.op;
      if (witness) {
        const ops = events.flatMap((e) => (e.kind === "op" ? [e.op] : []));
        expect(ops[witness.index]).toMatchObject({ type: "invoke", process: witness.process, key: "widget" });
      }
      const pids = servicePids(events);
      expect(pids.length).toBeGreaterThanOrEqual(1);
      expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    });
  }
});

describe("retry-jitter implement: code that cannot run", () => {
  const run = (code: string, events: LabEvent[] = []) => runLabInProcess("retry-jitter", "implement", { code }, { seed: 1, redisUrl, redisPrefix, emit: (e) => events.push(e) });

  it("a compile error fails in the compiler's words, before the service starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await run("export function delay(k {", events);
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(servicePids(events)).toEqual([]);
  });

  it("a missing delay is named", { timeout: 60_000 }, async () => {
    const grade = await run("export function wait(k: number) { return 100; }");
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/delay/);
  });

  it("a delay that is not a number is refused with what it returned", { timeout: 60_000 }, async () => {
    const grade = await run("export function delay(k: number) { return k > 2 ? 'soon' : 100; }");
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/delay\(3, 100, .*returned "soon", which is not a finite number/);
  });

  it("a delay that throws fails with the student's error", { timeout: 60_000 }, async () => {
    const grade = await run("export function delay(k: number): number { throw new Error('no more retries'); }");
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/no more retries/);
  });
});
