/**
 * What an instructor may change in a cohort they teach: a fresh join code (the old one stops
 * working at once, e.g. after it leaked) and removing a member (their runs are no longer the
 * instructor's to see — run-access follows membership; they can rejoin with the new code).
 */
import type { Db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { cohortForInstructor, newJoinCode } from "./cohorts";
import { notFound } from "./errors";

export async function rotateJoinCode(db: Db, viewer: Viewer | null, cohortId: string): Promise<{ joinCode: string }> {
  await cohortForInstructor(db, viewer, cohortId);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const { joinCode } = await db.cohort.update({ where: { id: cohortId }, data: { joinCode: newJoinCode() }, select: { joinCode: true } });
      return { joinCode };
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error; // code collision: try another
    }
  }
  throw new Error("Could not find a free join code; try again.");
}

export async function removeMember(db: Db, viewer: Viewer | null, cohortId: string, userId: string): Promise<void> {
  await cohortForInstructor(db, viewer, cohortId);
  const { count } = await db.cohortMember.deleteMany({ where: { cohortId, userId } });
  if (count === 0) throw notFound("That student is not in this cohort.");
}
