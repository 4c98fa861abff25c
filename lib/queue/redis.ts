/** Redis connections. BullMQ workers need `maxRetriesPerRequest: null` (blocking commands). */
import { Redis } from "ioredis";
import { config } from "@/lib/config";

export interface RedisOptions {
  url?: string;
  /** For BullMQ workers and blocking reads: retry forever instead of failing a command. */
  blocking?: boolean;
}

export function createRedis({ url = config().REDIS_URL, blocking = false }: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: blocking ? null : 2,
    connectTimeout: 5_000,
    lazyConnect: false,
  });
}

/** Our key namespace on a Redis that may be shared with others. */
export function redisPrefix(): string {
  return config().FAULTLINE_REDIS_PREFIX;
}
