import { LabFailure, LabRunError, RunAborted, throwIfAborted } from "./errors";
import type { Grade, Phase, RunContext } from "./types";

/** Registers cleanup that must run at teardown even if a later phase (or startSystem itself) fails. */
export type OnTeardown = (cleanup: () => Promise<void> | void) => void;

/**
 * A run in Maelstrom's order. Only startSystem, workload, check and grade are required;
 * the rest default to doing nothing (a lab without faults has nothing to heal).
 */
export interface PhasePlan<S, C> {
  startSystem(onTeardown: OnTeardown): Promise<S>;
  workload(system: S): Promise<void>;
  heal?(system: S): Promise<void>;
  quiesce?(system: S): Promise<void>;
  finalReads?(system: S): Promise<void>;
  check(system: S): Promise<C> | C;
  grade(result: C, system: S): Grade;
}

async function runCleanups(
  ctx: RunContext,
  cleanups: Array<() => Promise<void> | void>,
): Promise<void> {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (err) {
      ctx.emit({
        kind: "log",
        t: ctx.now(),
        level: "warn",
        message: `teardown step failed: ${(err as Error).message}`,
      });
    }
  }
}

/**
 * Runs the phases in order, emitting a `phase` event for each and timing them; teardown
 * always runs. A startSystem crash becomes a `system-start` error; an abort is rethrown for
 * the runner to classify (timeout or cancellation).
 */
export async function runPhases<S, C>(ctx: RunContext, plan: PhasePlan<S, C>): Promise<Grade> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const phaseMs: Partial<Record<Phase, number>> = {};
  const timed = async <T>(phase: Phase, step: () => Promise<T> | T): Promise<T> => {
    throwIfAborted(ctx.signal);
    ctx.emit({ kind: "phase", t: ctx.now(), phase });
    const start = ctx.now();
    try {
      return await step();
    } finally {
      phaseMs[phase] = Math.round(ctx.now() - start);
    }
  };
  try {
    let system: S;
    try {
      system = await timed("start-system", () => plan.startSystem((c) => cleanups.push(c)));
    } catch (err) {
      if (err instanceof RunAborted || err instanceof LabRunError || err instanceof LabFailure)
        throw err;
      throw new LabRunError(
        "system-start",
        `The lab's system did not start: ${(err as Error).message}`,
        "This is not your fault; try again, and tell the instructor if it keeps happening.",
      );
    }
    await timed("workload", () => plan.workload(system));
    await timed("heal", () => plan.heal?.(system));
    await timed("quiesce", () => plan.quiesce?.(system));
    await timed("final-reads", () => plan.finalReads?.(system));
    const result = await timed("check", () => plan.check(system));
    const grade = await timed("grade", () => plan.grade(result, system));
    return { ...grade, details: { ...grade.details, phaseMs } };
  } finally {
    ctx.emit({ kind: "phase", t: ctx.now(), phase: "teardown" });
    await runCleanups(ctx, cleanups);
  }
}
