/**
 * One HTTP attempt with a deadline, and what its outcome means for the history:
 *   2xx                                   ok
 *   4xx                                   fail (definite: the server refused it, nothing happened)
 *   5xx the fault proxy made up before    fail (definite: marked `x-faultline-reached: no`)
 *     the request reached the server
 *   any other 5xx                         info (the server may have done the work first)
 *   connection refused                    fail (definite: nothing was sent)
 *   timeout, dropped connection, abort    info (unknown outcome)
 */
import { REACHED_HEADER } from "@/lib/faults/http-fault-headers";
import type { CallOutcome } from "@/lib/history/recorder";

export interface HttpCall {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** e.g. "/charges"; joined to the base URL. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export type HttpAttemptResult = CallOutcome & {
  /** The HTTP status, when an answer arrived. */
  status?: number;
  /** The answer's JSON (or text) body. */
  body?: unknown;
};

export interface HttpAttemptOptions {
  timeoutMs: number;
  /** Sent as `x-request-id`; the service logs it, which pairs the attempt with what the server did. */
  requestId?: string;
  /** Aborts the attempt (the run ended): an unknown outcome. */
  signal?: AbortSignal;
}

/** The history outcome of an answer (see the table above). */
export function classifyResponse(status: number, headers: Headers, body: unknown): HttpAttemptResult {
  if (status >= 200 && status < 300) return { ok: true, value: body, status, body };
  const error = `HTTP ${status}${typeof body === "object" && body && "error" in body ? `: ${String((body as { error: unknown }).error)}` : ""}`;
  const definite = status < 500 || headers.get(REACHED_HEADER) === "no";
  return { ok: false, definite, error, status, body };
}

/** The history outcome of a request that got no answer. */
export function classifyError(err: unknown, timeoutMs: number): HttpAttemptResult {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError") return { ok: false, definite: false, error: `timeout after ${timeoutMs} ms` };
  if (e.name === "AbortError") return { ok: false, definite: false, error: "aborted" };
  const code = e.cause?.code;
  if (code === "ECONNREFUSED") return { ok: false, definite: true, error: "connection refused" };
  return { ok: false, definite: false, error: `connection dropped (${code ?? e.cause?.message ?? e.message})` };
}

export async function httpAttempt(baseUrl: string, call: HttpCall, options: HttpAttemptOptions): Promise<HttpAttemptResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  try {
    const res = await fetch(new URL(call.path, baseUrl), {
      method: call.method,
      signal,
      headers: {
        ...(call.body !== undefined ? { "content-type": "application/json" } : {}),
        ...(options.requestId ? { "x-request-id": options.requestId } : {}),
        ...call.headers,
      },
      ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return classifyResponse(res.status, res.headers, body);
  } catch (err) {
    // A timeout aborts with a TimeoutError reason; fetch rejects with that reason.
    return classifyError(timeout.aborted && !options.signal?.aborted ? Object.assign(new Error("timeout"), { name: "TimeoutError" }) : err, options.timeoutMs);
  }
}
