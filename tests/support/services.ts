/** The real services tests use, and ways to get a private corner of each. */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { Redis } from "ioredis";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/faultline_test";
export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
export const TEST_PREFIX_ROOT = process.env.FAULTLINE_REDIS_PREFIX ?? "faultline-test";

/** A key prefix no other test uses: `faultline-test:<label>:<random>`. */
export function uniquePrefix(label: string): string {
  return `${TEST_PREFIX_ROOT}:${label}:${randomUUID().slice(0, 8)}`;
}

export function testRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
}

/** Deletes every key under a prefix (SCAN, never FLUSH: the Redis may be shared). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== "0");
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh empty database for one test file; `drop()` removes it. */
export async function scratchDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `faultline_scratch_${label}_${randomUUID().slice(0, 8)}`.replace(/[^a-z0-9_]/g, "_");
  const admin = new pg.Client({ connectionString: withDatabase(TEST_DATABASE_URL, "postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: withDatabase(TEST_DATABASE_URL, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: withDatabase(TEST_DATABASE_URL, "postgres") });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
