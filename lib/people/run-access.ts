/**
 * Who may see a lab run: its owner, and the instructors of the cohorts its owner belongs to
 * while they are still instructors (or admins) — the role is read fresh from the database per
 * request, so a demotion takes effect at once. Everyone else gets the same answer as for an
 * id that does not exist.
 */
import type { Db } from "@/lib/db/client";
import { isStaff, type Role } from "@/lib/auth/viewer";

export async function canViewRun(
  db: Db,
  viewer: { id: string; role?: Role | string } | null,
  run: { userId: string | null },
): Promise<boolean> {
  if (!viewer || !run.userId) return false;
  if (run.userId === viewer.id) return true;
  if (!isStaff({ role: viewer.role as Role })) return false;
  const teaching = await db.cohortMember.findFirst({
    where: { userId: run.userId, cohort: { instructorId: viewer.id } },
    select: { cohortId: true },
  });
  return teaching !== null;
}
