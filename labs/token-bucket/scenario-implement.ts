import type { Rng } from "@/lib/labs/rng";
import type { RunContext } from "@/lib/labs/types";
import { sleep } from "./limiters";
import type { BucketConfig } from "./model";
import { noisyNeighbour, type Traffic } from "./workload";

/** Refill 20/s: one token every 50 ms exactly, so the exact bucket's ties are real. */
export const IMPLEMENT_BUCKET: BucketConfig = { capacity: 5, refillPerSecond: 20 };

/**
 * Traffic that shows every mistake within a second: a request costing the whole capacity on a
 * full bucket (off by one, empty start), parallel bursts of mixed costs (ignored cost, negative
 * balance, no refill, ms as seconds), an idle longer than (capacity + 2) / refill followed by a
 * burst (no cap), and a noisy neighbour all along (state shared across users).
 */
export const IMPLEMENT_TRAFFIC = {
  mainProcesses: 4,
  /** A third user, one request at a time: a rejected request, then a long enough refill. */
  quietProcesses: 1,
  neighbourProcesses: 2,
  burstMs: 250,
  idleMs: 500,
  secondBurstMs: 200,
  mainGapMs: 8,
  neighbourGapMs: 5,
  costs: [1, 1, 2, 3] as const,
};

export const MAIN = "main";
export const NEIGHBOUR = "neighbour";
export const QUIET = "quiet";

/** Lets the runner stop early only once the quiet user's probe is done. */
export interface WorkloadMarks {
  quietDone: boolean;
}

/**
 * The quiet user: spend the whole bucket, ask for 4 tokens 20 ms later (rejected: at most 4
 * refilled), then 2 tokens after 300 ms (admitted: full again). A bucket that spends on
 * rejection still admits that last one; one that never refills does not: they differ here.
 */
async function quietProbe(traffic: Traffic, process: number, marks: WorkloadMarks): Promise<void> {
  await traffic.acquire(
    process,
    QUIET,
    "whole capacity on a new user's full bucket",
    IMPLEMENT_BUCKET.capacity,
  );
  await sleep(20, traffic.signal);
  await traffic.acquire(process, QUIET, "more than has refilled", 4);
  await sleep(300, traffic.signal);
  await traffic.acquire(process, QUIET, "after refilling", 2);
  marks.quietDone = true;
}

export async function implementWorkload(
  ctx: RunContext,
  traffic: Traffic,
  rng: Rng,
  marks: WorkloadMarks,
): Promise<void> {
  const p = IMPLEMENT_TRAFFIC;
  const { capacity } = IMPLEMENT_BUCKET;
  const main = Array.from({ length: p.mainProcesses }, (_, i) => i);
  const neighbours = Array.from({ length: p.neighbourProcesses }, (_, i) => p.mainProcesses + i);
  const quiet = quietProbe(traffic, p.mainProcesses + p.neighbourProcesses, marks);
  const burst = (phase: string, ms: number) => {
    const until = ctx.now() + ms;
    return main.map((proc) =>
      traffic.loop(proc, MAIN, {
        gapMs: p.mainGapMs,
        until,
        rng: rng.fork(`${phase}-${proc}`),
        phase,
        costs: p.costs,
      }),
    );
  };
  const endNoise = noisyNeighbour(ctx, NEIGHBOUR, { processes: neighbours.length, gapMs: p.neighbourGapMs });
  const neighbourUntil = ctx.now() + p.burstMs + p.idleMs + p.secondBurstMs;
  const noisy = neighbours.map((proc) =>
    traffic.loop(proc, NEIGHBOUR, {
      gapMs: p.neighbourGapMs,
      until: neighbourUntil,
      rng: rng.fork(`neighbour-${proc}`),
      phase: "noisy neighbour",
      costs: [1, 2],
    }),
  );
  const mainTraffic = (async () => {
    // A new user's bucket is full: a request costing all of it must be admitted.
    await traffic.acquire(0, MAIN, "whole capacity on a new user's full bucket", capacity);
    await traffic.all(burst("burst", p.burstMs));
    ctx.emit({
      kind: "fault",
      t: ctx.now(),
      fault: "idle",
      action: "start",
      target: MAIN,
      detail: { ms: p.idleMs },
    });
    await sleep(p.idleMs, traffic.signal);
    ctx.emit({ kind: "fault", t: ctx.now(), fault: "idle", action: "stop", target: MAIN });
    await traffic.acquire(0, MAIN, "whole capacity after idling", capacity);
    await traffic.acquire(0, MAIN, "right after the whole capacity", 1);
    await traffic.all(burst("second burst", p.secondBurstMs));
  })();
  try {
    await traffic.all([mainTraffic, quiet, ...noisy]);
  } finally {
    endNoise();
  }
}
