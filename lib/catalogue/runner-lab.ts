/**
 * A lab as the runner draws it: its manifest entry with each statement rendered on the server
 * (`statementTree`, hast), so the browser needs no Markdown parser. GET /api/labs/:id sends it
 * whole. A chapter embeds the lab without its statements (`forEmbed`): they were ~60 KB of
 * consistency-models' inline RSC payload, sent on every visit, so the runner fetches them from
 * the prerendered GET /api/labs/:id/statements once it opens.
 */
import type { Root } from "hast";
import type { ManifestLab, ManifestTask } from "./manifest-format";
import { statementToHast } from "./statement-tree";

export type RunnerTask = ManifestTask & { statementTree: Root };
export type RunnerLab = Omit<ManifestLab, "tasks"> & { tasks: RunnerTask[] };

/** What a chapter page carries: everything but the statements (Markdown and rendered). */
export type EmbeddedTask = Omit<ManifestTask, "statement">;
export type EmbeddedLab = Omit<ManifestLab, "tasks"> & { tasks: EmbeddedTask[] };

/** GET /api/labs/:id/statements: each task's rendered statement, by task id. */
export type LabStatements = { tasks: { id: string; statementTree: Root }[] };

// The manifest is parsed once per process, so each lab's statements are rendered once too.
const rendered = new WeakMap<ManifestLab, Promise<RunnerLab>>();

export function forRunner(lab: ManifestLab): Promise<RunnerLab> {
  let done = rendered.get(lab);
  if (!done) {
    done = Promise.all(lab.tasks.map(async (task) => ({ ...task, statementTree: await statementToHast(task.statement) }))).then((tasks) => ({ ...lab, tasks }));
    rendered.set(lab, done);
  }
  return done;
}

/** The lab for a chapter's page; only the embedded task when `taskId` is set (none when it is a typo). */
export function forEmbed(lab: ManifestLab, taskId?: string): EmbeddedLab {
  const tasks = taskId ? lab.tasks.filter((t) => t.id === taskId) : lab.tasks;
  return { ...lab, tasks: tasks.map(({ statement: _statement, ...task }) => task) };
}

export async function statementsOf(lab: ManifestLab): Promise<LabStatements> {
  return { tasks: (await forRunner(lab)).tasks.map((t) => ({ id: t.id, statementTree: t.statementTree })) };
}
