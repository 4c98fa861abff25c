/**
 * The grade of a run, checked in this order: what `delay` threw or returned that is not a
 * wait, the retry budget, the peak of retries after the recovery (synchronised clients),
 * then whether every call gets through within the deadline after the recovery. All are
 * measured on the clients' plans (./plan.ts), so they are the same on every run of a seed.
 */
import { LabFailure } from "@/lib/labs/errors";
import type { Grade } from "@/lib/labs/types";
import { attemptWitness, completions, peakAfterRecovery, plannedAttempts, recordedAttempt, serverPeakAfterRecovery } from "./measure";
import type { RetryRun } from "./scenario";
import { CLIENTS, COMPLETE_WITHIN_MS, OUTAGE_MS, PEAK_LIMIT, RETRY_BUDGET, WINDOW_MS } from "./settings";

const ms = (t: number) => `${Math.round(t)} ms`;

export function gradeRetries(run: RetryRun): Grade {
  if (run.delayError) {
    if (run.delayError instanceof LabFailure) return run.delayError.toGrade();
    throw run.delayError;
  }
  const attempts = plannedAttempts(run);
  const lastPlanned = (client: number) => recordedAttempt(run, client, (run.dueAt[client]?.length ?? 1) - 1);
  const details: Record<string, unknown> = { plannedAttempts: attempts, sentAttempts: run.clients.attempts.length, serverPeakAfterRecovery: serverPeakAfterRecovery(run) };

  if (run.badDelay) {
    const b = run.badDelay;
    return {
      verdict: "fail",
      diagnosis: `delay(${b.k}, ${b.previousMs}, ${b.u.toFixed(3)}, config) for client ${b.client} returned ${JSON.stringify(b.returned) ?? String(b.returned)}, which ${b.problem}.`,
      hint: "Return a wait in milliseconds: a finite number, 0 or more, no longer than the cap allows.",
      ...attemptWitness("bad-delay", lastPlanned(b.client)),
      details,
    };
  }
  if (run.overBudget) {
    const client = run.dueAt.length - 1;
    const due = run.dueAt[client] ?? [];
    return {
      verdict: "fail",
      diagnosis: `Your delays use up the retry budget before the service recovers: the clients would make more than ${RETRY_BUDGET} attempts (${RETRY_BUDGET / CLIENTS} per client) — client ${client} alone is at ${due.length}, its last one due ${ms(due.at(-1) ?? 0)} into the outage. Retrying that often only adds load to a service that is down.`,
      hint: "How long does a client wait before its 5th retry? Make the wait grow with each failure.",
      ...attemptWitness("over-budget", lastPlanned(client)),
      details,
    };
  }
  const peak = peakAfterRecovery(run);
  const done = completions(run);
  const slowest = done.reduce((a, b) => (b.afterMs > a.afterMs ? b : a));
  Object.assign(details, { peakAfterRecovery: peak.count, peakAfterRecoveryAt: peak.from, slowestAfterRecoveryMs: slowest.afterMs });
  if (peak.count > PEAK_LIMIT) {
    return {
      verdict: "fail",
      diagnosis: `Synchronised retries: ${peak.count} of the ${CLIENTS} clients retry within ${WINDOW_MS} ms of each other, ${ms(peak.from - OUTAGE_MS)} after the service is back (at most ${PEAK_LIMIT} allowed). The clients failed together, waited the same time, and came back together.`,
      hint: "Two clients whose k-th attempts failed at the same moment: what makes their next waits differ?",
      ...(peak.client !== null && peak.attempt !== null ? attemptWitness("retry-spike", recordedAttempt(run, peak.client, peak.attempt)) : {}),
      details,
    };
  }
  if (slowest.afterMs > COMPLETE_WITHIN_MS) {
    const late = done.filter((c) => c.afterMs > COMPLETE_WITHIN_MS).length;
    return {
      verdict: "fail",
      diagnosis: `${late} of the ${CLIENTS} calls are not done within ${COMPLETE_WITHIN_MS} ms of the recovery: client ${slowest.client} only tries again ${ms(slowest.afterMs)} after the service is back, at its attempt ${slowest.attempts}.`,
      hint: "How long can a single wait be, late in the outage? Something must keep it bounded.",
      ...attemptWitness("late-call", lastPlanned(slowest.client)),
      details,
    };
  }
  return {
    verdict: "pass",
    diagnosis: `Every call gets through within ${ms(slowest.afterMs)} of the recovery, with ${attempts} attempts in all (budget ${RETRY_BUDGET}); at most ${peak.count} clients retry in any ${WINDOW_MS} ms after the service is back.`,
    details,
  };
}
