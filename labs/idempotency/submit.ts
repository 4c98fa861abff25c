/**
 * A client paying one order: the key for each attempt from the student's idempotencyKey,
 * every attempt recorded in the history (a request id p<payment>-s<submission>-a<attempt>
 * pairs it with the server's log), and retries after no answer, a 5xx or a 409 — until a
 * 2xx, another 4xx, or RETRY_FOR_MS (of time the service was up: a slow restart on a busy
 * machine must not decide a grade) / MAX_ATTEMPTS run out.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { HistoryRecorder } from "@/lib/history/recorder";
import { httpAttempt } from "@/lib/labs/http-attempt";
import type { LabEvent } from "@/lib/labs/types";
import type { PlannedPayment } from "./payments";
import { CLIENT_TIMEOUT_MS, MAX_ATTEMPTS, RETRY_FOR_MS, retryPauseMs } from "./settings";

export interface AttemptRecord {
  requestId: string;
  payment: number;
  submission: number;
  attempt: number;
  key: string;
  process: number;
  invokeIndex: number;
  /** Run times when the client sent it and when it had its answer (or gave up on it). */
  startedAt: number;
  endedAt: number;
  type: "ok" | "fail" | "info";
  status?: number;
  body?: unknown;
  error?: string;
}

export interface Submission {
  payment: number;
  submission: number;
  /** ok: a 2xx; refused: another 4xx; gave-up: retries ran out (or the run ended). */
  final: "ok" | "refused" | "gave-up";
  status?: number;
  body?: unknown;
}

export interface ClientDeps {
  baseUrl: string;
  recorder: HistoryRecorder;
  now(): number;
  emit(event: LabEvent): void;
  signal: AbortSignal;
  /** The key for an attempt (the student's idempotencyKey, or a buggy client's). */
  keyFor(p: PlannedPayment, attempt: number): string;
  /** How long the service was down since `t`: the retry budget counts only time it was up. */
  downtimeSince(t: number): number;
}

export class PaymentClients {
  readonly attempts: AttemptRecord[] = [];
  readonly submissions: Submission[] = [];
  private nextProcess = 0;

  constructor(private readonly deps: ClientDeps) {}

  async submit(p: PlannedPayment, submission = 0): Promise<Submission> {
    const { recorder, now, signal } = this.deps;
    const started = now();
    let process = this.nextProcess++;
    let result: Submission = { payment: p.index, submission, final: "gave-up" };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && !signal.aborted; attempt++) {
      const key = this.deps.keyFor(p, attempt);
      const requestId = `p${p.index}-s${submission}-a${attempt}`;
      const { account, amountCents, orderId } = p.payment;
      const op = { process, f: "charge", key: orderId, value: { account, amountCents, idempotencyKey: key, attempt } };
      const invokeIndex = recorder.record({ ...op, type: "invoke" });
      const startedAt = now();
      const r = await httpAttempt(this.deps.baseUrl, { method: "POST", path: "/charges", body: { account, amountCents, idempotencyKey: key } }, { timeoutMs: CLIENT_TIMEOUT_MS, requestId, signal });
      const type = r.ok ? "ok" : r.definite ? "fail" : "info";
      recorder.record(r.ok ? { ...op, type, value: r.body } : { ...op, type, error: r.error });
      this.attempts.push({ requestId, payment: p.index, submission, attempt, key, process, invokeIndex, startedAt, endedAt: now(), type, ...(r.status !== undefined ? { status: r.status, body: r.body } : {}), ...(r.ok ? {} : { error: r.error }) });
      this.deps.emit({ kind: "metric", t: now(), counters: { attempts: 1, retries: attempt > 1 || submission > 0 ? 1 : 0, answered2xx: r.ok ? 1 : 0, conflict409: r.status === 409 ? 1 : 0, noAnswer: r.status === undefined ? 1 : 0 } });
      // After an unknown outcome the operation may still be in flight: a new history process, as Jepsen does.
      if (type === "info") process = this.nextProcess++;
      if (r.ok) result = { payment: p.index, submission, final: "ok", status: r.status, body: r.body };
      else if (r.status !== undefined && r.status >= 400 && r.status < 500 && r.status !== 409) result = { payment: p.index, submission, final: "refused", status: r.status, body: r.body };
      if (result.final !== "gave-up") break;
      if (now() - started - this.deps.downtimeSince(started) > RETRY_FOR_MS) break;
      await sleep(retryPauseMs(attempt), undefined, { signal }).catch(() => undefined);
    }
    this.submissions.push(result);
    return result;
  }
}
