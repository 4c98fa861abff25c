/** Real user rows for tests, with unique emails, removed afterwards (runs cascade). */
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Role, Viewer } from "@/lib/auth/viewer";

export async function createUser(db: Db, role: Role, label: string = role): Promise<Viewer> {
  const id = randomUUID();
  const email = `${label}-${id.slice(0, 8)}@test.faultline.local`;
  await db.user.create({ data: { id, email, name: `${label} ${id.slice(0, 4)}`, role } });
  return { id, email, name: `${label} ${id.slice(0, 4)}`, role };
}

export async function deleteUsers(db: Db, users: Viewer[]): Promise<void> {
  await db.user.deleteMany({ where: { id: { in: users.map((u) => u.id) } } });
}

export async function addRun(db: Db, userId: string, labId: string, taskId: string, status: "passed" | "failed" | "error", diagnosis: string | null = null, at = new Date()) {
  return db.labRun.create({ data: { userId, labId, taskId, answer: {}, seed: 1, status, diagnosis, createdAt: at } });
}
