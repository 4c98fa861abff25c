import type { Redis } from "ioredis";
import { decodeBucket, decodeBucketReply, LUA_UNITS_PER_TOKEN, TOKEN_BUCKET_LUA } from "@/lib/rate-limit/token-bucket-lua";
import { takeToken, type BucketConfig } from "./model";

export interface Decision {
  allowed: boolean;
  /** Redis TIME (µs) the decision was based on: every client shares this clock. */
  serverUs: number;
  /** Optimistic limiters only: how many times the transaction lost a race and retried. */
  retries?: number;
  /** Optimistic limiters only: gave up after too many lost races (counts as rejected). */
  contention?: boolean;
  /** Optimistic limiters only: the committed decision's place in the user's chain and its `now`. */
  commit?: { seq: number; now: number };
}

export interface Limiter {
  acquire(conn: Redis, user: string, signal: AbortSignal, cost?: number): Promise<Decision>;
  /** The user's bucket as stored, for `state` events; null before its first request. */
  inspect(conn: Redis, user: string): Promise<Record<string, unknown> | null>;
}

/** The student's (or our) decision function: the pure core of a limiter. */
export type AllowFn = (
  state: unknown,
  now: number,
  cost: number,
  config: BucketConfig,
) => { allowed: boolean; state: unknown };

export interface LimiterOptions {
  config: BucketConfig;
  /** Redis key of a user's bucket (per-user or one shared key). */
  keyOf(user: string): string;
}

/** Keys outlive a run by at most this; teardown deletes them anyway. */
const TTL_MS = 60_000;

function timeUs(reply: unknown): number {
  const [sec, usec] = reply as [string, string];
  return Number(sec) * 1_000_000 + Number(usec);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Atomic: one EVALSHA per request, the whole decision runs inside Redis. */
export async function luaLimiter(
  admin: Redis,
  { config, keyOf }: LimiterOptions,
): Promise<Limiter> {
  const sha = (await admin.script("LOAD", TOKEN_BUCKET_LUA)) as string;
  return {
    async acquire(conn, user, _signal, cost = 1) {
      const args = [keyOf(user), config.capacity, config.refillPerSecond, cost, TTL_MS];
      let reply: unknown;
      try {
        reply = await conn.evalsha(sha, 1, ...args);
      } catch (err) {
        // A restarted or flushed Redis forgets scripts; load it again the slow way.
        if (!String((err as Error).message).includes("NOSCRIPT")) throw err;
        reply = await conn.eval(TOKEN_BUCKET_LUA, 1, ...args);
      }
      return decodeBucketReply(reply as number);
    },
    async inspect(conn, user) {
      const saved = decodeBucket(await conn.getBuffer(keyOf(user)));
      return saved && { tokens: saved.units / LUA_UNITS_PER_TOKEN, updatedAtUs: saved.updatedAtUs };
    },
  };
}

/** What the optimistic limiter stores: the decision function's state and the chain position. */
interface Stored {
  seq: number;
  state: unknown;
}

async function readStored(conn: Redis, key: string): Promise<Record<string, unknown> | null> {
  const raw = await conn.get(key);
  if (raw === null) return null;
  const { state } = JSON.parse(raw) as Stored;
  return state !== null && typeof state === "object" && !Array.isArray(state)
    ? (state as Record<string, unknown>)
    : { state };
}

/**
 * The classic bug: GET the bucket, decide in the app, SET it back. Between the read and the
 * write (`pauseMs` models an app-server pause or a slow network) other clients read the same
 * token count, and all of them spend it.
 */
export function readThenWriteLimiter(
  { config, keyOf }: LimiterOptions,
  pauseMs: number,
  allow: AllowFn = takeToken as AllowFn,
): Limiter {
  return {
    async acquire(conn, user, signal, cost = 1) {
      const key = keyOf(user);
      const [[, raw], [, time]] = (await conn.pipeline().get(key).time().exec()) as [
        [unknown, string | null],
        [unknown, unknown],
      ];
      const serverUs = timeUs(time);
      const now = Math.floor(serverUs / 1000);
      const stored = raw ? (JSON.parse(raw) as Stored) : null;
      const step = allow(stored ? stored.state : null, now, cost, config);
      await sleep(pauseMs, signal);
      const next: Stored = { seq: (stored?.seq ?? 0) + 1, state: step.state };
      await conn.set(key, JSON.stringify(next), "PX", TTL_MS);
      // Decided on whole ms, so the rate bound is checked on the time the decision used.
      return { allowed: step.allowed, serverUs: now * 1000 };
    },
    inspect: (conn, user) => readStored(conn, keyOf(user)),
  };
}

/**
 * Optimistic concurrency: WATCH the key, read it and Redis TIME, decide with `allow`, write in
 * MULTI/EXEC; if another client wrote the key meanwhile EXEC aborts and we retry with fresh
 * state. The decision is entirely `allow`'s, so a student's pure function really is the
 * limiter. TIME is read after WATCH, so along a user's committed decisions `now` never goes
 * backwards; it is whole milliseconds, so several decisions may share one `now`.
 */
export function optimisticLimiter(
  { config, keyOf }: LimiterOptions,
  allow: AllowFn,
  opts: { pauseMs?: number; maxRetries?: number } = {},
): Limiter {
  const maxRetries = opts.maxRetries ?? 100;
  return {
    async acquire(conn, user, signal, cost = 1) {
      const key = keyOf(user);
      for (let attempt = 0; ; attempt++) {
        const replies = (await conn.pipeline().watch(key).get(key).time().exec()) as [
          [unknown, unknown],
          [unknown, string | null],
          [unknown, unknown],
        ];
        const raw = replies[1][1];
        const serverUs = timeUs(replies[2][1]);
        const now = Math.floor(serverUs / 1000);
        const stored = raw === null ? null : (JSON.parse(raw) as Stored);
        let step: { allowed: boolean; state: unknown };
        try {
          step = allow(stored ? stored.state : null, now, cost, config);
        } catch (err) {
          await conn.unwatch();
          throw err;
        }
        if (opts.pauseMs) await sleep(opts.pauseMs, signal);
        const next: Stored = { seq: (stored?.seq ?? 0) + 1, state: step.state };
        const committed = await conn.multi().set(key, JSON.stringify(next), "PX", TTL_MS).exec();
        if (committed !== null)
          return {
            allowed: step.allowed,
            serverUs,
            retries: attempt,
            commit: { seq: next.seq, now },
          };
        if (attempt >= maxRetries || signal.aborted)
          return { allowed: false, serverUs, retries: attempt, contention: true };
      }
    },
    inspect: (conn, user) => readStored(conn, keyOf(user)),
  };
}

export { sleep };
