/**
 * A `queued` run whose BullMQ job does not exist has nobody to run it: its submit failed to
 * enqueue (and could not end it), or Redis lost the job (a restart without persistence).
 * Such a run is re-enqueued (same row, same seed); if that fails, or no queue is at hand, it
 * is ended as `error` / `not-queued`, saying so. So is one whose job ended without starting it.
 */
import { log } from "@/lib/log";
import type { ReconcileDeps } from "./reconcile";
import { jobKey } from "./reconcile";
import { markStreamEnded } from "./recorder";
import { addRunJob } from "./run-job";
import { finishRun, type RunEnding } from "./status";

export const JOB_LOST: RunEnding = {
  verdict: "error",
  errorKind: "not-queued",
  diagnosis: "The run was stored but its place in the lab queue was lost, so it never started. This does not count as an attempt.",
  hint: "Run it again.",
};

export const JOB_ENDED: RunEnding = {
  verdict: "error",
  errorKind: "internal",
  diagnosis: "The worker that took this run could not start it (its job ended with the run still waiting). This does not count as an attempt.",
  hint: "Run it again; tell the instructor if it keeps happening.",
};

export async function repairQueuedRuns(deps: ReconcileDeps): Promise<{ requeued: string[]; ended: string[] }> {
  const waiting = await deps.db.labRun.findMany({
    where: {
      status: "queued",
      createdAt: { lt: new Date(Date.now() - (deps.queuedGraceMs ?? 30_000)) },
      // Only rows submitted to our queue: a database may be shared by several prefixes.
      queuePrefix: deps.prefix,
    },
    select: { id: true },
    take: 100,
  });
  const requeued: string[] = [];
  const ended: string[] = [];
  for (const { id } of waiting) {
    if ((await deps.redis.exists(jobKey(deps.prefix, id))) === 1) {
      // A job that ended (failed: its worker could not even start the run) is never retried:
      // BullMQ keeps it, and re-adding its id is a no-op. Nobody else will end the run.
      if ((await deps.redis.hget(jobKey(deps.prefix, id), "finishedOn")) === null) continue;
      if (await finishRun(deps.db, id, JOB_ENDED)) {
        await markStreamEnded(deps.redis, deps.prefix, id).catch(() => undefined);
        ended.push(id);
      }
      continue;
    }
    if (deps.queue) {
      try {
        await addRunJob(deps.queue, id);
        log.warn({ runId: id }, "queued run had no job: re-enqueued");
        requeued.push(id);
        continue;
      } catch (err) {
        log.warn({ runId: id, err: (err as Error).message }, "queued run had no job and could not be re-enqueued");
      }
    }
    if (await finishRun(deps.db, id, JOB_LOST)) {
      await markStreamEnded(deps.redis, deps.prefix, id).catch(() => undefined);
      ended.push(id);
    }
  }
  return { requeued, ended };
}
