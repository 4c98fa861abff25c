/**
 * What a worker does with one job. Pings answer at once (they prove the queue works end to
 * end); lab runs are handled by the run pipeline.
 */
import type { Job } from "bullmq";
import type { LabJobData, LabJobResult } from "@/lib/queue/lab-queue";

export interface JobContext {
  workerId: string;
  /** Aborted when the worker shuts down or the job's lock is lost. */
  signal: AbortSignal;
}

export type RunHandler = (runId: string, ctx: JobContext) => Promise<string>;

export async function processJob(
  job: Job<LabJobData, LabJobResult>,
  ctx: JobContext,
  runHandler: RunHandler,
): Promise<LabJobResult> {
  const data = job.data;
  if (data.kind === "ping") return { kind: "pong", payload: data.payload, worker: ctx.workerId };
  return { kind: "run", status: await runHandler(data.runId, ctx) };
}
