/** Cohorts: an instructor's class, joined by students with a short code. */
import { randomInt } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { isStaff, type Viewer } from "@/lib/auth/viewer";
import { AccessError, notFound, signInRequired, staffOnly } from "./errors";

// No 0/O or 1/I/L: codes are read aloud and typed from a projector.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 8;

export function newJoinCode(): string {
  return Array.from(
    { length: CODE_LENGTH },
    () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)],
  ).join("");
}

export const cohortNameSchema = z
  .string()
  .trim()
  .min(2, "Give the cohort a name of at least 2 characters.")
  .max(80, "Keep the name under 80 characters.");

export async function createCohort(db: Db, viewer: Viewer | null, rawName: unknown) {
  if (!viewer) throw signInRequired();
  if (!isStaff(viewer)) throw staffOnly();
  const parsed = cohortNameSchema.safeParse(rawName);
  if (!parsed.success) throw new AccessError(400, parsed.error.issues[0]!.message);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await db.cohort.create({
        data: { name: parsed.data, joinCode: newJoinCode(), instructorId: viewer.id },
      });
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error; // code collision: try another
    }
  }
  throw new Error("Could not find a free join code; try again.");
}

export async function joinCohort(db: Db, viewer: Viewer | null, rawCode: unknown) {
  if (!viewer) throw signInRequired();
  const code = String(rawCode ?? "")
    .trim()
    .toUpperCase()
    .replace(/[\s-]/g, "");
  if (!/^[A-Z0-9]{4,16}$/.test(code))
    throw new AccessError(400, "A join code is 8 letters and digits, e.g. K7QM2XPA.");
  const cohort = await db.cohort.findUnique({ where: { joinCode: code } });
  if (!cohort)
    throw new AccessError(
      404,
      `No cohort has the join code ${code}: check it with your instructor.`,
    );
  await db.cohortMember.upsert({
    where: { cohortId_userId: { cohortId: cohort.id, userId: viewer.id } },
    create: { cohortId: cohort.id, userId: viewer.id },
    update: {},
  });
  return { id: cohort.id, name: cohort.name };
}

export async function cohortsTaught(db: Db, viewer: Viewer | null) {
  if (!viewer) throw signInRequired();
  if (!isStaff(viewer)) throw staffOnly();
  return db.cohort.findMany({
    where: { instructorId: viewer.id },
    orderBy: { createdAt: "desc" },
    include: { _count: { select: { members: true } } },
  });
}

export async function cohortsJoined(db: Db, viewer: Viewer) {
  return db.cohort.findMany({
    where: { members: { some: { userId: viewer.id } } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

/**
 * The cohort if the viewer teaches it and is still staff (a demoted instructor keeps the row
 * but loses the access); 404 otherwise (no hint that it exists).
 */
export async function cohortForInstructor(db: Db, viewer: Viewer | null, cohortId: string) {
  if (!viewer) throw signInRequired();
  const cohort = await db.cohort.findUnique({ where: { id: cohortId } }).catch(() => null);
  if (!cohort || cohort.instructorId !== viewer.id || !isStaff(viewer)) throw notFound("No such cohort.");
  return cohort;
}
