/**
 * Each payment's story from three sources: the ledger in Postgres (the truth about charges),
 * the server's log (what it answered each request, even one whose answer was dropped) and
 * the client's attempts (what it saw, and where they sit in the history).
 */
import type { FiredCrash, LedgerCharge, ServerLogEntry } from "@/lib/http-service";
import type { History } from "@/lib/history/types";
import type { PlannedPayment } from "./payments";
import type { AttemptRecord, Submission } from "./submit";

export interface PaymentOutcome {
  planned: PlannedPayment;
  /** Ledger rows made by this payment's requests. */
  charges: LedgerCharge[];
  attempts: AttemptRecord[];
  /** The server's log entry of each attempt that it answered (keyed by request id). */
  server: Map<string, ServerLogEntry>;
  submissions: Submission[];
}

export interface RunOutcome {
  payments: PaymentOutcome[];
  crashes: FiredCrash[];
  /** Handler failures (the student's code threw or hit a limit), first first. */
  handlerErrors: { entry: ServerLogEntry; attempt: AttemptRecord | undefined }[];
  history: History;
  restartError: Error | null;
}

export interface OutcomeInputs {
  plan: PlannedPayment[];
  charges: LedgerCharge[];
  log: ServerLogEntry[];
  crashes: FiredCrash[];
  attempts: AttemptRecord[];
  submissions: Submission[];
  history: History;
  restartError: Error | null;
}

/** The payment a request id (p<index>-s<submission>-a<attempt>) belongs to. */
export const paymentOfRequest = (requestId: string | null): number | null => {
  const m = requestId ? /^p(\d+)-/.exec(requestId) : null;
  return m ? Number(m[1]) : null;
};

export function collectOutcomes(input: OutcomeInputs): RunOutcome {
  const byRequest = new Map(input.log.filter((e) => e.requestId).map((e) => [e.requestId!, e]));
  const attemptOf = new Map(input.attempts.map((a) => [a.requestId, a]));
  const payments = input.plan.map((planned) => {
    const attempts = input.attempts.filter((a) => a.payment === planned.index);
    const server = new Map(attempts.flatMap((a) => (byRequest.has(a.requestId) ? [[a.requestId, byRequest.get(a.requestId)!] as const] : [])));
    return {
      planned,
      charges: input.charges.filter((c) => paymentOfRequest(c.requestId) === planned.index),
      attempts,
      server,
      submissions: input.submissions.filter((s) => s.payment === planned.index),
    };
  });
  const handlerErrors = input.log.filter((e) => e.handlerError).map((entry) => ({ entry, attempt: entry.requestId ? attemptOf.get(entry.requestId) : undefined }));
  return { payments, crashes: input.crashes, handlerErrors, history: input.history, restartError: input.restartError };
}

/** The attempt whose request made a ledger row. */
export const attemptOfCharge = (p: PaymentOutcome, c: LedgerCharge) => p.attempts.find((a) => a.requestId === c.requestId);

const isOk = (status: number) => status >= 200 && status < 300;

/** Attempts the server answered 2xx (whether or not the answer reached the client). */
export const answered2xx = (p: PaymentOutcome) => p.attempts.flatMap((a) => {
  const e = p.server.get(a.requestId);
  return e && isOk(e.status) ? [{ attempt: a, entry: e }] : [];
});

/** The charge id a response names (its body's `id`), if any. */
export function chargeIdIn(body: unknown): string | null {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : null;
}
