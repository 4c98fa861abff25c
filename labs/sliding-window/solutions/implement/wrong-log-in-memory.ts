type Redis = { call(command: string, key: string, ...args: (string | number)[]): any };
type Config = { windowMs: number; limit: number };

// A sliding log per key, kept right here: no round trips to Redis at all.
const logs = new Map<string, number[]>();

export function slidingLog(
  redis: Redis,
  key: string,
  now: number,
  member: string,
  config: Config,
): boolean {
  const log = (logs.get(key) ?? []).filter((t) => t > now - config.windowMs);
  logs.set(key, log);
  if (log.length >= config.limit) return false;
  log.push(now);
  return true;
}
