/** Changing a user's role: admins only (from the UI), or the operator with `npm run user`. */
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { AccessError, signInRequired } from "./errors";

export const roleSchema = z.enum(["student", "instructor", "admin"], {
  error: "Role must be student, instructor or admin.",
});

/** `actor` null = the operator at the command line, who needs no account. */
export async function setRole(
  db: Db,
  actor: Viewer | null | "operator",
  rawEmail: unknown,
  rawRole: unknown,
) {
  if (actor !== "operator") {
    if (!actor) throw signInRequired();
    if (actor.role !== "admin") throw new AccessError(403, "Only admins can change roles.");
  }
  const role = roleSchema.safeParse(rawRole);
  if (!role.success) throw new AccessError(400, role.error.issues[0]!.message);
  const email = String(rawEmail ?? "")
    .trim()
    .toLowerCase();
  const user = await db.user.findUnique({ where: { email } });
  if (!user) throw new AccessError(404, `No user has the email ${email}.`);
  if (actor !== "operator" && user.id === actor.id && role.data !== "admin") {
    throw new AccessError(400, "You cannot remove your own admin role; ask another admin.");
  }
  return db.user.update({
    where: { id: user.id },
    data: { role: role.data },
    select: { id: true, email: true, role: true },
  });
}

export async function listUsers(db: Db, actor: Viewer | null) {
  if (!actor) throw signInRequired();
  if (actor.role !== "admin") throw new AccessError(403, "Only admins can list users.");
  return db.user.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, email: true, name: true, role: true, createdAt: true },
  });
}
