/** The state of each part Faultline needs, for /api/health and `npm start`. */
import pg from "pg";
import type { Redis } from "ioredis";
import { liveWorkers } from "@/lib/queue/heartbeat";

export interface PartState {
  ok: boolean;
  detail: string;
}

export interface Health {
  ok: boolean;
  postgres: PartState;
  redis: PartState;
  workers: PartState & { ids: string[] };
  /** Names of the parts that are down, for the 503 message. */
  down: string[];
}

const TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref()),
  ]);
}

async function checkPostgres(databaseUrl: string): Promise<PartState> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: TIMEOUT_MS });
  try {
    await withTimeout(client.connect(), "Postgres");
    await withTimeout(client.query("SELECT 1"), "Postgres");
    return { ok: true, detail: "connected" };
  } catch (error) {
    return { ok: false, detail: `unreachable: ${(error as Error).message}` };
  } finally {
    client.end().catch(() => {});
  }
}

async function checkRedis(redis: Redis): Promise<PartState> {
  try {
    await withTimeout(redis.ping(), "Redis");
    return { ok: true, detail: "connected" };
  } catch (error) {
    return { ok: false, detail: `unreachable: ${(error as Error).message}` };
  }
}

export async function checkHealth(opts: { databaseUrl: string; redis: Redis; prefix: string }): Promise<Health> {
  const [postgres, redis] = await Promise.all([checkPostgres(opts.databaseUrl), checkRedis(opts.redis)]);
  let ids: string[] = [];
  if (redis.ok) ids = await withTimeout(liveWorkers(opts.redis, opts.prefix), "Redis").catch(() => []);
  const workers = {
    ok: ids.length > 0,
    detail: ids.length > 0 ? `${ids.length} live` : "no live lab worker: start one with `npm run worker`",
    ids,
  };
  const down = [
    ...(postgres.ok ? [] : ["postgres"]),
    ...(redis.ok ? [] : ["redis"]),
    ...(workers.ok ? [] : ["workers"]),
  ];
  return { ok: down.length === 0, postgres, redis, workers, down };
}
