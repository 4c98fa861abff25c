/**
 * A run's BullMQ job (job id = run id) and what a run becomes when it cannot get one. Shared
 * by submit (insert, then enqueue) and the reconcile loop (which re-enqueues a `queued` run
 * whose job is missing, e.g. after a Redis restart without persistence).
 */
import type { Queue } from "bullmq";
import type { LabJobData, LabJobResult, RunJobCarry } from "@/lib/queue/lab-queue";
import type { RunEnding } from "./status";

/** Bound on one enqueue: a Redis that is down must not hang the student's request. */
export const ENQUEUE_TIMEOUT_MS = 5_000;

export const NOT_QUEUED: RunEnding = {
  verdict: "error",
  errorKind: "not-queued",
  diagnosis: "The run could not be queued (the lab queue was unavailable), so it never started. This does not count as an attempt.",
  hint: "Run it again.",
};

/**
 * Adds the run's job, with what the worker carries on (request id, trace context); rejects
 * when Redis does not take it within `timeoutMs`.
 */
export async function addRunJob(queue: Queue<LabJobData, LabJobResult>, runId: string, carry: RunJobCarry = {}, timeoutMs = ENQUEUE_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the queue did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([queue.add("run", { kind: "run", runId, ...carry }, { jobId: runId }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
