type Redis = { call(command: string, key: string, ...args: (string | number)[]): any };
type Config = { windowMs: number; limit: number };

// Old entries expire with the key.
export function slidingLog(
  redis: Redis,
  key: string,
  now: number,
  member: string,
  config: Config,
): boolean {
  if (redis.call("ZCARD", key) >= config.limit) return false;
  redis.call("ZADD", key, now, member);
  redis.call("PEXPIRE", key, config.windowMs);
  return true;
}
