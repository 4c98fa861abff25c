/**
 * Submitting a lab run: validate against the manifest (the same JSON Schema the form is built
 * from), store a `queued` LabRun, enqueue a BullMQ job whose id is the run id.
 */
import { randomInt } from "node:crypto";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import { describeInvalidAnswer } from "@/lib/labs/answer-errors";
import type { LabsManifest } from "@/lib/labs/manifest-types";
import type { LabJobData, LabJobResult } from "@/lib/queue/lab-queue";
import type { Db } from "@/lib/db/client";
import { RunRequestError } from "./errors";
import { findLab } from "./manifest";
import { takeSubmitSlot, type RateLimitOptions } from "./rate-limit";

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
  userId?: string | null;
  /** Per-client submit limit; needs `redis`, `prefix` and `client` too. */
  rateLimit?: { redis: Redis; prefix: string; client: string; limits: RateLimitOptions };
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
      `The submission must be JSON like {"labId", "taskId", "answer", "seed"?}. ${problems}.`,
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

export async function submitRun(raw: unknown, opts: SubmitOptions): Promise<SubmittedRun> {
  const { labId, taskId, answer, seed = randomInt(1, 2 ** 31 - 1) } = validateSubmission(raw, opts.manifest);
  if (opts.rateLimit) {
    const { redis, prefix, client, limits } = opts.rateLimit;
    const waitMs = await takeSubmitSlot(redis, prefix, client, limits);
    if (waitMs > 0) {
      throw new RunRequestError(
        429,
        `Too many runs: at most ${limits.limit} per ${Math.round(limits.windowMs / 1000)} s. Try again in ${Math.ceil(waitMs / 1000)} s.`,
      );
    }
  }
  const run = await opts.db.labRun.create({
    data: {
      labId,
      taskId,
      answer: answer as object,
      seed,
      userId: opts.userId ?? null,
      status: "queued",
    },
    select: { id: true },
  });
  await opts.queue.add("run", { kind: "run", runId: run.id }, { jobId: run.id });
  return { id: run.id, status: "queued", seed };
}
