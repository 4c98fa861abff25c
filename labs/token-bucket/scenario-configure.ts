import type { RunContext } from "@/lib/labs/types";
import type { Rng } from "@/lib/labs/rng";
import { sleep } from "./limiters";
import type { LinearBound } from "./rate-bound";
import { noisyNeighbour, type Traffic } from "./workload";

export const APP = "app";
export const SCRAPER = "scraper";

/** Who sends what (the statement's requirements): the app must never be rejected. */
export const APP_TRAFFIC = { batch: 6, pollMs: 250, polls: 4 } as const;
export const SCRAPER_TRAFFIC = { processes: 3, gapMs: 8 } as const;

/** The backend serves one request at a time, SERVICE_MS each, with QUEUE more waiting. */
export const BACKEND = { serviceMs: 200, queue: 5 } as const;

/**
 * The same backend as an arrival bound: a server finishing one request every s seconds that
 * holds K requests loses none exactly when every window of T seconds brings at most K + T/s
 * (network calculus' (σ, ρ) envelope), so "no request lost" is checked as this bound.
 */
export const BACKEND_BOUND: LinearBound = {
  burst: BACKEND.queue + 1,
  perSecond: 1000 / BACKEND.serviceMs,
};

/** Processes 0..batch-1 are the app's (0 also polls); the scraper's come after. */
export const CONFIGURE_PROCESSES = APP_TRAFFIC.batch + SCRAPER_TRAFFIC.processes;

/**
 * Slack per poll: Redis's TIME is cached per event-loop turn, so on a busy Redis a decision can
 * be stamped a few ms early. The app polls a little slower than pollMs, never faster.
 */
const POLL_SLACK_MS = 10;

/**
 * The app opens (its bucket full: it was idle), sends its batch from every app connection at
 * once, then polls on a fixed schedule, so a late timer never makes the next poll early.
 */
export async function configureWorkload(
  ctx: RunContext,
  traffic: Traffic,
  rng: Rng,
): Promise<void> {
  const scraperProcs = Array.from(
    { length: SCRAPER_TRAFFIC.processes },
    (_, i) => APP_TRAFFIC.batch + i,
  );
  const appMs = APP_TRAFFIC.polls * (APP_TRAFFIC.pollMs + POLL_SLACK_MS) + 50;
  const endNoise = noisyNeighbour(ctx, SCRAPER, { processes: scraperProcs.length });
  const until = ctx.now() + appMs;
  const scraper = scraperProcs.map((proc) =>
    traffic.loop(proc, SCRAPER, {
      gapMs: SCRAPER_TRAFFIC.gapMs,
      until,
      rng: rng.fork(`scraper-${proc}`),
      phase: "scraper",
    }),
  );
  const app = (async () => {
    await traffic.all(
      Array.from({ length: APP_TRAFFIC.batch }, (_, proc) => traffic.acquire(proc, APP, "batch")),
    );
    const start = ctx.now();
    for (let k = 1; k <= APP_TRAFFIC.polls && !traffic.stopped; k++) {
      await sleep(start + k * (APP_TRAFFIC.pollMs + POLL_SLACK_MS) - ctx.now(), traffic.signal);
      await traffic.acquire(0, APP, `poll ${k}`);
    }
  })();
  try {
    await traffic.all([app, ...scraper]);
  } finally {
    endNoise();
  }
}
