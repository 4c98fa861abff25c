/**
 * What a worker does with one job. Pings answer at once (they prove the queue works end to
 * end); lab runs are handled by the run pipeline.
 */
import type { Context } from "@opentelemetry/api";
import type { Job } from "bullmq";
import { log } from "@/lib/log";
import { traceRunJob } from "@/lib/observability/job-trace";
import { withLogFields } from "@/lib/observability/log-context";
import type { LabJobData, LabJobResult } from "@/lib/queue/lab-queue";

export interface JobContext {
  workerId: string;
  /** Aborted when the worker shuts down or the job's lock is lost. */
  signal: AbortSignal;
  /** The run job's trace context: the run's child, phase and store spans go under it. */
  trace?: Context;
}

export type RunHandler = (runId: string, ctx: JobContext) => Promise<string>;

export async function processJob(
  job: Job<LabJobData, LabJobResult>,
  ctx: JobContext,
  runHandler: RunHandler,
): Promise<LabJobResult> {
  const data = job.data;
  if (data.kind === "ping") return { kind: "pong", payload: data.payload, worker: ctx.workerId };
  const { runId, requestId, userId, trace } = data;
  // Every line logged while the run executes carries these ids (lib/log.ts).
  return withLogFields({ runId, requestId, userId, jobId: job.id, workerId: ctx.workerId }, async () => {
    log.info({ queueWaitMs: Date.now() - job.timestamp }, "job taken");
    const status = await traceRunJob(runId, trace, job.timestamp, (traceCtx) => runHandler(runId, { ...ctx, trace: traceCtx }));
    return { kind: "run" as const, status };
  });
}
