import { describeCpuPressure, measureCpuPressure, type CpuPressure } from "./cpu-pressure";
import type { Grade, LabEvent, MinimumWorkload } from "./types";

/** What a run's workload got done, and how busy the machine was meanwhile (in every grade's details). */
export interface WorkloadSummary {
  /** Operations of the workload phase that got a definite answer (ok or fail). */
  answered: number;
  /** Of those, acknowledged (ok). */
  ok: number;
  /** Operations whose outcome stayed unknown (timeouts). */
  unknown: number;
  ms: number;
  cpu: CpuPressure;
}

/**
 * Watches a run's events: counts the workload phase's operations and measures CPU pressure
 * while it lasts. A run on a machine too busy for its scenario (on 2 cores with six runs at
 * once, a crdt-counter workload got one add acknowledged) tests nothing, and a wrong answer
 * can pass it: `judge` turns such a run into an "overloaded" error, never a pass or a fail.
 */
export class WorkloadTally {
  private inWorkload = false;
  private startedAt = 0;
  private stopPressure: (() => CpuPressure) | null = null;
  private counts = { answered: 0, ok: 0, unknown: 0 };
  private summary: WorkloadSummary | null = null;
  /** The run got past its workload and heal to its check: its grade is the lab's own. */
  private checked = false;

  observe(event: LabEvent): void {
    if (event.kind === "op" && this.inWorkload) {
      const type = event.op.type;
      if (type === "ok" || type === "fail") this.counts.answered++;
      if (type === "ok") this.counts.ok++;
      if (type === "info") this.counts.unknown++;
      return;
    }
    if (event.kind !== "phase") return;
    if (event.phase === "workload") {
      this.inWorkload = true;
      this.startedAt = event.t;
      this.stopPressure = measureCpuPressure();
    } else if (this.inWorkload) {
      this.inWorkload = false;
      this.summary = { ...this.counts, ms: Math.round(event.t - this.startedAt), cpu: this.stopPressure!() };
    }
    if (event.phase === "check") this.checked = true;
  }

  /** The grade, with the workload's summary in its details; an overloaded error when the scenario was not exercised. */
  judge(grade: Grade, minimum: MinimumWorkload | undefined): Grade {
    const summary = this.summary;
    if (!summary) return grade;
    const details = { ...grade.details, workload: summary };
    // A lab's own "the scenario did not happen" error: say how busy the machine was.
    if (grade.errorKind === "overloaded") return { ...grade, diagnosis: `${grade.diagnosis} Meanwhile ${describeCpuPressure(summary.cpu)}.`, details };
    if (!minimum || !this.checked || grade.verdict === "error" || summary.answered >= minimum.answered)
      return { ...grade, details };
    // Not the withheld verdict in details: they reach the student, and would tell them an untested answer passed.
    return notExercised(
      `${summary.answered} ${minimum.what} got an answer in the ${(summary.ms / 1000).toFixed(1)} s workload, and the scenario needs at least ${minimum.answered} ` +
        `(${summary.unknown} timed out; ${describeCpuPressure(summary.cpu)})`,
      details,
    );
  }
}

/**
 * The grade of a run that did not play out what its grade needs (a starved workload, or a
 * scripted scenario whose steps did not happen in order): an "overloaded" error, never a pass
 * or a fail, and not an attempt. `why` says what was missing, in words a student can check.
 */
export function notExercised(why: string, details?: Record<string, unknown>): Grade {
  return {
    verdict: "error",
    errorKind: "overloaded",
    diagnosis: `This run did not exercise its scenario, so it was not graded: ${why}.`,
    hint:
      "Usually the machine was too busy: run it again. If it keeps happening on a quiet machine, your system may " +
      "be too slow to answer (a loop in a handler, a reply that never comes).",
    ...(details ? { details } : {}),
  };
}
