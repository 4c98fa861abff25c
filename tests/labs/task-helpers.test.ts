/** The kit's task helpers: a break task's schedule schema and budget, a predict task's table. */
import { describe, expect, it } from "vitest";
import { breakAnswerSchema, breakSchedule, describeFaultBudget, overBudgetCase, type BreakTaskSpec } from "@/lib/labs/tasks/break-task";
import { predictVerdictTable } from "@/lib/labs/tasks/predict-task";

const SPEC: BreakTaskSpec = { targets: ["n1", "n2", "n3"], allowedFaults: ["partition", "crash", "heal"], maxFaults: 2, windowMs: 2_000 };

describe("break task", () => {
  it("takes a schedule inside the budget", () => {
    const schedule = breakSchedule(SPEC, { schedule: [{ at: 100, fault: "crash", target: "n2" }, { at: 300, fault: "partition", target: "n1", duration: 500 }] });
    expect(schedule).toHaveLength(2);
  });

  it("refuses a fault the task does not allow, a target that does not exist, and a time past the workload", () => {
    const schema = breakAnswerSchema(SPEC);
    expect(schema.safeParse({ schedule: [{ at: 100, fault: "latency", target: "n1" }] }).success).toBe(false);
    expect(schema.safeParse({ schedule: [{ at: 100, fault: "crash", target: "n9" }] }).success).toBe(false);
    const late = schema.safeParse({ schedule: [{ at: 5_000, fault: "crash", target: "n1" }] });
    expect(late.success).toBe(false);
    expect(late.error?.issues.map((i) => i.message).join(" ")).toMatch(/5000|2000|window|workload/i);
  });

  it("the over-budget row is one fault too many, and the schema refuses it", () => {
    const row = overBudgetCase(SPEC);
    expect((row.answer as { schedule: unknown[] }).schedule).toHaveLength(SPEC.maxFaults + 1);
    expect(row.expected).toEqual({ verdict: "error", errorKind: "invalid-answer" });
    const refused = breakAnswerSchema(SPEC).safeParse(row.answer);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/at most 2|2 faults|too many/i);
  });

  it("says what may be used", () => {
    expect(describeFaultBudget(SPEC)).toBe("Faults you may use: `partition`, `crash`, `heal`, at most 2 in one schedule, on `n1`, `n2`, `n3`.");
  });
});

describe("predict task", () => {
  it("lists every prediction: right ones pass, wrong ones fail naming the mistake", () => {
    const table = predictVerdictTable([
      { name: "yes", answer: { yes: true }, right: true },
      { name: "no", answer: { yes: false }, right: false, wrongIncludes: "predicted no" },
    ]);
    expect(table).toEqual([
      { name: "yes", answer: { yes: true }, expected: { verdict: "pass" } },
      { name: "no", answer: { yes: false }, expected: { verdict: "fail", diagnosisIncludes: "predicted no" } },
    ]);
  });

  it("refuses a table with no right or no wrong prediction", () => {
    expect(() => predictVerdictTable([{ name: "a", answer: 1, right: false }])).toThrow(/right prediction/);
    expect(() => predictVerdictTable([{ name: "a", answer: 1, right: true }])).toThrow(/wrong prediction/);
  });
});
