/**
 * The queue and worker half of the operations snapshot, read live from Redis with BullMQ's own
 * APIs (job counts, the oldest waiting job) and the workers' heartbeat and run-owner keys.
 */
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { LabJobData, LabJobResult } from "@/lib/queue/lab-queue";
import { workerBeats } from "@/lib/queue/heartbeat";
import { runOwners } from "@/lib/runs/run-owner";
import { QUEUE_STATES, type QueueState } from "./queue-states";


export interface QueueSnapshot {
  counts: Record<QueueState, number>;
  /** The job that has waited longest (job id = run id), or null when nothing waits. */
  oldestWaiting: { runId: string; waitingSeconds: number } | null;
}

export interface WorkerSnapshot {
  id: string;
  pid: number | null;
  concurrency: number | null;
  /** Seconds since its last heartbeat (a live worker beats every 2.5 s; its key lasts 10 s). */
  lastBeatSecondsAgo: number;
  /** Runs it owns right now (ids; the page joins them with their lab from Postgres). */
  runIds: string[];
}

export async function queueSnapshot(queue: Queue<LabJobData, LabJobResult>, now = Date.now()): Promise<QueueSnapshot> {
  const raw = await queue.getJobCounts(...QUEUE_STATES);
  const counts = Object.fromEntries(QUEUE_STATES.map((s) => [s, raw[s] ?? 0])) as Record<QueueState, number>;
  // getJobs(…, asc = true) lists the waiting list oldest first.
  const [oldest] = await queue.getJobs(["wait", "prioritized"], 0, 0, true);
  return {
    counts,
    oldestWaiting: oldest?.id ? { runId: oldest.id, waitingSeconds: Math.max(0, (now - oldest.timestamp) / 1000) } : null,
  };
}

export async function workersSnapshot(redis: Redis, prefix: string, now = Date.now()): Promise<WorkerSnapshot[]> {
  const [beats, owners] = await Promise.all([workerBeats(redis, prefix), runOwners(redis, prefix)]);
  return beats.map(({ id, info }) => ({
    id,
    pid: typeof info.pid === "number" ? info.pid : null,
    concurrency: typeof info.concurrency === "number" ? info.concurrency : null,
    lastBeatSecondsAgo: typeof info.at === "number" ? Math.max(0, (now - info.at) / 1000) : 0,
    runIds: owners.filter((o) => o.workerId === id).map((o) => o.runId),
  }));
}
