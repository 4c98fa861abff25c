import { setMaxListeners } from "node:events";
import { LabRunError } from "@/lib/labs/errors";
import type { Rng } from "@/lib/labs/rng";
import type { RunContext } from "@/lib/labs/types";
import type { WitnessOp } from "@/lib/checkers/witness-op";
import { HistoryRecorder } from "@/lib/history/recorder";
import { sleep, type Decision, type Limiter } from "./limiters";
import type { TokenBucketSystem } from "./system";

export interface Request {
  /** Position of its invoke among the run's op events: the history index the UI highlights. */
  index: number;
  process: number;
  user: string;
  /** What the workload was doing ("batch", "poll", "burst", …), for the diagnosis. */
  phase: string;
  cost: number;
  /** Run ms (ctx.now) of the invoke and of the completion. */
  callTime: number;
  retTime?: number;
  /** Outcome; undefined when Redis failed and we do not know (Jepsen :info). */
  allowed?: boolean;
  contention?: boolean;
  /** Redis µs the decision was based on (`now` × 1000 for decisions made in whole ms). */
  us?: number;
  /** Optimistic limiter: the committed decision (its place in the user's chain, its `now`). */
  commit?: { seq: number; now: number };
}

/** The request as the grade's witness: the same operation the timeline draws. */
export function witnessOf(r: Request): WitnessOp {
  return {
    index: r.index,
    process: r.process,
    f: "acquire",
    key: r.user,
    value: r.cost,
    outcome: r.allowed === undefined ? "info" : r.allowed ? "ok" : "fail",
    callTime: r.callTime,
    ...(r.retTime === undefined ? {} : { retTime: r.retTime }),
  };
}

/**
 * Runs request loops on their own connections and records them as a Jepsen-style history
 * (invoke → ok/fail/info); the first student-code error stops them all, and so does stop().
 */
/** Marks a noisy neighbour's traffic on the fault timeline; returns the call that ends it. */
export function noisyNeighbour(ctx: RunContext, target: string, detail: Record<string, unknown>): () => void {
  ctx.emit({ kind: "fault", t: ctx.now(), fault: "noisy-neighbour", action: "start", target, detail });
  return () => ctx.emit({ kind: "fault", t: ctx.now(), fault: "noisy-neighbour", action: "stop", target });
}

export class Traffic {
  readonly requests: Request[] = [];
  private readonly halt = new AbortController();
  private failure: unknown;
  private redisErrors = 0;
  /** Decisions carry their own metric (admitted / rejected per user), emitted after the op. */
  private readonly recorder: HistoryRecorder;

  constructor(
    private readonly ctx: RunContext,
    private readonly sys: TokenBucketSystem,
    private readonly limiter: Limiter,
    /** Sees every decision as it lands (e.g. to stop a run once its grade is certain). */
    private readonly onDecision?: (r: Request) => void,
  ) {
    this.recorder = new HistoryRecorder(ctx.now, ctx.emit, { metrics: () => null });
    ctx.signal.addEventListener("abort", () => this.halt.abort(), { once: true });
    // Every waiting client listens on the stop signal; dozens at once is expected here.
    setMaxListeners(0, this.halt.signal);
  }

  get stopped(): boolean {
    return this.halt.signal.aborted;
  }

  get signal(): AbortSignal {
    return this.halt.signal;
  }

  /** Ends every loop after its request in flight. */
  stop(): void {
    this.halt.abort();
  }

  async acquire(process: number, user: string, phase: string, cost = 1): Promise<void> {
    const conn = this.sys.conns[process];
    if (!conn || this.stopped) return;
    const { ctx } = this;
    const callTime = ctx.now();
    const index = this.recorder.record({ process, type: "invoke", f: "acquire", key: user, value: cost }, callTime);
    const request: Request = { index, process, user, phase, cost, callTime };
    try {
      const d = await this.limiter.acquire(conn, user, this.halt.signal, cost);
      this.record(request, d);
    } catch (err) {
      const t = ctx.now();
      request.retTime = t;
      this.recorder.record({ process, type: "info", f: "acquire", key: user, error: (err as Error).message }, t);
      if (isRedisError(err) && ++this.redisErrors < 10) return;
      this.failure ??= isRedisError(err)
        ? new LabRunError(
            "internal",
            `Redis kept failing during the run: ${(err as Error).message}`,
          )
        : err;
      this.halt.abort();
    }
  }

  /** A client loop: acquire, then wait a seeded, jittered gap, until `until` (run ms). */
  async loop(
    process: number,
    user: string,
    opts: { gapMs: number; until: number; rng: Rng; phase: string; costs?: readonly number[] },
  ): Promise<void> {
    while (!this.stopped && this.ctx.now() < opts.until) {
      await this.acquire(process, user, opts.phase, opts.costs ? opts.rng.pick(opts.costs) : 1);
      await sleep(opts.rng.jitter(opts.gapMs, 0.5), this.halt.signal);
    }
  }

  /** Waits for every loop, then rethrows the error that stopped them (student code, Redis). */
  async all(loops: Promise<void>[]): Promise<void> {
    await Promise.all(loops);
    if (this.failure) throw this.failure;
  }

  private record(request: Request, d: Decision): void {
    const t = this.ctx.now();
    const { process, user } = request;
    const op = d.allowed
      ? ({ type: "ok", value: true } as const)
      : ({ type: "fail", error: d.contention ? "contention" : "rejected" } as const);
    this.recorder.record({ process, f: "acquire", key: user, ...op }, t);
    const counter = d.allowed ? "admitted" : "rejected";
    this.ctx.emit({ kind: "metric", t, counters: { [counter]: 1, [`${counter}_${user}`]: 1 } });
    Object.assign(request, {
      retTime: t,
      allowed: d.allowed,
      us: d.commit ? d.commit.now * 1000 : d.serverUs,
      ...(d.contention ? { contention: true } : {}),
      ...(d.commit ? { commit: d.commit } : {}),
    });
    this.requests.push(request);
    this.onDecision?.(request);
  }
}

function isRedisError(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === "ReplyError" ||
      err.name === "MaxRetriesPerRequestError" ||
      /ECONNREFUSED|Connection is closed/.test(err.message))
  );
}
