/**
 * A Redis-backed system under test (a limiter, a dedup store, a lock): one admin connection
 * for setup and inspection, and one connection per logical client (Jepsen process), so each
 * client has one request in flight. Every key lives under the run's own prefix and is
 * deleted at teardown, with the connections.
 */
import { Redis } from "ioredis";
import type { OnTeardown } from "./phases";
import type { RunContext } from "./types";

export interface RedisClients {
  /** For setup, inspection and cleanup; never used by workload clients. */
  admin: Redis;
  /** One connection per logical client. */
  conns: Redis[];
  /** Redis TIME (µs) at start, so decision times can be shown relative to the run. */
  epochUs: number;
  /** `<run prefix><label>:` — every key the system writes starts with it. */
  keyPrefix: string;
}

function connect(url: string): Redis {
  return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
}

async function deleteKeys(admin: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await admin.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    if (keys.length) await admin.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}

/** Opens the connections and registers their cleanup (keys deleted, connections closed). */
export async function openRedisClients(ctx: RunContext, onTeardown: OnTeardown, processes: number, label: string): Promise<RedisClients> {
  const keyPrefix = `${ctx.redisPrefix}${label}:`;
  const admin = connect(ctx.redisUrl);
  onTeardown(() => void admin.disconnect());
  await admin.connect();
  onTeardown(() => deleteKeys(admin, keyPrefix));
  const conns = Array.from({ length: processes }, () => connect(ctx.redisUrl));
  onTeardown(() => conns.forEach((c) => c.disconnect()));
  await Promise.all(conns.map((c) => c.connect()));
  const [sec, usec] = await admin.time();
  return { admin, conns, epochUs: Number(sec) * 1_000_000 + Number(usec), keyPrefix };
}
