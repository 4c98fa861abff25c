/** The token-bucket system: Redis clients from the kit (lib/labs/redis-clients.ts), and the bucket gauge. */
import type { OnTeardown } from "@/lib/labs/phases";
import { openRedisClients, type RedisClients } from "@/lib/labs/redis-clients";
import type { RunContext } from "@/lib/labs/types";
import type { Limiter } from "./limiters";

export type TokenBucketSystem = RedisClients;

/** One connection per logical client; keys under `<run prefix>tb:`. */
export function startSystem(ctx: RunContext, onTeardown: OnTeardown, processes: number): Promise<TokenBucketSystem> {
  return openRedisClients(ctx, onTeardown, processes, "tb");
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
