/**
 * What the client saw next to what the server did: each recorded attempt paired, by its
 * request id, with the service's log entry for it. The counts are the evidence labs grade
 * on — an `info` the server committed (a dropped response after commit), a definite `fail`
 * the server committed something for (a misclassified failure: it must be zero), an `ok`
 * the server never logged (impossible unless something answered in its place).
 */
import type { ServerLogEntry } from "@/lib/http-service/types";
import type { HttpAttemptRecord } from "./http-clients";

export interface PairedAttempt {
  attempt: HttpAttemptRecord;
  /** The server's entry for this attempt; null: the request never reached the server (or it crashed before logging). */
  server: ServerLogEntry | null;
}

export interface ServerLogPairing {
  paired: PairedAttempt[];
  /** Log entries no attempt names (requests someone else sent). */
  unmatched: ServerLogEntry[];
  counts: {
    okHandled: number;
    okNotHandled: number;
    /** Definite failures the server answered itself (a 4xx: it refused, committing nothing). */
    failHandled: number;
    failNotHandled: number;
    /** Definite failures the server committed something for: a misclassification, must be 0. */
    failCommitted: number;
    /** Unknown outcomes the server handled (and committed, if it was a write). */
    infoHandled: number;
    infoNotHandled: number;
    /** Attempts whose request the server committed something for. */
    committed: number;
  };
}

export function pairWithServerLog(attempts: readonly HttpAttemptRecord[], log: readonly ServerLogEntry[]): ServerLogPairing {
  const byId = new Map<string, ServerLogEntry>();
  for (const entry of log) if (entry.requestId) byId.set(entry.requestId, entry);
  const named = new Set<string>();
  const counts = { okHandled: 0, okNotHandled: 0, failHandled: 0, failNotHandled: 0, failCommitted: 0, infoHandled: 0, infoNotHandled: 0, committed: 0 };
  const paired = attempts.map((attempt) => {
    const server = byId.get(attempt.requestId) ?? null;
    named.add(attempt.requestId);
    counts[`${attempt.type}${server ? "Handled" : "NotHandled"}`]++;
    if (server?.committed) counts.committed++;
    if (server?.committed && attempt.type === "fail") counts.failCommitted++;
    return { attempt, server };
  });
  const unmatched = log.filter((e) => !e.requestId || !named.has(e.requestId));
  return { paired, unmatched, counts };
}
