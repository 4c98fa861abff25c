import { z } from "zod";
import type { LabsManifest } from "./manifest-types";
import type { LabDefinition } from "./types";

export const MANIFEST_PATH = "lib/generated/labs-manifest.json";

/** Plain data for the web app; deterministic (no timestamps) so regenerating changes nothing. */
export function buildManifest(labs: LabDefinition[]): LabsManifest {
  return {
    version: 1,
    labs: labs.map((lab) => ({
      id: lab.id,
      title: lab.title,
      summary: lab.summary,
      chapter: lab.chapter,
      tasks: lab.tasks.map((task) => ({
        id: task.id,
        kind: task.kind,
        title: task.title,
        statement: task.statement,
        answerSchema: z.toJSONSchema(task.answerSchema) as Record<string, unknown>,
        starter: task.starter,
        timeLimitMs: task.timeLimitMs,
      })),
    })),
  };
}
