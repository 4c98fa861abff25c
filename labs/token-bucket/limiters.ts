import type { Redis } from "ioredis";
import { TOKEN_BUCKET_LUA } from "./lua";
import { takeToken, type BucketConfig } from "./model";

export interface Decision {
  allowed: boolean;
  /** Redis TIME (ms) the decision was based on: every client shares this clock. */
  serverMs: number;
  /** Optimistic limiters only: how many times the transaction lost a race and retried. */
  retries?: number;
  /** Optimistic limiters only: gave up after too many lost races (counts as rejected). */
  contention?: boolean;
}

export interface Limiter {
  acquire(conn: Redis, user: string, signal: AbortSignal): Promise<Decision>;
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

function timeMs(reply: unknown): number {
  const [sec, usec] = reply as [string, string];
  return Number(sec) * 1000 + Number(usec) / 1000;
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
    async acquire(conn, user) {
      const args = [keyOf(user), config.capacity, config.refillPerSecond, 1, TTL_MS];
      let reply: unknown;
      try {
        reply = await conn.evalsha(sha, 1, ...args);
      } catch (err) {
        // A restarted or flushed Redis forgets scripts; load it again the slow way.
        if (!String((err as Error).message).includes("NOSCRIPT")) throw err;
        reply = await conn.eval(TOKEN_BUCKET_LUA, 1, ...args);
      }
      const [allowed, , now] = reply as [number, string, string];
      return { allowed: allowed === 1, serverMs: Number(now) };
    },
    async inspect(conn, user) {
      const saved = await conn.hgetall(keyOf(user));
      return saved.tokens === undefined
        ? null
        : { tokens: Number(saved.tokens), updatedAt: Number(saved.ts) };
    },
  };
}

async function readJson(conn: Redis, key: string): Promise<Record<string, unknown> | null> {
  const raw = await conn.get(key);
  return raw === null ? null : (JSON.parse(raw) as Record<string, unknown>);
}

/**
 * The classic bug: GET the bucket, decide in the app, SET it back. Between the read and the
 * write (`pauseMs` models an app-server pause or a slow network) other clients read the same
 * token count, and all of them spend it.
 */
export function readThenWriteLimiter({ config, keyOf }: LimiterOptions, pauseMs: number): Limiter {
  return {
    async acquire(conn, user, signal) {
      const key = keyOf(user);
      const [[, raw], [, time]] = (await conn.pipeline().get(key).time().exec()) as [
        [unknown, string | null],
        [unknown, unknown],
      ];
      const now = timeMs(time);
      const step = takeToken(raw ? JSON.parse(raw) : null, now, 1, config);
      await sleep(pauseMs, signal);
      await conn.set(key, JSON.stringify(step.state), "PX", TTL_MS);
      return { allowed: step.allowed, serverMs: now };
    },
    inspect: (conn, user) => readJson(conn, keyOf(user)),
  };
}

/**
 * Optimistic concurrency: WATCH the key, read, decide with `allow`, write in MULTI/EXEC; if
 * another client wrote the key meanwhile EXEC aborts and we retry with fresh state. The
 * decision is entirely `allow`'s, so a student's pure function really is the limiter.
 */
export function optimisticLimiter(
  { config, keyOf }: LimiterOptions,
  allow: AllowFn,
  opts: { pauseMs?: number; maxRetries?: number } = {},
): Limiter {
  const maxRetries = opts.maxRetries ?? 100;
  return {
    async acquire(conn, user, signal) {
      const key = keyOf(user);
      for (let attempt = 0; ; attempt++) {
        const replies = (await conn.pipeline().watch(key).get(key).time().exec()) as [
          [unknown, unknown],
          [unknown, string | null],
          [unknown, unknown],
        ];
        const raw = replies[1][1];
        const now = timeMs(replies[2][1]);
        let step: { allowed: boolean; state: unknown };
        try {
          step = allow(raw === null ? null : JSON.parse(raw), now, 1, config);
        } catch (err) {
          await conn.unwatch();
          throw err;
        }
        if (opts.pauseMs) await sleep(opts.pauseMs, signal);
        const committed = await conn
          .multi()
          .set(key, JSON.stringify(step.state), "PX", TTL_MS)
          .exec();
        if (committed !== null) return { allowed: step.allowed, serverMs: now, retries: attempt };
        if (attempt >= maxRetries || signal.aborted)
          return { allowed: false, serverMs: now, retries: attempt, contention: true };
      }
    },
    inspect: (conn, user) => readJson(conn, keyOf(user)),
  };
}

export { sleep };
