/** What a retry-jitter run is graded on, measured on the clients' plans (./plan.ts) and, for the details, on the service's own log. */
import type { WitnessOp } from "@/lib/checkers/witness-op";
import type { HttpAttemptRecord } from "@/lib/labs/http-clients";
import type { RetryRun } from "./scenario";
import { OUTAGE_MS, WINDOW_MS } from "./settings";

export interface Peak {
  /** Most attempts in any WINDOW_MS (a rolling window, so a burst is never split by a bucket edge). */
  count: number;
  /** Where that window starts (ms after the clients started), and the client whose attempt opens it. */
  from: number;
  client: number | null;
  attempt: number | null;
}

function peakOf(times: ReadonlyArray<{ t: number; client?: number; attempt?: number }>, after: number): Peak {
  const sorted = times.filter((x) => x.t >= after).sort((a, b) => a.t - b.t);
  let best: Peak = { count: 0, from: after, client: null, attempt: null };
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]!.t - sorted[j]!.t >= WINDOW_MS) j++;
    if (i - j + 1 > best.count) best = { count: i - j + 1, from: sorted[j]!.t, client: sorted[j]!.client ?? null, attempt: sorted[j]!.attempt ?? null };
  }
  return best;
}

/** The most attempts the plans make due in any WINDOW_MS once the outage is over. */
export function peakAfterRecovery(run: Pick<RetryRun, "dueAt">): Peak {
  return peakOf(run.dueAt.flatMap((due, client) => due.map((t, attempt) => ({ t, client, attempt }))), OUTAGE_MS);
}

/** The same, counted where the service received them (its own log): also spread by how fast the machine serves a burst. */
export function serverPeakAfterRecovery(run: Pick<RetryRun, "serverLog" | "recoveredAt">): number {
  return peakOf(run.serverLog.map((e) => ({ t: e.receivedAt })), run.recoveredAt).count;
}

export const plannedAttempts = (run: Pick<RetryRun, "dueAt">) => run.dueAt.reduce((n, due) => n + due.length, 0);

/** Per client: how long after the outage its last attempt is due, and how many it makes. */
export function completions(run: Pick<RetryRun, "dueAt">): Array<{ client: number; afterMs: number; attempts: number }> {
  return run.dueAt.map((due, client) => ({ client, afterMs: due.at(-1)! - OUTAGE_MS, attempts: due.length }));
}

/** The recorded attempt that carried out a planned one (attempt is 0-based in the plan). */
export function recordedAttempt(run: Pick<RetryRun, "clients">, client: number, attempt: number): HttpAttemptRecord | undefined {
  return run.clients.attempts.find((a) => a.client === client && a.attempt === attempt + 1);
}

/** An attempt as the history timeline highlights it. */
export function attemptWitness(kind: string, a: HttpAttemptRecord | undefined): { witness?: { kind: string; op: WitnessOp } } {
  if (!a) return {};
  return { witness: { kind, op: { index: a.invokeIndex, process: a.process, f: a.f, key: "widget", value: a.requestId, outcome: a.type, callTime: a.startedAt, retTime: a.endedAt } } };
}
