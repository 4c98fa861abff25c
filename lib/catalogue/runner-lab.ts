/**
 * A lab as the runner draws it: its manifest entry with each statement rendered on the server
 * (`statementTree`, hast), so the browser needs no Markdown parser. The chapter embed passes
 * it as props; GET /api/labs/:id sends the same.
 */
import type { Root } from "hast";
import type { ManifestLab, ManifestTask } from "./manifest-format";
import { statementToHast } from "./statement-tree";

export type RunnerTask = ManifestTask & { statementTree: Root };
export type RunnerLab = Omit<ManifestLab, "tasks"> & { tasks: RunnerTask[] };

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
