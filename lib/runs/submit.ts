/**
 * Submitting a lab run: validate against the manifest (the same JSON Schema the form is built
 * from), store a `queued` LabRun, enqueue a BullMQ job whose id is the run id.
 *
 * The server picks every user's seed (crypto random) and stores it on the run: a seed decides
 * which replicas crash and when, so a student who could choose it could re-roll until a wrong
 * answer passes. Only operator runs (no user: `npm run lab --seed`, benchmarks) may name one;
 * instructors repeat a stored run's seed with a replay (./replay.ts).
 */
import { randomInt } from "node:crypto";
import { ROOT_CONTEXT, SpanKind } from "@opentelemetry/api";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import { findLab, type LabsManifest } from "@/lib/catalogue";
import { describeInvalidAnswer } from "@/lib/labs/answer-errors";
import type { LabJobData, LabJobResult } from "@/lib/queue/lab-queue";
import type { Db } from "@/lib/db/client";
import { countRunSubmitted } from "@/lib/observability/run-metrics";
import { log } from "@/lib/log";
import { addLogFields, logFields } from "@/lib/observability/log-context";
import { RUN_ID_ATTRIBUTE } from "@/lib/observability/run-span-store";
import { injectCarrier, inRunSpan } from "@/lib/observability/run-trace";
import { createRunWithinCap } from "./active-runs";
import { RunRequestError } from "./errors";
import { takeSubmitSlot, type RateLimitOptions } from "./rate-limit";
import { addRunJob, NOT_QUEUED } from "./run-job";
import { finishRun } from "./status";

/** Largest answer we accept, as JSON: an implement task's code fits easily. */
export const MAX_ANSWER_BYTES = 64 * 1024;

const submissionSchema = z.object({
  labId: z.string().min(1, "labId is required"),
  taskId: z.string().min(1, "taskId is required"),
  answer: z.unknown().optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});

export interface SubmitOptions {
  db: Db;
  queue: Queue<LabJobData, LabJobResult>;
  manifest: LabsManifest;
  /** The signed-in user; null/undefined = the operator (CLI, benchmarks), who may name a seed. */
  userId?: string | null;
  /** Submits per user per window (operator runs have no user and no limit). */
  rateLimit?: { redis: Redis; prefix: string; limits: RateLimitOptions };
  /** Most runs one user may have queued or running (./active-runs.ts); unset = no cap. */
  maxActiveRuns?: number;
}

export interface SubmittedRun {
  id: string;
  status: "queued";
  seed: number;
}

/** Checks a submission against the manifest; throws RunRequestError saying what to fix. */
export function validateSubmission(raw: unknown, manifest: LabsManifest) {
  const parsed = submissionSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
      .join("; ");
    throw new RunRequestError(
      400,
      `The submission must be JSON like {"labId", "taskId", "answer"}. ${problems}.`,
    );
  }
  const { labId, taskId, answer } = parsed.data;
  const lab = findLab(manifest, labId);
  if (!lab)
    throw new RunRequestError(
      400,
      `There is no lab "${labId}". Known labs: ${manifest.labs.map((l) => l.id).join(", ") || "(none)"}.`,
    );
  const task = lab.tasks.find((t) => t.id === taskId);
  if (!task)
    throw new RunRequestError(
      400,
      `Lab "${labId}" has no task "${taskId}". Its tasks: ${lab.tasks.map((t) => t.id).join(", ")}.`,
    );
  if (answer === undefined)
    throw new RunRequestError(
      400,
      "The submission has no answer: send the task's answer as `answer`.",
    );
  const size = Buffer.byteLength(JSON.stringify(answer));
  if (size > MAX_ANSWER_BYTES) {
    throw new RunRequestError(
      413,
      `The answer is ${size} bytes; the limit is ${MAX_ANSWER_BYTES} bytes. Make it shorter.`,
    );
  }
  const schema = z.fromJSONSchema(task.answerSchema as Parameters<typeof z.fromJSONSchema>[0]);
  const checked = schema.safeParse(answer);
  if (!checked.success) throw new RunRequestError(400, describeInvalidAnswer(checked.error));
  return { labId, taskId, answer: checked.data, seed: parsed.data.seed };
}

