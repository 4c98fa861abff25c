import { z } from "zod";
import type { LabDefinition, LabTask } from "./types";

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be a lowercase slug like "token-bucket" (a-z, 0-9, -)');

const taskSchema = z.object({
  id: slug,
  kind: z.enum(["configure", "implement", "break", "predict"]),
  title: z.string().min(1, "must not be empty"),
  statement: z.string().min(1, "must be Markdown text, not empty"),
  answerSchema: z.custom<z.ZodType>(
    (v) => v instanceof z.ZodType,
    "must be a zod schema (z.object({...}))",
  ),
  starter: z.unknown(),
  timeLimitMs: z
    .number()
    .int()
    .min(1_000, "must be at least 1000 ms")
    .max(600_000, "must be at most 600000 ms (10 min)"),
});

const labSchema = z.object({
  id: slug,
  title: z.string().min(1, "must not be empty"),
  summary: z.string().min(1, "must not be empty"),
  chapter: slug,
  tasks: z.array(taskSchema).min(1, "a lab needs at least one task"),
  view: z
    .object({
      charts: z.array(z.object({ title: z.string().min(1), unit: z.string(), counters: z.array(z.string()).min(1) })).optional(),
      levels: z.array(z.object({ subjectPrefix: z.string().min(1), field: z.string().min(1), title: z.string().min(1), unit: z.string() })).optional(),
    })
    .optional(),
  run: z.custom<LabDefinition["run"]>(
    (v) => typeof v === "function",
    "must be a function run(ctx, taskId, answer)",
  ),
});

/** Definitions that went through defineLab; loadLab refuses anything else. */
const validated = new WeakSet<LabDefinition>();

export class LabDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LabDefinitionError";
  }
}

function label(def: unknown): string {
  const id = (def as { id?: unknown } | null)?.id;
  return typeof id === "string" && id ? `labs/${id}` : "labs/<unknown id>";
}

/** Task-level rules zod cannot express: unique ids, a JSON-Schema-able answer, a valid starter. */
function checkTask(task: LabTask, index: number): string[] {
  const problems: string[] = [];
  const at = `tasks[${index}] (${task.id})`;
  try {
    z.toJSONSchema(task.answerSchema);
  } catch (err) {
    problems.push(
      `${at}.answerSchema: cannot be turned into JSON Schema for the form (${(err as Error).message}); use plain objects, enums, numbers and strings`,
    );
  }
  const starter = task.answerSchema.safeParse(task.starter);
  if (!starter.success)
    problems.push(
      `${at}.starter: does not satisfy answerSchema: ${z.prettifyError(starter.error).replace(/\n/g, " ")}`,
    );
  return problems;
}

/**
 * Validates a lab definition when its module loads, so a broken lab fails loudly at
 * discovery (naming the lab folder and the field) instead of in the middle of a student's run.
 */
export function defineLab(def: LabDefinition): LabDefinition {
  const parsed = labSchema.safeParse(def);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join(".") || "(definition)"}: ${i.message}`,
    );
    throw new LabDefinitionError(
      `Invalid lab definition in ${label(def)}/lab.ts:\n${lines.join("\n")}`,
    );
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  def.tasks.forEach((task, i) => {
    if (seen.has(task.id))
      problems.push(`tasks[${i}].id: "${task.id}" is used by two tasks; task ids must be unique`);
    seen.add(task.id);
    problems.push(...checkTask(task, i));
  });
  if (problems.length)
    throw new LabDefinitionError(
      `Invalid lab definition in ${label(def)}/lab.ts:\n  ${problems.join("\n  ")}`,
    );
  validated.add(def);
  return def;
}

export function isDefinedLab(value: unknown): value is LabDefinition {
  return typeof value === "object" && value !== null && validated.has(value as LabDefinition);
}
