type Redis = { call(command: string, key: string, ...args: (string | number)[]): any };
type Config = { windowMs: number; limit: number };

// Log the request, then see whether it fit.
export function slidingLog(
  redis: Redis,
  key: string,
  now: number,
  member: string,
  config: Config,
): boolean {
  // Scores ≤ now − window are out of the window (now − window, now].
  redis.call("ZREMRANGEBYSCORE", key, "-inf", now - config.windowMs);
  redis.call("ZADD", key, now, member);
  redis.call("PEXPIRE", key, config.windowMs);
  return redis.call("ZCARD", key) <= config.limit;
}
