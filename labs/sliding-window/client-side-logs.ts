/**
 * The sliding log run from the app server instead of inside Redis: the two ways people try
 * before they reach for a script. `pauseMs` is the fault: the app server stalls between
 * reading the log and writing it (a GC pause, a slow hop), as production servers do. The
 * stall is short and always ends, so it need not listen for the run's abort.
 */
import { EXPIRY_SLACK_MS, type Rule } from "./settings";
import { setTimeout as stall } from "node:timers/promises";
import type { Limiter } from "./traffic";

/** Counts in one round trip, decides in the app, adds in another: nothing holds the count. */
export function readThenWriteLog(
  rule: Rule,
  keyOf: (user: string) => string,
  pauseMs: number,
): Limiter {
  return {
    async decide(conn, user, now, member) {
      const key = keyOf(user);
      const replies = await conn
        .pipeline()
        .zremrangebyscore(key, "-inf", now - rule.windowMs)
        .zcard(key)
        .exec();
      const count = Number(replies?.[1]?.[1] ?? 0);
      const allowed = count < rule.limit;
      await stall(pauseMs);
      if (allowed)
        await conn
          .multi()
          .zadd(key, now, member)
          .pexpire(key, rule.windowMs + EXPIRY_SLACK_MS)
          .exec();
      return { allowed, trace: { count } };
    },
  };
}

/**
 * Optimistic: WATCH the key, count, then trim and add in MULTI/EXEC; EXEC fails when another
 * client wrote the key in between, and the request tries again, up to `attempts` times.
 */
export function watchMultiLog(
  rule: Rule,
  keyOf: (user: string) => string,
  pauseMs: number,
  attempts: number,
): Limiter {
  return {
    async decide(conn, user, now, member) {
      const key = keyOf(user);
      for (let attempt = 1; attempt <= attempts; attempt++) {
        await conn.watch(key);
        const count = await conn.zcount(key, `(${now - rule.windowMs}`, "+inf");
        if (count >= rule.limit) {
          await conn.unwatch();
          return { allowed: false, trace: { count, attempt } };
        }
        await stall(pauseMs);
        const done = await conn
          .multi()
          .zremrangebyscore(key, "-inf", now - rule.windowMs)
          .zadd(key, now, member)
          .pexpire(key, rule.windowMs + EXPIRY_SLACK_MS)
          .exec();
        if (done !== null) return { allowed: true, trace: { count, attempt } };
      }
      return { allowed: false, trace: { gaveUp: true, attempts } };
    },
  };
}
