/**
 * Idempotent demo data: the first course and, when `accounts` is set (never in production
 * unless FAULTLINE_DEMO=1, see demo-users.ts), two accounts (an admin who is also the course's
 * instructor, and a student). Passwords are hashed exactly as better-auth does, so the
 * accounts sign in through the normal form.
 */
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { Db } from "./client";
import { DEMO_COURSE, DEMO_USERS } from "./demo-users";

export async function seed(db: Db, opts: { accounts: boolean }): Promise<{ created: string[] }> {
  const created: string[] = [];
  await db.course.upsert({
    where: { slug: DEMO_COURSE.slug },
    create: DEMO_COURSE,
    update: { title: DEMO_COURSE.title, summary: DEMO_COURSE.summary },
  });
  if (!opts.accounts) return { created };
  for (const demo of DEMO_USERS) {
    const existing = await db.user.findUnique({ where: { email: demo.email } });
    if (existing) continue;
    const userId = randomUUID();
    await db.user.create({
      data: {
        id: userId,
        name: demo.name,
        email: demo.email,
        emailVerified: true,
        role: demo.role,
        accounts: {
          create: {
            id: randomUUID(),
            accountId: userId,
            providerId: "credential",
            password: await hashPassword(demo.password),
          },
        },
      },
    });
    created.push(demo.email);
  }
  return { created };
}
