type Redis = { call(command: string, key: string, ...args: (string | number)[]): any };
type Config = { windowMs: number; limit: number };

// A sorted set per window.
export function slidingLog(
  redis: Redis,
  key: string,
  now: number,
  member: string,
  config: Config,
): boolean {
  // Keep only this window's entries.
  redis.call(
    "ZREMRANGEBYSCORE",
    key,
    "-inf",
    `(${Math.floor(now / config.windowMs) * config.windowMs}`,
  );
  if (redis.call("ZCARD", key) >= config.limit) return false;
  redis.call("ZADD", key, now, member);
  redis.call("PEXPIRE", key, config.windowMs);
  return true;
}
