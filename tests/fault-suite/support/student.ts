/**
 * A student over HTTP, as the browser is: signs up, submits runs, reads a run, follows its
 * event stream (SSE, with Last-Event-ID on a reconnect). Nothing here reaches around the app.
 */
import { randomInt, randomUUID } from "node:crypto";
import { readSse, sleep, type SseMessage } from "../../runs/support";

export interface Student {
  cookie: string;
  ip: string;
  email: string;
}

export interface RunState {
  status: string;
  diagnosis: string | null;
  hint: string | null;
  errorKind: string | null;
}

export const FINAL = ["passed", "failed", "error"];

export class StudentClient {
  constructor(
    private readonly baseUrl: string,
    readonly student: Student,
  ) {}

  static async signUp(baseUrl: string, label: string): Promise<StudentClient> {
    const ip = `10.${randomInt(1, 250)}.${randomInt(1, 250)}.${randomInt(1, 250)}`;
    const email = `${label}-${randomUUID().slice(0, 8)}@faults.faultline.local`;
    const res = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl, "x-forwarded-for": ip },
      body: JSON.stringify({ email, password: `pw-${randomUUID()}`, name: label }),
    });
    if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    return new StudentClient(baseUrl, { cookie, ip, email });
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: this.student.cookie, "x-forwarded-for": this.student.ip, origin: this.baseUrl, ...extra };
  }

  /** POST /api/runs; returns the run id (throws with the server's message otherwise). */
  async submit(labId: string, taskId: string, answer: unknown): Promise<string> {
    const res = await fetch(`${this.baseUrl}/api/runs`, {
      method: "POST",
      headers: this.headers({ "content-type": "application/json" }),
      body: JSON.stringify({ labId, taskId, answer }),
    });
    const body = (await res.json()) as { id?: string; error?: string };
    if (res.status !== 201 || !body.id) throw new Error(`submit refused: ${res.status} ${body.error}`);
    return body.id;
  }

  /** GET /api/runs/<id>: the status code and the JSON body. */
  async read(id: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.baseUrl}/api/runs/${id}`, { headers: this.headers() });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  }

  /** Polls until the run is final (riding out 503s while a service is down). */
  async untilFinal(id: string, timeoutMs: number): Promise<RunState> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      const { status, body } = await this.read(id).catch((err: Error) => ({ status: 0, body: { error: err.message } as Record<string, unknown> }));
      last = { status, body };
      if (status === 200 && FINAL.includes(body.status as string)) return body as unknown as RunState;
      await sleep(250);
    }
    throw new Error(`run ${id} not final within ${timeoutMs} ms; last answer: ${JSON.stringify(last)}`);
  }

  /** Opens the run's event stream (from `after`), calling `onMessage` as messages arrive. */
  async stream(id: string, opts: { after?: number; signal?: AbortSignal; onMessage?: (m: SseMessage) => void } = {}): Promise<SseMessage[]> {
    const res = await fetch(`${this.baseUrl}/api/runs/${id}/events`, {
      headers: this.headers(opts.after ? { "last-event-id": String(opts.after) } : {}),
      signal: opts.signal,
    });
    if (res.status !== 200 || !res.body) throw new Error(`event stream refused: ${res.status} ${await res.text()}`);
    return readSse(res.body, opts.onMessage).catch((err: Error) => {
      if (opts.signal?.aborted) return [];
      throw err;
    });
  }
}

/** The stream's events have ids 1..N with none missing or repeated, and it ends with `end`. */
export function gapFree(messages: SseMessage[]): { ok: boolean; ids: number[]; why?: string } {
  const ids = messages.filter((m) => m.event === "message").map((m) => Number(m.id));
  const ended = messages.at(-1)?.event === "end";
  for (let i = 0; i < ids.length; i++) if (ids[i] !== i + 1) return { ok: false, ids, why: `event ${i + 1} is id ${ids[i]}` };
  if (!ended) return { ok: false, ids, why: "no end event" };
  return { ok: true, ids };
}
