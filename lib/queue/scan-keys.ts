/** Every key matching a SCAN pattern (never KEYS, which blocks Redis), through ioredis's scanStream. */
import type { Redis } from "ioredis";

export async function scanKeys(redis: Redis, pattern: string, count = 500): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of redis.scanStream({ match: pattern, count })) keys.push(...(batch as string[]));
  // SCAN may return a key twice (a rehash during the scan).
  return [...new Set(keys)];
}
