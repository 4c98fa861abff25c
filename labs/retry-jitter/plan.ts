/**
 * Each client's retry plan, worked out from `delay` before the run: attempt 0 is due when the
 * clients start, attempt k+1 `delay(k, …)` after attempt k was due, and a client stops
 * planning at its first attempt due once the outage is over. The plan is a pure function of
 * the code and the seed, so what the grade measures on it — attempts, how many retries fall
 * in one 100 ms, when the last call gets through — is the same on every run, however loaded
 * the machine; the run then carries it out against the real service.
 */
import { createRng } from "@/lib/labs/rng";
import { CLIENTS, CONFIG, OUTAGE_MS, RETRY_BUDGET, type DelayFn } from "./settings";

/** A delay that broke the rules (not a number, negative, too long). */
export interface BadDelay {
  client: number;
  k: number;
  previousMs: number;
  u: number;
  returned: unknown;
  problem: string;
}

export interface RetryPlan {
  /** dueAt[client][attempt]: ms after the clients started. */
  dueAt: number[][];
  /** The plans needed more attempts than the budget allows (planning stopped there). */
  overBudget: boolean;
  badDelay: BadDelay | null;
  /** What `delay` threw (its error, a sandbox limit). */
  delayError: unknown;
}

/** Returns a problem with what `delay` returned, or null. */
export function delayProblem(value: unknown, maxMs: number): string | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return "is not a finite number of milliseconds";
  if (value < 0) return "is negative";
  if (value > maxMs) return `is longer than ${maxMs} ms`;
  return null;
}

export function planRetries(delayOf: (client: number) => DelayFn, seed: number, maxDelayMs: number): RetryPlan {
  const plan: RetryPlan = { dueAt: [], overBudget: false, badDelay: null, delayError: null };
  const waits = createRng(seed).fork("retry-waits");
  let planned = 0;
  for (let client = 0; client < CLIENTS; client++) {
    if (planned >= RETRY_BUDGET) {
      plan.overBudget = true;
      return plan;
    }
    const u = waits.fork(`client-${client}`).next;
    const delay = delayOf(client);
    const due = [0];
    plan.dueAt.push(due);
    planned++;
    let previousMs = CONFIG.baseMs;
    for (let k = 0; due.at(-1)! < OUTAGE_MS; k++) {
      if (planned >= RETRY_BUDGET) {
        plan.overBudget = true;
        return plan;
      }
      const draw = u();
      let returned: unknown;
      try {
        returned = delay(k, previousMs, draw, CONFIG);
      } catch (err) {
        plan.delayError = err;
        return plan;
      }
      const problem = delayProblem(returned, maxDelayMs);
      if (problem) {
        plan.badDelay = { client, k, previousMs, u: draw, returned, problem };
        return plan;
      }
      previousMs = returned as number;
      due.push(due.at(-1)! + previousMs);
      planned++;
    }
  }
  return plan;
}
