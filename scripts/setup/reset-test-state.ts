/**
 * Tests start from nothing: the test database is dropped and re-created, and every Redis key
 * under the test prefix is deleted (SCAN + DEL, never FLUSH — the Redis may be shared). Both
 * belong to the tests alone, so leftovers of an interrupted run can never leak into this one.
 */
import pg from "pg";
import { Redis } from "ioredis";

export async function dropDatabases(serverUrl: string, names: (existing: string[]) => string[]): Promise<string[]> {
  const url = new URL(serverUrl);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database");
    const doomed = names(rows.map((r) => r.datname));
    for (const name of doomed) await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
    return doomed;
  } finally {
    await client.end();
  }
}

export async function deletePrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}
