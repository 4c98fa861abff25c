import { setMaxListeners } from "node:events";
import { LabRunError } from "@/lib/labs/errors";
import type { Rng } from "@/lib/labs/rng";
import type { RunContext } from "@/lib/labs/types";
import { sleep, type Limiter } from "./limiters";
import type { TokenBucketSystem } from "./system";

export type User = "main" | "neighbour";
export type TrafficPhase = "burst" | "steady";

export interface Request {
  process: number;
  user: User;
  phase: TrafficPhase;
  /** Outcome; undefined when Redis failed and we do not know (Jepsen :info). */
  allowed?: boolean;
  /** Decision time on Redis's clock, ms since the run's system started. */
  at: number;
}

/** Runs request loops on their own connections; the first student-code error stops them all. */
export class Traffic {
  readonly requests: Request[] = [];
  private readonly stop = new AbortController();
  private failure: unknown;
  private redisErrors = 0;

  constructor(
    private readonly ctx: RunContext,
    private readonly sys: TokenBucketSystem,
    private readonly limiter: Limiter,
  ) {
    ctx.signal.addEventListener("abort", () => this.stop.abort(), { once: true });
    // Every waiting client listens on the stop signal; dozens at once is expected here.
    setMaxListeners(0, this.stop.signal);
  }

  get stopped(): boolean {
    return this.stop.signal.aborted;
  }

  async acquire(process: number, user: User, phase: TrafficPhase): Promise<void> {
    const conn = this.sys.conns[process];
    if (!conn || this.stopped) return;
    const { ctx } = this;
    const invokedAt = ctx.now();
    ctx.emit({
      kind: "op",
      t: invokedAt,
      op: { process, type: "invoke", f: "acquire", key: user, time: invokedAt },
    });
    try {
      const d = await this.limiter.acquire(conn, user, this.stop.signal);
      const t = ctx.now();
      const op = d.allowed
        ? ({ type: "ok", value: true } as const)
        : ({ type: "fail", error: d.contention ? "contention" : "rejected" } as const);
      ctx.emit({ kind: "op", t, op: { process, f: "acquire", key: user, time: t, ...op } });
      const counter = d.allowed ? "admitted" : "rejected";
      ctx.emit({ kind: "metric", t, counters: { [counter]: 1, [`${counter}_${user}`]: 1 } });
      this.requests.push({
        process,
        user,
        phase,
        allowed: d.allowed,
        at: d.serverMs - this.sys.epochMs,
      });
    } catch (err) {
      const t = ctx.now();
      ctx.emit({
        kind: "op",
        t,
        op: {
          process,
          type: "info",
          f: "acquire",
          key: user,
          time: t,
          error: (err as Error).message,
        },
      });
      if (isRedisError(err) && ++this.redisErrors < 10) return;
      this.failure ??= isRedisError(err)
        ? new LabRunError(
            "internal",
            `Redis kept failing during the run: ${(err as Error).message}`,
          )
        : err;
      this.stop.abort();
    }
  }

  /** A client loop: acquire, then wait a seeded, jittered gap, until `until` (run ms). */
  async loop(process: number, user: User, gapMs: number, until: number, rng: Rng): Promise<void> {
    while (!this.stopped && this.ctx.now() < until) {
      await this.acquire(process, user, "steady");
      await sleep(rng.jitter(gapMs, 0.5), this.stop.signal);
    }
  }

  /** Waits for every loop, then rethrows the error that stopped them (student code, Redis). */
  async all(loops: Promise<void>[]): Promise<void> {
    await Promise.all(loops);
    if (this.failure) throw this.failure;
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

/** Burst of `burst` requests by the main user, then steady traffic from both users. */
export interface BurstThenSteady {
  burst: number;
  /** Main user's processes (0..mainProcesses-1); the rest belong to the noisy neighbour. */
  mainProcesses: number;
  neighbourProcesses: number;
  mainGapMs: number;
  neighbourGapMs: number;
  steadyMs: number;
}

export async function burstThenSteady(
  ctx: RunContext,
  traffic: Traffic,
  rng: Rng,
  p: BurstThenSteady,
): Promise<void> {
  const main = Array.from({ length: p.mainProcesses }, (_, i) => i);
  // The burst: every main process fires its share back to back, all processes at once.
  await traffic.all(
    main.map(async (proc) => {
      for (let i = proc; i < p.burst; i += p.mainProcesses)
        await traffic.acquire(proc, "main", "burst");
    }),
  );
  const until = ctx.now() + p.steadyMs;
  const neighbours = Array.from({ length: p.neighbourProcesses }, (_, i) => p.mainProcesses + i);
  ctx.emit({
    kind: "fault",
    t: ctx.now(),
    fault: "noisy-neighbour",
    action: "start",
    target: "neighbour",
    detail: { processes: neighbours.length, gapMs: p.neighbourGapMs },
  });
  await traffic.all([
    ...main.map((proc) => traffic.loop(proc, "main", p.mainGapMs, until, rng.fork(`main-${proc}`))),
    ...neighbours.map((proc) =>
      traffic.loop(proc, "neighbour", p.neighbourGapMs, until, rng.fork(`neighbour-${proc}`)),
    ),
  ]);
  ctx.emit({
    kind: "fault",
    t: ctx.now(),
    fault: "noisy-neighbour",
    action: "stop",
    target: "neighbour",
  });
}
