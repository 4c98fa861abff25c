import { Redis } from "ioredis";
import type { OnTeardown } from "@/lib/labs/phases";
import type { RunContext } from "@/lib/labs/types";
import type { Limiter } from "./limiters";

export interface TokenBucketSystem {
  /** For setup, inspection and cleanup; never used by workload clients. */
  admin: Redis;
  /** One connection per logical client (Jepsen "process"): one request in flight each. */
  conns: Redis[];
  /** Redis TIME (µs) at start, so decision times can be shown relative to the run. */
  epochUs: number;
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
export async function startSystem(
  ctx: RunContext,
  onTeardown: OnTeardown,
  processes: number,
): Promise<TokenBucketSystem> {
  const keyPrefix = `${ctx.redisPrefix}tb:`;
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

/** Emits each user's bucket every 250 ms (the UI's bucket gauge); returns a stop function. */
export function watchBuckets(
  ctx: RunContext,
  sys: TokenBucketSystem,
  limiter: Limiter,
  users: string[],
): () => Promise<void> {
  let busy: Promise<void> = Promise.resolve();
  const sample = async () => {
    for (const user of users) {
      const bucket = await limiter.inspect(sys.admin, user).catch(() => null);
      if (!bucket) continue;
      const tokens =
        typeof bucket.tokens === "number"
          ? `${bucket.tokens.toFixed(1)} tokens`
          : JSON.stringify(bucket).slice(0, 120);
      ctx.emit({
        kind: "state",
        t: ctx.now(),
        subject: `bucket:${user}`,
        state: tokens,
        detail: bucket,
      });
    }
  };
  const timer = setInterval(() => (busy = busy.then(sample)), 250);
  return async () => {
    clearInterval(timer);
    await busy;
    await sample();
  };
}
