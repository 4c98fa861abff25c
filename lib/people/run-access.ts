/**
 * Who may see a lab run: its owner, and the instructors of the cohorts its owner belongs to.
 * Everyone else gets the same answer as for an id that does not exist.
 */
import type { Db } from "@/lib/db/client";

export async function canViewRun(
  db: Db,
  viewer: { id: string } | null,
  run: { userId: string | null },
): Promise<boolean> {
  if (!viewer || !run.userId) return false;
  if (run.userId === viewer.id) return true;
  const teaching = await db.cohortMember.findFirst({
    where: { userId: run.userId, cohort: { instructorId: viewer.id } },
    select: { cohortId: true },
  });
  return teaching !== null;
}
