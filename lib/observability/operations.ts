/**
 * What /admin/operations shows and /metrics's cluster gauges report: one snapshot, so the page
 * and the scrape can never disagree. Each half fails on its own (Redis down: the runs half
 * still answers) and says so.
 */
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "@/lib/db/client";
import type { LabJobData, LabJobResult } from "@/lib/queue/lab-queue";
import { queueSnapshot, workersSnapshot, type QueueSnapshot, type WorkerSnapshot } from "./operations-queue";
import { runsSnapshot, type RunsSnapshot } from "./operations-runs";

export interface OperationsSnapshot {
  at: string;
  queue: QueueSnapshot | null;
  workers: WorkerSnapshot[] | null;
  runs: RunsSnapshot | null;
  /** What could not be read, in words ("Redis: …"), empty when everything answered. */
  problems: string[];
}

export interface OperationsDeps {
  db: Db;
  redis: Redis;
  prefix: string;
  queue: Queue<LabJobData, LabJobResult>;
  /** How long each half may take before it is reported as not answering; default 3 s. */
  timeoutMs?: number;
}

function bounded<T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs).unref()),
  ]);
}

export async function operationsSnapshot(deps: OperationsDeps, parts: { runs?: boolean } = {}): Promise<OperationsSnapshot> {
  const now = Date.now();
  const problems: string[] = [];
  const settle = <T>(label: string, p: Promise<T>) =>
    bounded(label, p, deps.timeoutMs ?? 3_000).catch((err: Error) => {
      problems.push(`${label}: ${err.message}`);
      return null;
    });
  const [queue, workers, runs] = await Promise.all([
    settle("Redis (queue)", queueSnapshot(deps.queue, now)),
    settle("Redis (workers)", workersSnapshot(deps.redis, deps.prefix, now)),
    parts.runs === false ? Promise.resolve(null) : settle("Postgres", runsSnapshot(deps.db, new Date(now))),
  ]);
  return { at: new Date(now).toISOString(), queue, workers, runs, problems };
}
