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

/** A Redis connection for one live event stream (XREAD BLOCK holds it). */
export function blockingRedis(): Redis {
  return createRedis({ blocking: true });
}
