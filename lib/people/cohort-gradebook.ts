/** The gradebook of a cohort the viewer teaches (404 for anyone else); `page` of students, or all. */
import type { Viewer } from "@/lib/auth/viewer";
import { prisma } from "@/lib/db/client";
import { loadManifest } from "@/lib/catalogue";
import { cohortForInstructor } from "./cohorts";
import { buildGradebook } from "./gradebook";

export async function gradebookFor(viewer: Viewer | null, cohortId: string, page?: number) {
  const cohort = await cohortForInstructor(prisma(), viewer, cohortId);
  return buildGradebook(prisma(), cohort, await loadManifest(), page);
}
