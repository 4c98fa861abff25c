type Redis = { call(command: string, key: string, ...args: (string | number)[]): any };
type Config = { windowMs: number; limit: number };

// The time identifies the request.
export function slidingLog(
  redis: Redis,
  key: string,
  now: number,
  member: string,
  config: Config,
): boolean {
  // Scores ≤ now − window are out of the window (now − window, now].
  redis.call("ZREMRANGEBYSCORE", key, "-inf", now - config.windowMs);
  if (redis.call("ZCARD", key) >= config.limit) return false;
  redis.call("ZADD", key, now, now);
  redis.call("PEXPIRE", key, config.windowMs);
  return true;
}
