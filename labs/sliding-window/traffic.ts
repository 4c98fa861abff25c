/**
 * The lab's clock and its traffic. Time is the lab's: every request carries the millisecond
 * it is scheduled at (`at`), and that is the `now` the limiter decides on, so window
 * boundaries are exact and the checker needs no slack. The clock is paced to the wall clock
 * (the run is watchable live), and each instant's requests are sent in parallel on separate
 * connections and all answered before the next instant starts: the same decisions on every
 * seed, only their order within one instant changes.
 */
import { setMaxListeners } from "node:events";
import type { Redis } from "ioredis";
import type { WitnessOp } from "@/lib/checkers/witness-op";
import { sleepUnlessAborted } from "@/lib/faults/toxic";
import { HistoryRecorder } from "@/lib/history/recorder";
import { LabRunError, LabFailure } from "@/lib/labs/errors";
import type { Rng } from "@/lib/labs/rng";
import type { RunContext } from "@/lib/labs/types";
import type { RedisClients } from "@/lib/labs/redis-clients";
import { RollingWindows } from "./rolling-windows";
import { CLIENTS, RULE } from "./settings";

/** `count` requests of one user at lab time `at` (ms from the start of the workload). */
export interface Burst {
  at: number;
  user: string;
  count: number;
  /** What this traffic is for ("boundary burst", "heavy user"), for the diagnosis. */
  phase: string;
  /** Shown on the fault timeline (a boundary burst is this lab's fault). */
  fault?: string;
}

export interface Decision {
  /** Its invoke's position in the history: what a witness names. */
  index: number;
  process: number;
  user: string;
  phase: string;
  /** Lab ms the limiter decided on. */
  at: number;
  /** Unique per request: the sorted-set member. */
  member: string;
  allowed?: boolean;
  /** Wall ms (ctx.now) of the invoke and of the answer. */
  callTime: number;
  retTime?: number;
  /** What the limiter saw and did, when it reports it (the implement task's log). */
  trace?: unknown;
}

/**
 * A limiter decides one request of `user` at lab time `now`, sent by client `process` on
 * `conn`; it may report what it saw.
 */
export interface Limiter {
  decide(
    conn: Redis,
    user: string,
    now: number,
    member: string,
    process: number,
  ): Promise<{ allowed: boolean; trace?: unknown }>;
}

export function witnessOf(d: Decision): WitnessOp {
  return {
    index: d.index,
    process: d.process,
    f: "acquire",
    key: d.user,
    value: d.at,
    outcome: d.allowed === undefined ? "info" : d.allowed ? "ok" : "fail",
    callTime: d.callTime,
    ...(d.retTime === undefined ? {} : { retTime: d.retTime }),
  };
}

/** "user heavy's request at 1000 ms (process 7)": how diagnoses name a request. */
export function describeDecision(d: Decision): string {
  return `user ${d.user}'s request at ${d.at} ms (process ${d.process}, ${d.phase})`;
}

export class Traffic {
  readonly decisions: Decision[] = [];
  private readonly recorder: HistoryRecorder;
  private readonly halt = new AbortController();
  private readonly windows = new RollingWindows(RULE.windowMs);
  private failure: unknown;
  private sent = 0;
  private requestSeq = 0;

  constructor(
    private readonly ctx: RunContext,
    private readonly sys: RedisClients,
    private readonly limiter: Limiter,
  ) {
    this.recorder = new HistoryRecorder(ctx.now, ctx.emit, { metrics: () => null });
    ctx.signal.addEventListener("abort", () => this.halt.abort(), { once: true });
    setMaxListeners(0, this.halt.signal);
  }

  /** Runs the bursts on the lab clock; `rng` only shuffles which client sends which request. */
  async run(bursts: Burst[], rng: Rng): Promise<void> {
    const start = this.ctx.now();
    const instants = [...new Set(bursts.map((b) => b.at))].sort((a, b) => a - b);
    for (const at of instants) {
      await sleepUnlessAborted(start + at - this.ctx.now(), this.halt.signal);
      if (this.halt.signal.aborted) break;
      const requests = rng.shuffle(
        bursts.filter((b) => b.at === at).flatMap((b) => Array.from({ length: b.count }, () => b)),
      );
      // One chain per connection: a client never has two requests in flight.
      const chains = new Map<number, Burst[]>();
      requests.forEach((b, i) => {
        const process = (this.sent + i) % CLIENTS;
        chains.set(process, [...(chains.get(process) ?? []), b]);
      });
      this.sent += requests.length;
      const faults = [...new Set(requests.flatMap((b) => (b.fault ? [b.fault] : [])))];
      for (const fault of faults)
        this.ctx.emit({
          kind: "fault",
          t: this.ctx.now(),
          fault,
          action: "start",
          detail: { at, requests: requests.length },
        });
      await Promise.all(
        [...chains].map(async ([process, list]) => {
          for (const b of list) await this.send(process, b);
        }),
      );
      for (const fault of faults)
        this.ctx.emit({ kind: "fault", t: this.ctx.now(), fault, action: "stop" });
      if (this.failure) throw this.failure;
      this.showWindows(at, [...new Set(requests.map((b) => b.user))]);
    }
  }

  private async send(process: number, b: Burst): Promise<void> {
    const conn = this.sys.conns[process];
    if (!conn || this.halt.signal.aborted) return;
    const member = `${b.user}:${b.at}:${this.requestSeq++}`;
    const callTime = this.ctx.now();
    const index = this.recorder.record(
      { process, type: "invoke", f: "acquire", key: b.user, value: b.at },
      callTime,
    );
    const d: Decision = {
      index,
      process,
      user: b.user,
      phase: b.phase,
      at: b.at,
      member,
      callTime,
    };
    try {
      const { allowed, trace } = await this.limiter.decide(conn, b.user, b.at, member, process);
      const t = this.ctx.now();
      Object.assign(d, { allowed, retTime: t, trace });
      this.recorder.record(
        allowed
          ? { process, type: "ok", f: "acquire", key: b.user, value: b.at }
          : { process, type: "fail", f: "acquire", key: b.user, error: "rejected" },
        t,
      );
      const counter = allowed ? "admitted" : "rejected";
      this.ctx.emit({ kind: "metric", t, counters: { [counter]: 1, [`${counter}_${b.user}`]: 1 } });
      if (allowed) this.windows.admit(b.user, b.at);
    } catch (err) {
      const t = this.ctx.now();
      d.retTime = t;
      this.recorder.record(
        { process, type: "info", f: "acquire", key: b.user, error: (err as Error).message },
        t,
      );
      this.failure ??=
        err instanceof LabFailure || err instanceof LabRunError
          ? err
          : new LabRunError(
              "internal",
              `The limiter failed during the run: ${(err as Error).message}`,
            );
      this.halt.abort();
    }
    this.decisions.push(d);
  }

  /** The live view: how full each user's rolling window is now, and its worst so far. */
  private showWindows(at: number, users: string[]): void {
    for (const user of users) {
      const now = this.windows.countEndingAt(user, at);
      const max = this.windows.max.get(user) ?? 0;
      this.ctx.emit({
        kind: "state",
        t: this.ctx.now(),
        subject: `window:${user}`,
        state: `${now}/${RULE.limit} in the last ${RULE.windowMs} ms · max ${max}`,
        detail: { at, inWindow: now, rollingMax: max, limit: RULE.limit },
      });
    }
  }
}
