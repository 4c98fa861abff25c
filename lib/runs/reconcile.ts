/**
 * Ends runs whose worker died. A worker holds its BullMQ job's lock (renewed every few
 * seconds) for as long as it runs the job; a run still `running`/`grading` whose lock is
 * gone, or that is far past any time limit, has nobody left to finish it — and sooner, one
 * whose recorded worker (./run-owner.ts) stopped beating (lib/queue/heartbeat.ts).
 * Also repairs `queued` runs whose job is missing (./queued-repair.ts).
 */
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "@/lib/db/client";
import { loadLab } from "@/lib/labs/discover";
import { isBeating } from "@/lib/queue/heartbeat";
import { LAB_QUEUE, type LabJobData, type LabJobResult } from "@/lib/queue/lab-queue";
import { WORKER_LOST } from "./execute";
import { clearOrphan, confirmOrphan } from "./orphan-check";
import { dropParkedGrade, parkedGrade } from "./parked-grade";
import { repairQueuedRuns } from "./queued-repair";
import { log } from "@/lib/log";
import { markStreamEnded, salvageStreamedEvents } from "./recorder";
import { releaseRun, runOwner } from "./run-owner";
import { finishRun } from "./status";

export interface ReconcileDeps {
  db: Db;
  redis: Redis;
  prefix: string;
  labsDir?: string;
  /** Runs younger than this are left alone (a worker may be just taking the job). */
  graceMs?: number;
  /** How far past its task's time limit a run may go before it is called lost. */
  overLimitMs?: number;
  /** Re-enqueues `queued` runs whose job is missing; without it they are ended instead. */
  queue?: Queue<LabJobData, LabJobResult>;
  /** A `queued` run younger than this is left alone (its submit may still be enqueueing). */
  queuedGraceMs?: number;
  /** How long a running run must lack both job and owner before it is called lost (./orphan-check.ts). */
  orphanConfirmMs?: number;
}

/** BullMQ's hash of a job (job id = run id): `<prefix>:<queue>:<jobId>`. */
export function jobKey(prefix: string, runId: string): string {
  return `${prefix}:${LAB_QUEUE}:${runId}`;
}

/** BullMQ's lock key for a job: `<prefix>:<queue>:<jobId>:lock`. */
export function jobLockKey(prefix: string, runId: string): string {
  return `${jobKey(prefix, runId)}:lock`;
}

async function taskLimitMs(labId: string, taskId: string, labsDir?: string): Promise<number> {
  try {
    const lab = await loadLab(labId, { dir: labsDir });
    return lab.tasks.find((t) => t.id === taskId)?.timeLimitMs ?? 600_000;
  } catch {
    return 600_000;
  }
}

/** One pass; returns the ids of the runs it ended. */
export async function reconcileRuns(deps: ReconcileDeps): Promise<string[]> {
  const { ended } = await repairQueuedRuns(deps);
  return [...ended, ...(await endLostRuns(deps))];
}

async function endLostRuns(deps: ReconcileDeps): Promise<string[]> {
  const now = Date.now();
  const stuck = await deps.db.labRun.findMany({
    where: {
      status: { in: ["running", "grading"] },
      startedAt: { lt: new Date(now - (deps.graceMs ?? 10_000)) },
    },
    select: { id: true, labId: true, taskId: true, startedAt: true, queuePrefix: true },
    take: 100,
  });
  const ended: string[] = [];
  for (const run of stuck) {
    // Its worker's heartbeat expired: lost within the heartbeat TTL, not the 30 s job lock.
    const owner = await runOwner(deps.redis, deps.prefix, run.id);
    if (owner && !(await isBeating(deps.redis, deps.prefix, owner))) {
      if (await endLost(deps, run.id)) ended.push(run.id);
      continue;
    }
    if ((await deps.redis.exists(jobKey(deps.prefix, run.id))) === 0) {
      // No job: another prefix's run (a database may be shared), or ours after Redis lost
      // its keys — then, once no worker has claimed it for a while, nobody will finish it.
      if (owner || run.queuePrefix !== deps.prefix) continue;
      if (await confirmOrphan(deps.redis, deps.prefix, run.id, deps.orphanConfirmMs ?? 10_000))
        if (await endLost(deps, run.id)) ended.push(run.id);
      continue;
    }
    const locked = (await deps.redis.exists(jobLockKey(deps.prefix, run.id))) === 1;
    const limit =
      (await taskLimitMs(run.labId, run.taskId, deps.labsDir)) + (deps.overLimitMs ?? 60_000);
    const overdue = now - (run.startedAt?.getTime() ?? now) > limit;
    if (locked && !overdue) continue;
    if (await endLost(deps, run.id)) ended.push(run.id);
  }
  return ended;
}

/** Only the database row and the live stream: the run's processes are their owner's (or its successor's reap). */
async function endLost(deps: ReconcileDeps, runId: string): Promise<boolean> {
  // The worker may have finished it but failed to store the grade (./parked-grade.ts).
  const parked = await parkedGrade(deps.redis, deps.prefix, runId);
  // Before the run is final (a replay then reads Postgres alone): what its dead worker streamed but never stored.
  const salvaged = await salvageStreamedEvents(deps.db, deps.redis, deps.prefix, runId).catch(() => 0);
  if (salvaged) log.warn({ runId, salvaged }, "events of a lost worker's run stored from its live stream");
  if (!(await finishRun(deps.db, runId, parked ?? WORKER_LOST))) return false;
  await dropParkedGrade(deps.redis, deps.prefix, runId).catch(() => undefined);
  await markStreamEnded(deps.redis, deps.prefix, runId).catch(() => undefined);
  await releaseRun(deps.redis, deps.prefix, runId).catch(() => undefined);
  await clearOrphan(deps.redis, deps.prefix, runId).catch(() => undefined);
  return true;
}

/** Runs reconcileRuns every `everyMs` until the returned function is called. */
export function startReconcileLoop(
  deps: ReconcileDeps,
  everyMs = 5_000,
  onError?: (err: Error) => void,
): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    reconcileRuns(deps)
      .catch((err: Error) => onError?.(err))
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