export const SEED_REFUSED =
  "Seeds are chosen by the server: leave `seed` out. Every run gets a fresh random seed, and a task passes only on the seed the server picked.";

/** New seeds: crypto random, so nobody can predict (or choose) the faults a run gets. */
export const serverSeed = () => randomInt(1, 2 ** 31 - 1);

export async function submitRun(raw: unknown, opts: SubmitOptions): Promise<SubmittedRun> {
  if (opts.userId && raw && typeof raw === "object" && "seed" in raw) throw new RunRequestError(400, SEED_REFUSED);
  const { labId, taskId, answer, seed = serverSeed() } = validateSubmission(raw, opts.manifest);
  if (opts.userId) await checkRate(opts.rateLimit, opts.userId);
  return enqueueRun(opts, { labId, taskId, answer, seed, userId: opts.userId ?? null });
}

/** The submit window is per user id: an address header can be forged, a session cannot. */
export async function checkRate(rateLimit: SubmitOptions["rateLimit"], userId: string): Promise<void> {
  if (!rateLimit) return;
  const { redis, prefix, limits } = rateLimit;
  const waitMs = await takeSubmitSlot(redis, prefix, `user:${userId}`, limits);
  if (waitMs > 0) {
    throw new RunRequestError(
      429,
      `Too many runs: at most ${limits.limit} per ${Math.round(limits.windowMs / 1000)} s. Try again in ${Math.ceil(waitMs / 1000)} s.`,
    );
  }
}

export interface NewRun {
  labId: string;
  taskId: string;
  answer: unknown;
  seed: number;
  userId: string | null;
  replayOfId?: string;
}

export const QUEUE_UNAVAILABLE = "The run could not be queued: the lab queue is unavailable right now. Try again in a minute.";

/**
 * Stores a `queued` run (within its user's active-run cap) and enqueues its job (job id = run
 * id). If the enqueue fails the run is ended at once (503); if even that fails, the reconcile
 * loop finds the queued row without a job and re-enqueues it (lib/runs/reconcile.ts).
 */
export async function enqueueRun(opts: Pick<SubmitOptions, "db" | "queue" | "maxActiveRuns">, run: NewRun): Promise<SubmittedRun> {
  // A run's trace starts here; its context and the request id ride to the worker in the job.
  return inRunSpan("run.submit", undefined, ROOT_CONTEXT, async (submitSpan, submitCtx) => {
    const data = { ...run, answer: run.answer as object, status: "queued" as const, queuePrefix: opts.queue.opts.prefix ?? "bull" };
    const { id } =
      run.userId && opts.maxActiveRuns
        ? await createRunWithinCap(opts.db, { ...data, userId: run.userId }, opts.maxActiveRuns)
        : await opts.db.labRun.create({ data, select: { id: true } });
    submitSpan.setAttributes({ [RUN_ID_ATTRIBUTE]: id, "faultline.lab": run.labId, "faultline.task": run.taskId });
    addLogFields({ runId: id });
    log.info({ runId: id, userId: run.userId, labId: run.labId, taskId: run.taskId, seed: run.seed }, "run stored");
    try {
      await inRunSpan("run.enqueue", id, submitCtx, (_span, ctx) => addRunJob(opts.queue, id, { requestId: logFields().requestId, userId: run.userId ?? undefined, trace: injectCarrier(ctx) }), { kind: SpanKind.PRODUCER });
    } catch (err) {
      log.warn({ runId: id, err: (err as Error).message }, "run not queued");
      // Conditional: if the job did reach Redis and a worker already took it, this is a no-op.
      await finishRun(opts.db, id, NOT_QUEUED).catch(() => false);
      throw new RunRequestError(503, QUEUE_UNAVAILABLE);
    }
    log.info({ runId: id }, "run enqueued");
    countRunSubmitted(run.labId, run.taskId);
    return { id, status: "queued" as const, seed: run.seed };
  });
}
