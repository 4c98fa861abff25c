type Redis = { call(command: string, key: string, ...args: (string | number)[]): any };
type Config = { windowMs: number; limit: number };

// Count only what is inside the window, then tidy up the rest.
export function slidingLog(
  redis: Redis,
  key: string,
  now: number,
  member: string,
  config: Config,
): boolean {
  const inWindow = redis.call("ZCOUNT", key, `(${now - config.windowMs}`, "+inf");
  const admit = inWindow < config.limit;
  if (admit) redis.call("ZADD", key, now, member);
  redis.call("ZREMRANGEBYSCORE", key, "-inf", now - config.windowMs);
  redis.call("PEXPIRE", key, config.windowMs);
  return admit;
}
