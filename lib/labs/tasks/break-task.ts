/**
 * A "break it" task: the student's answer is a fault schedule, limited to the fault kinds,
 * targets and budget the task allows. The form is built from the entry shape; lib/faults'
 * own validation then checks each fault's settings and bounds and says what is wrong in
 * plain words (which entry, which field) — one schema for every lab's break task.
 */
import { z } from "zod";
import type { FaultKindName } from "@/lib/faults/fault-kinds";
import { parseFaultSchedule, type FaultSchedule, type ScheduleBounds } from "@/lib/faults/schedule";
import type { VerdictCase } from "../types";

export interface BreakTaskSpec {
  /** What a fault may target, e.g. ["n1", "n2", "n3"]. */
  targets: string[];
  allowedFaults: FaultKindName[];
  /** The budget: most faults one schedule may hold. */
  maxFaults: number;
  /** Length of the workload the schedule's times count in (ms). */
  windowMs: number;
}

const boundsOf = (spec: BreakTaskSpec): ScheduleBounds => ({ windowMs: spec.windowMs, targets: spec.targets, allowedFaults: spec.allowedFaults, maxEntries: spec.maxFaults });

export function breakAnswerSchema(spec: BreakTaskSpec) {
  const entry = z.object({
    at: z.number().int().min(0).describe(`When the fault starts: ms from the start of the workload (0–${spec.windowMs - 1})`),
    fault: z.enum(spec.allowedFaults as [FaultKindName, ...FaultKindName[]]),
    target: z.enum(spec.targets as [string, ...string[]]),
    duration: z.number().int().min(1).optional().describe("How long it lasts in ms; leave out to last until the heal"),
    params: z.record(z.string(), z.unknown()).optional(),
  });
  return z.object({ schedule: z.array(entry) }).superRefine((answer, ctx) => {
    const parsed = parseFaultSchedule(answer.schedule, boundsOf(spec));
    if (!parsed.ok) for (const message of parsed.errors) ctx.addIssue({ code: "custom", path: ["schedule"], message });
  });
}

/** The answer as the schedule the runner takes (throws the schema's error on a bad one). */
export function breakSchedule(spec: BreakTaskSpec, raw: unknown): FaultSchedule {
  return breakAnswerSchema(spec).parse(raw).schedule as FaultSchedule;
}

/** The statement's sentence on what may be used, for every break task alike. */
export function describeFaultBudget(spec: BreakTaskSpec): string {
  return `Faults you may use: ${spec.allowedFaults.map((f) => `\`${f}\``).join(", ")}, at most ${spec.maxFaults} in one schedule, on ${spec.targets.map((t) => `\`${t}\``).join(", ")}.`;
}

/** The row every break task's verdict table has: one fault over the budget is refused, not run. */
export function overBudgetCase(spec: BreakTaskSpec): VerdictCase {
  const fault = spec.allowedFaults.includes("crash") ? "crash" : spec.allowedFaults[0]!;
  const schedule = Array.from({ length: spec.maxFaults + 1 }, (_, i) => ({ at: 100, fault, target: spec.targets[i % spec.targets.length] }));
  return { name: "over-budget", answer: { schedule }, expected: { verdict: "error", errorKind: "invalid-answer" }, why: `more than ${spec.maxFaults} faults` };
}
