/** The BullMQ queue that carries lab runs from the web app to the workers. */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { redisPrefix } from "./redis";

export const LAB_QUEUE = "lab-runs";

/** What a run's job carries from the request to the worker: its request id and W3C trace context. */
export interface RunJobCarry {
  requestId?: string;
  userId?: string;
  trace?: Record<string, string>;
}

/** A lab run to execute, or a ping that proves a worker is taking jobs. */
export type LabJobData = ({ kind: "run"; runId: string } & RunJobCarry) | { kind: "ping"; payload: string };
export type LabJobResult = { kind: "pong"; payload: string; worker: string } | { kind: "run"; status: string };

export function createLabQueue(connection: Redis, prefix = redisPrefix()): Queue<LabJobData, LabJobResult> {
  return new Queue<LabJobData, LabJobResult>(LAB_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 24 * 3600 } },
  });
}
