/**
 * What the API routes share in one web process: the Prisma client, a Redis connection, the
 * queue. Kept on globalThis because Next's dev server reloads modules.
 */
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { config } from "@/lib/config";
import { prisma, type Db } from "@/lib/db/client";
import { createLabQueue, type LabJobData, type LabJobResult } from "@/lib/queue/lab-queue";
import { createRedis } from "@/lib/queue/redis";
import { StreamHub } from "./stream-hub";

export interface RunServices {
  db: Db;
  redis: Redis;
  queue: Queue<LabJobData, LabJobResult>;
  prefix: string;
}

const holder = globalThis as unknown as { __faultlineRunServices?: RunServices };

export function runServices(): RunServices {
  if (!holder.__faultlineRunServices) {
    const redis = createRedis();
    const prefix = config().FAULTLINE_REDIS_PREFIX;
    holder.__faultlineRunServices = {
      db: prisma(),
      redis,
      queue: createLabQueue(redis, prefix),
      prefix,
    };
  }
  return holder.__faultlineRunServices;
}

const hubHolder = globalThis as unknown as { __faultlineStreamHub?: StreamHub };

/** The Redis client name of each process's shared stream reader (CLIENT LIST shows it). */
export const streamReaderName = (prefix: string) => `${prefix}:sse-reader`;

/** The process's one shared reader for live event streams (./stream-hub.ts). */
export function streamHub(): StreamHub {
  if (!hubHolder.__faultlineStreamHub) {
    const { redis, prefix } = runServices();
    const reader = redis.duplicate({ maxRetriesPerRequest: null, connectionName: streamReaderName(prefix) });
    hubHolder.__faultlineStreamHub = new StreamHub(reader, redis);
  }
  return hubHolder.__faultlineStreamHub;
}

/** Stops the shared reader (tests, shutdown). */
export function closeStreamHub(): void {
  hubHolder.__faultlineStreamHub?.close();
  hubHolder.__faultlineStreamHub = undefined;
}
