/**
 * The labs manifest's format: what the web app may know about labs, written by
 * `npm run labs:manifest` (lib/labs/manifest.ts) and read only by ./index.ts. The types are
 * the schema's, so the reader's check and every caller's type cannot drift apart.
 */
import { z } from "zod";
import type { LabView, TaskKind } from "@/lib/labs/types";

/** Relative to the repo root; FAULTLINE_LABS_MANIFEST points elsewhere (tests use their own labs). */
export const MANIFEST_PATH = "lib/generated/labs-manifest.json";

// A Record over TaskKind: a kind added to the lab contract and not here fails to compile.
const TASK_KINDS = { configure: true, implement: true, break: true, predict: true } satisfies Record<TaskKind, true>;

const taskSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(Object.keys(TASK_KINDS) as [TaskKind, ...TaskKind[]]),
  title: z.string(),
  /** Markdown. */
  statement: z.string(),
  /** JSON Schema of the answer (z.toJSONSchema): drives the form and checks submissions. */
  answerSchema: z.record(z.string(), z.unknown()),
  starter: z.unknown(),
  timeLimitMs: z.number().int().positive(),
});

const viewSchema = z.object({
  charts: z.array(z.object({ title: z.string(), unit: z.string(), counters: z.array(z.string()) })).optional(),
  levels: z.array(z.object({ subjectPrefix: z.string().min(1), field: z.string().min(1), title: z.string(), unit: z.string() })).optional(),
}) satisfies z.ZodType<LabView>;

const labSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  summary: z.string(),
  /** Chapter slug that embeds the lab. */
  chapter: z.string(),
  tasks: z.array(taskSchema),
  /** How the run view draws the lab's telemetry (lib/labs/types.ts LabView). */
  view: viewSchema.optional(),
});

export const manifestSchema = z.object({
  version: z.literal(1),
  labs: z.array(labSchema),
});

export type ManifestTask = z.infer<typeof taskSchema>;
export type ManifestLab = z.infer<typeof labSchema>;
export type LabsManifest = z.infer<typeof manifestSchema>;
