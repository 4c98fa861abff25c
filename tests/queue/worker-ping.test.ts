/** A job goes through real Redis to a real worker process and its result comes back. */
import { QueueEvents } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLabQueue, LAB_QUEUE } from "@/lib/queue/lab-queue";
import { liveWorkers } from "@/lib/queue/heartbeat";
import { createRedis } from "@/lib/queue/redis";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, uniquePrefix } from "../support/services";
import { startWorker, type WorkerProcess } from "../support/worker-process";

const prefix = uniquePrefix("ping");
const redis = createRedis({ url: TEST_REDIS_URL, blocking: true });
let worker: WorkerProcess;

beforeAll(async () => {
  worker = await startWorker({ REDIS_URL: TEST_REDIS_URL, DATABASE_URL: TEST_DATABASE_URL, FAULTLINE_REDIS_PREFIX: prefix });
});

afterAll(async () => {
  await worker?.stop();
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

describe("lab worker process", () => {
  it("announces itself with a heartbeat", async () => {
    expect(await liveWorkers(redis, prefix)).toHaveLength(1);
  });

  it("takes a job from the queue and returns its result", async () => {
    const queue = createLabQueue(redis, prefix);
    const events = new QueueEvents(LAB_QUEUE, { connection: createRedis({ url: TEST_REDIS_URL, blocking: true }), prefix });
    await events.waitUntilReady();
    const job = await queue.add("ping", { kind: "ping", payload: "hello" });
    const result = await job.waitUntilFinished(events, 30_000);
    expect(result).toMatchObject({ kind: "pong", payload: "hello" });
    await events.close();
    await queue.close();
  });

  it("shuts down gracefully on SIGTERM and removes its heartbeat", async () => {
    const code = await worker.stop("SIGTERM");
    expect(code).toBe(0);
    expect(await liveWorkers(redis, prefix)).toHaveLength(0);
  });
});
