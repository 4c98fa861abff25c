/**
 * A lab worker process: takes jobs from the `lab-runs` queue, announces itself with a
 * heartbeat, and on SIGINT/SIGTERM stops taking jobs, lets the current one finish or abort,
 * and exits. Run more of these on other machines against the same Redis and Postgres.
 */
import { hostname } from "node:os";
import { Worker } from "bullmq";
import { config } from "@/lib/config";
import { log } from "@/lib/log";
import { pushProcessMetrics } from "@/lib/observability/metrics-push";
import { configureMetrics } from "@/lib/observability/registry";
import { setTraceService, shutdownTraces } from "@/lib/observability/tracing";
import { LAB_QUEUE, type LabJobData, type LabJobResult } from "@/lib/queue/lab-queue";
import { createRedis } from "@/lib/queue/redis";
import { beat, stopBeating, HEARTBEAT_EVERY_MS } from "@/lib/queue/heartbeat";
import { processJob } from "./process-job";
import { handleRun, prepareWorker, renewRunOwners, stopWorker } from "./run-handler";

const workerId = `${hostname()}-${process.pid}`;
setTraceService("faultline-worker");

async function main(): Promise<void> {
  const { FAULTLINE_REDIS_PREFIX: prefix } = config();
  const concurrency = Number(process.env.FAULTLINE_WORKER_CONCURRENCY ?? 1);
  const connection = createRedis({ blocking: true });
  const heartbeatRedis = createRedis();
  const shutdown = new AbortController();

  configureMetrics({ role: "worker", instance: workerId });
  await prepareWorker({ workerId, concurrency });
  // Beat before taking any job: a run whose owner never beat would look lost.
  const sendBeat = () =>
    beat(heartbeatRedis, prefix, workerId, { pid: process.pid, concurrency })
      .then(() => renewRunOwners(workerId))
      .then(() => pushProcessMetrics(heartbeatRedis, prefix))
      .catch(() => {});
  await sendBeat();
  const timer = setInterval(sendBeat, HEARTBEAT_EVERY_MS);

  const worker = new Worker<LabJobData, LabJobResult>(
    LAB_QUEUE,
    (job, _token, signal) =>
      processJob(job, { workerId, signal: AbortSignal.any([shutdown.signal, signal ?? new AbortController().signal]) }, handleRun),
    { connection, prefix, concurrency, lockDuration: 30_000 },
  );
  worker.on("failed", (job, error) => log.warn({ jobId: job?.id, err: error.message }, "job failed"));
  worker.on("error", (error) => log.error({ err: error.message }, "worker error"));
  await worker.waitUntilReady();

  let stopping = false;
  const stop = async (signalName: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ workerId, signal: signalName }, "worker stopping");
    // Give the running job a moment to finish; then abort it so its teardown runs. Keep
    // beating meanwhile: a silent worker's runs are ended as lost by the reconcile loop.
    const abortLater = setTimeout(() => shutdown.abort(), 5_000);
    await worker.close().catch(() => {});
    clearTimeout(abortLater);
    clearInterval(timer);
    stopWorker();
    await stopBeating(heartbeatRedis, prefix, workerId).catch(() => {});
    await shutdownTraces();
    heartbeatRedis.disconnect();
    connection.disconnect();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  // Tests and `npm start` wait for this exact line.
  console.log(`worker ready ${workerId}`);
}

main().catch((error: Error) => {
  console.error(`Worker could not start: ${error.message}`);
  process.exit(1);
});
