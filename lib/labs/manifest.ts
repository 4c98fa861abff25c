import { z } from "zod";
import type { LabsManifest } from "@/lib/catalogue/manifest-format";
import type { LabDefinition } from "./types";

/**
 * Writes what the web app may know about labs (`npm run labs:manifest`; lib/catalogue reads
 * it). Plain data, deterministic (no timestamps), so regenerating changes nothing.
 */
export function buildManifest(labs: LabDefinition[]): LabsManifest {
  return {
    version: 1,
    labs: labs.map((lab) => ({
      id: lab.id,
      title: lab.title,
      summary: lab.summary,
      chapter: lab.chapter,
      ...(lab.view ? { view: lab.view } : {}),
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
