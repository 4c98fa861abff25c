/**
 * The three limiters as Lua scripts, each run atomically with EVALSHA. `now` is an argument
 * (the lab's clock), so window boundaries fall exactly where the lab says.
 */
import type { Redis } from "ioredis";
import type { Limiter } from "./traffic";
import { EXPIRY_SLACK_MS, type Rule } from "./settings";

/** KEYS[1] user key; ARGV: now, window, limit, member, expiry slack. */
const FIXED_WINDOW = `
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local key = KEYS[1] .. ':' .. math.floor(now / window)
local n = redis.call('INCR', key)
if n == 1 then redis.call('PEXPIRE', key, window + tonumber(ARGV[5])) end
if n <= limit then return 1 end
return 0
`;

const SLIDING_LOG = `
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[4])
redis.call('PEXPIRE', KEYS[1], window + tonumber(ARGV[5]))
return 1
`;

/** Counts admitted requests per fixed window; weighs the previous one by its overlap. */
const SLIDING_COUNTER = `
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local current = math.floor(now / window)
local key = KEYS[1] .. ':' .. current
local count = tonumber(redis.call('GET', key) or '0')
local previous = tonumber(redis.call('GET', KEYS[1] .. ':' .. (current - 1)) or '0')
local elapsed = now - current * window
if previous * (window - elapsed) / window + count >= limit then return 0 end
redis.call('INCR', key)
redis.call('PEXPIRE', key, 2 * window + tonumber(ARGV[5]))
return 1
`;

export const LUA_LIMITERS = {
  "fixed-window": FIXED_WINDOW,
  "sliding-log": SLIDING_LOG,
  "sliding-counter": SLIDING_COUNTER,
} as const;
export type LimiterKind = keyof typeof LUA_LIMITERS;

export async function luaLimiter(
  admin: Redis,
  kind: LimiterKind,
  rule: Rule,
  keyOf: (user: string) => string,
): Promise<Limiter> {
  const script = LUA_LIMITERS[kind];
  const sha = (await admin.script("LOAD", script)) as string;
  return {
    async decide(conn, user, now, member) {
      const args = [keyOf(user), now, rule.windowMs, rule.limit, member, EXPIRY_SLACK_MS];
      let reply: unknown;
      try {
        reply = await conn.evalsha(sha, 1, ...args);
      } catch (err) {
        // A restarted or flushed Redis forgets scripts; send it whole.
        if (!String((err as Error).message).includes("NOSCRIPT")) throw err;
        reply = await conn.eval(script, 1, ...args);
      }
      return { allowed: reply === 1 };
    },
  };
}
