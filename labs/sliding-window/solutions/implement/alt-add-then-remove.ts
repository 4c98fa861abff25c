type Redis = { call(command: string, key: string, ...args: (string | number)[]): any };
type Config = { windowMs: number; limit: number };

// Add first, count, and take the request back out when it did not fit.
export function slidingLog(
  redis: Redis,
  key: string,
  now: number,
  member: string,
  config: Config,
): boolean {
  redis.call("ZREMRANGEBYSCORE", key, "-inf", now - config.windowMs);
  redis.call("ZADD", key, now, member);
  redis.call("PEXPIRE", key, config.windowMs);
  if (redis.call("ZCARD", key) > config.limit) {
    redis.call("ZREM", key, member);
    return false;
  }
  return true;
}
