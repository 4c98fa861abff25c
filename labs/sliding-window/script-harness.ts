/**
 * The student's slidingLog(redis, key, now, member, config) runs like a Lua script: one call
 * decides one request, alone, and its `redis.call` answers at once. This harness is appended
 * to the student's code (after it, so their line numbers stay theirs): it gives the script
 * the user's sorted set as Redis holds it, runs the commands on that copy, and returns the
 * decision with the writes, which the host then applies to Redis in one MULTI/EXEC.
 * Errors are returned, not thrown, so they are reported in the student's words.
 */
export const HARNESS_EXPORT = "__faultlineRunScript";
export const STUDENT_EXPORT = "slidingLog";

export interface HarnessInput {
  key: string;
  now: number;
  member: string;
  config: { windowMs: number; limit: number };
  /** [member, score] in Redis order. */
  entries: [string, number][];
  /** Lab ms at which the key expires; null when it has no expiry. */
  expireAt: number | null;
}

export type Write =
  | ["ZREMRANGEBYSCORE", string, string]
  | ["ZADD", number, string]
  | ["ZREM", string]
  | ["PEXPIRE", number]
  | ["DEL"];

export type HarnessOutput =
  | { misuse: string }
  | { allowed: unknown; writes: Write[]; entries: [string, number][]; expireAt: number | null };

export const HARNESS_SOURCE = `
export function ${HARNESS_EXPORT}(input) {
  const zset = new Map(input.entries);
  let expireAt = input.expireAt;
  const writes = [];
  let misuse = null;
  const refuse = (message) => {
    misuse = misuse || message;
    throw new Error("redis.call: " + message);
  };
  const bound = (raw, command) => {
    const text = String(raw).toLowerCase();
    if (text === "-inf") return { value: -Infinity, open: false };
    if (text === "+inf" || text === "inf") return { value: Infinity, open: false };
    const open = text.startsWith("(");
    const value = Number(open ? text.slice(1) : text);
    if (text === "" || Number.isNaN(value)) refuse(command + ": " + JSON.stringify(raw) + " is not a score (a number, \\"(number\\", \\"-inf\\" or \\"+inf\\")");
    return { value, open };
  };
  const within = (score, min, max) =>
    (min.open ? score > min.value : score >= min.value) && (max.open ? score < max.value : score <= max.value);
  const sorted = () => [...zset].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const emptied = () => { if (zset.size === 0) expireAt = null; };
  const index = (i, n) => (i < 0 ? Math.max(n + i, 0) : i);
  const redis = {
    call(command, key, ...args) {
      const c = String(command).toUpperCase();
      if (key !== input.key) refuse(c + " on key " + JSON.stringify(key) + ": this script may only touch its own key, " + JSON.stringify(input.key));
      switch (c) {
        case "ZCARD": return zset.size;
        case "ZCOUNT": {
          const min = bound(args[0], c), max = bound(args[1], c);
          return [...zset.values()].filter((s) => within(s, min, max)).length;
        }
        case "ZREMRANGEBYSCORE": {
          const min = bound(args[0], c), max = bound(args[1], c);
          let removed = 0;
          for (const [m, s] of [...zset]) if (within(s, min, max)) { zset.delete(m); removed++; }
          writes.push([c, String(args[0]), String(args[1])]);
          emptied();
          return removed;
        }
        case "ZADD": {
          if (args.length === 0 || args.length % 2 !== 0) refuse("ZADD takes score member pairs: ZADD key score member");
          let added = 0;
          for (let i = 0; i < args.length; i += 2) {
            const score = Number(args[i]), m = String(args[i + 1]);
            if (!Number.isFinite(score)) refuse("ZADD: " + JSON.stringify(args[i]) + " is not a score");
            if (!zset.has(m)) added++;
            zset.set(m, score);
            writes.push([c, score, m]);
          }
          return added;
        }
        case "ZREM": {
          let removed = 0;
          for (const m of args.map(String)) if (zset.delete(m)) { removed++; writes.push([c, m]); }
          emptied();
          return removed;
        }
        case "ZRANGE": {
          const all = sorted(), n = all.length;
          const from = index(Number(args[0]), n), to = Math.min(index(Number(args[1]), n), n - 1);
          const slice = all.slice(from, to + 1);
          return String(args[2] ?? "").toUpperCase() === "WITHSCORES"
            ? slice.flatMap(([m, s]) => [m, String(s)])
            : slice.map(([m]) => m);
        }
        case "ZSCORE": return zset.has(String(args[0])) ? String(zset.get(String(args[0]))) : null;
        case "PEXPIRE":
        case "EXPIRE": {
          const ms = Number(args[0]) * (c === "EXPIRE" ? 1000 : 1);
          if (!Number.isFinite(ms)) refuse(c + ": " + JSON.stringify(args[0]) + " is not a number");
          if (zset.size === 0) return 0;
          expireAt = input.now + ms;
          writes.push(["PEXPIRE", ms]);
          return 1;
        }
        case "PTTL": return zset.size === 0 ? -2 : expireAt === null ? -1 : expireAt - input.now;
        case "TTL": return zset.size === 0 ? -2 : expireAt === null ? -1 : Math.ceil((expireAt - input.now) / 1000);
        case "EXISTS": return zset.size > 0 ? 1 : 0;
        case "DEL": {
          const existed = zset.size > 0 ? 1 : 0;
          zset.clear();
          expireAt = null;
          writes.push(["DEL"]);
          return existed;
        }
        case "TIME": return refuse("TIME: use the now argument; it is the lab's clock, the one the checker uses");
        default:
          return refuse(c + " is not available here: use ZADD, ZREM, ZREMRANGEBYSCORE, ZCARD, ZCOUNT, ZRANGE, ZSCORE, PEXPIRE, EXPIRE, PTTL, TTL, EXISTS or DEL");
      }
    },
  };
  let allowed;
  try {
    allowed = ${STUDENT_EXPORT}(redis, input.key, input.now, input.member, input.config);
  } catch (err) {
    if (misuse) return { misuse };
    throw err;
  }
  if (misuse) return { misuse };
  if (allowed !== null && typeof allowed === "object" && typeof allowed.then === "function")
    return { misuse: "${STUDENT_EXPORT}() must return true or false at once, not a Promise: a script runs to the end without waiting" };
  return { allowed, writes, entries: sorted(), expireAt };
}
`;
