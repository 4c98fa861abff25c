import { describe, expect, it } from "vitest";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";
import { runLabInProcess } from "@/lib/labs/run-in-process";
import type { LabEvent } from "@/lib/labs/types";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const cases = await solutionCases("sliding-window");
const SEED = 20_261_205;

/** Runs an implement answer and keeps its events. */
async function implement(code: string) {
  const events: LabEvent[] = [];
  const grade = await runLabInProcess(
    "sliding-window",
    "implement",
    { code },
    {
      seed: SEED,
      redisUrl,
      redisPrefix: `faultline-test:sliding-window:${crypto.randomUUID()}:`,
      emit: (e) => events.push(e),
    },
  );
  return { grade, events };
}

describe("sliding-window solutions (real Redis)", () => {
  it("has a reference and at least one wrong solution per task", () => {
    for (const task of ["break", "implement", "atomic", "predict"]) {
      const names = cases.filter((c) => c.taskId === task).map((c) => c.solution);
      expect(names).toContain("reference");
      expect(names.some((n) => n.startsWith("wrong-"))).toBe(true);
    }
  });

  it.each(cases.map((c) => [`${c.taskId}/${c.solution}`, c] as const))(
    "%s grades as expected.json says",
    async (_name, c) => {
      const events: LabEvent[] = [];
      const run = await runSolution("sliding-window", c, SEED, {
        redisUrl,
        onEvent: (e) => events.push(e),
      });
      expect(run.mismatch, run.grade.diagnosis).toBeNull();
      const ops = events.flatMap((e) => (e.kind === "op" ? [e.op] : []));
      // The witness is the op the diagnosis names: its index is that op's invoke in the history.
      const witness = run.grade.witness?.op;
      if (witness) {
        expect(ops[witness.index]).toMatchObject({
          type: "invoke",
          process: witness.process,
          key: witness.key,
          value: witness.value,
        });
        expect(run.grade.diagnosis).toContain(`process ${witness.process}`);
      }
      // A run that went through every phase is observable: paired acquire ops, a metric per
      // decision, and each user's rolling window as it fills.
      if (run.grade.details && "phaseMs" in run.grade.details) {
        const completions = ops.filter((o) => o.type !== "invoke");
        expect(ops.filter((o) => o.type === "invoke").length).toBe(completions.length);
        const metrics = events.flatMap((e) => (e.kind === "metric" ? [e] : []));
        const admitted = metrics.reduce((n, m) => n + (m.counters.admitted ?? 0), 0);
        expect(admitted).toBe(ops.filter((o) => o.type === "ok").length);
        expect(events.some((e) => e.kind === "state" && e.subject.startsWith("window:"))).toBe(
          true,
        );
        expect(events.some((e) => e.kind === "fault" && e.action === "start")).toBe(true);
      }
    },
  );
});

describe("sliding-window implement: the student's script", () => {
  it("reports a syntax error in the student's lines before anything starts", async () => {
    const { grade, events } = await implement(
      `export function slidingLog(redis, key, now, member, config) {\n  return redis.call("ZCARD", key) <\n}\n`,
    );
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/does not compile: line 3/);
    expect(events.some((e) => e.kind === "phase" && e.phase === "start-system")).toBe(false);
  });

  it("names the missing export, not the lab's harness", async () => {
    const { grade } = await implement(`export function allow() { return true; }\n`);
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toContain("export a function named slidingLog");
  });

  it("refuses commands a sorted-set script has no business with, and other keys", async () => {
    const incr = await implement(
      `export function slidingLog(redis, key, now) { return redis.call("INCR", key) <= 10; }\n`,
    );
    expect(incr.grade.verdict).toBe("fail");
    expect(incr.grade.diagnosis).toContain("INCR is not available here");
    const other = await implement(
      `export function slidingLog(redis, key, now, member) { redis.call("ZADD", "global", now, member); return true; }\n`,
    );
    expect(other.grade.diagnosis).toContain("may only touch its own key");
  });

  it("reports the student's own exception with their line", async () => {
    const { grade } = await implement(
      `export function slidingLog(redis, key) {\n  const n = redis.call("ZCARD", key);\n  throw new Error("no idea what to do with " + n);\n}\n`,
    );
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 3/);
  });
});
