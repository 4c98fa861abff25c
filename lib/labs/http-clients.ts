/**
 * Many concurrent HTTP clients against a service (e.g. the flaky API): each is a Jepsen
 * process with one attempt in flight, a seeded sequence of calls and seeded think times
 * (./clients.ts), a deadline per attempt, and every attempt recorded in the history: invoke,
 * then ok / fail / info as ./http-attempt.ts classifies it. After an `info` the client goes
 * on under a new process id (+ clients), as Jepsen does: the unknown operation may still be
 * in flight, and a process has at most one. Each attempt carries a request id
 * (`c<client>-<seq>-<attempt>`) that the service logs, so ./http-server-log.ts can pair what
 * the client saw with what the server did.
 *
 * `wrap` sits between a client and the service: it gets `send` (one recorded attempt) and
 * decides how many attempts to make and when (a retry policy), or answers without sending
 * (an open circuit breaker). A call that sends nothing is recorded as one op whose error
 * starts "not sent:", so a fail-fast still shows in the history.
 */
import type { HistoryRecorder } from "@/lib/history/recorder";
import type { HistoryOp } from "@/lib/history/types";
import { runClientLoops } from "./clients";
import { httpAttempt, type HttpAttemptResult, type HttpCall } from "./http-attempt";
import { createRng } from "./rng";

/** What a client does next: the history's view of it (f, key, value) and the request. */
export interface HttpOp {
  f: string;
  key?: string;
  value?: unknown;
  call: HttpCall;
}

export interface HttpAttemptRecord {
  requestId: string;
  /** Which client (0 … clients-1), and the history process it recorded under. */
  client: number;
  process: number;
  /** The client's seq-th call, and this attempt's number within it (1, 2, …). */
  seq: number;
  attempt: number;
  f: string;
  call: HttpCall;
  /** Positions of its invoke and completion in the recorder's history. */
  invokeIndex: number;
  completionIndex: number;
  startedAt: number;
  endedAt: number;
  type: "ok" | "fail" | "info";
  status?: number;
  error?: string;
}

/** One logical call, however many attempts the wrapper made. */
export interface HttpCallRecord {
  client: number;
  seq: number;
  f: string;
  startedAt: number;
  endedAt: number;
  attempts: number;
  outcome: HttpAttemptResult;
}

export interface CallContext {
  client: number;
  seq: number;
  op: HttpOp;
  signal: AbortSignal;
  now(): number;
}

/** One recorded attempt; `call` replaces the op's request for this attempt (e.g. a new key). */
export type SendAttempt = (call?: HttpCall) => Promise<HttpAttemptResult>;
export type CallWrapper = (send: SendAttempt, ctx: CallContext) => Promise<HttpAttemptResult>;

export interface HttpClientsOptions {
  baseUrl: string;
  recorder: HistoryRecorder;
  /** The run's clock (ms since it started). */
  now(): number;
  clients: number;
  seed: number;
  /** Pause after each call, drawn from [0, maxThinkMs) with the client's generator. */
  maxThinkMs: number;
  /** Each attempt's deadline: past it the attempt is `info` (unknown outcome). */
  timeoutMs: number;
  until: Promise<void>;
  signal: AbortSignal;
  next(client: number, random: () => number, seq: number): HttpOp;
  wrap?: CallWrapper;
}

export interface HttpClientsRun {
  attempts: HttpAttemptRecord[];
  calls: HttpCallRecord[];
}

export async function runHttpClients(options: HttpClientsOptions): Promise<HttpClientsRun> {
  const { recorder, now } = options;
  const run: HttpClientsRun = { attempts: [], calls: [] };
  const rng = createRng(options.seed);

  const complete = (op: Omit<HistoryOp, "time" | "type">, result: HttpAttemptResult) =>
    recorder.record(result.ok ? { ...op, type: "ok", value: result.value } : { ...op, type: result.definite ? "fail" : "info", error: result.error });
  const processOf = Array.from({ length: options.clients }, (_, client) => client);

  await runClientLoops({
    clients: options.clients,
    randomFor: (client) => rng.fork(`http-client-${client}`).next,
    maxThinkMs: options.maxThinkMs,
    until: options.until,
    signal: options.signal,
    async step(client, random, seq) {
      const op = options.next(client, random, seq);
      const historyOp = () => ({ process: processOf[client]!, f: op.f, ...(op.key !== undefined ? { key: op.key } : {}), ...(op.value !== undefined ? { value: op.value } : {}) });
      const startedAt = now();
      let attempts = 0;
      let inFlight = false;
      const send: SendAttempt = async (call = op.call) => {
        if (inFlight) throw new Error(`client ${client}: one attempt at a time (a Jepsen process has one operation in flight)`);
        inFlight = true;
        const attempt = ++attempts;
        const requestId = `c${client}-${seq}-${attempt}`;
        const hop = historyOp();
        const invokeIndex = recorder.record({ ...hop, type: "invoke" });
        const attemptStart = now();
        const result = await httpAttempt(options.baseUrl, call, { timeoutMs: options.timeoutMs, requestId, signal: options.signal });
        const completionIndex = complete(hop, result);
        const type = result.ok ? "ok" : result.definite ? "fail" : "info";
        if (type === "info") processOf[client] = hop.process + options.clients;
        run.attempts.push({ requestId, client, process: hop.process, seq, attempt, f: op.f, call, invokeIndex, completionIndex, startedAt: attemptStart, endedAt: now(), type, ...(result.status !== undefined ? { status: result.status } : {}), ...(result.ok ? {} : { error: result.error }) });
        inFlight = false;
        return result;
      };
      let outcome: HttpAttemptResult;
      try {
        outcome = options.wrap ? await options.wrap(send, { client, seq, op, signal: options.signal, now }) : await send();
      } catch (err) {
        outcome = { ok: false, definite: false, error: (err as Error).message };
      }
      if (attempts === 0) {
        // Answered without sending (an open breaker): one op, so the fail-fast shows in the history.
        const hop = historyOp();
        recorder.record({ ...hop, type: "invoke" });
        complete(hop, outcome.ok ? outcome : { ...outcome, error: `not sent: ${outcome.error}` });
        if (!outcome.ok && !outcome.definite) processOf[client] = hop.process + options.clients;
      }
      run.calls.push({ client, seq, f: op.f, startedAt, endedAt: now(), attempts, outcome });
    },
  });
  return run;
}
