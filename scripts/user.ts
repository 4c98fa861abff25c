/**
 * `npm run user -- promote <email> <student|instructor|admin>`: the operator's way to change
 * a role without signing in (e.g. to make the first admin).
 * `npm run user -- password <email>`: set a new password, read from stdin (never argv, which
 * lands in shell history) — e.g. to replace a demo password before a production start.
 */
import { hashPassword } from "better-auth/crypto";
import { createPrisma, type Db } from "@/lib/db/client";
import { AccessError } from "@/lib/people/errors";
import { setRole } from "@/lib/people/roles";

const [command, email, role] = process.argv.slice(2);
const usage = "Usage: npm run user -- promote <email> <student|instructor|admin> | password <email> (new password on stdin)";

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, "");
}

async function setPassword(db: Db, rawEmail: string): Promise<string> {
  const password = await readStdin();
  if (password.length < 8) throw new AccessError(400, "The new password must be at least 8 characters (give it on stdin).");
  const user = await db.user.findUnique({ where: { email: rawEmail.trim().toLowerCase() } });
  if (!user) throw new AccessError(404, `No user has the email ${rawEmail}.`);
  const updated = await db.account.updateMany({ where: { userId: user.id, providerId: "credential" }, data: { password: await hashPassword(password) } });
  if (updated.count === 0) throw new AccessError(404, `${user.email} has no password account.`);
  // Sessions signed in with the old password end.
  await db.session.deleteMany({ where: { userId: user.id } });
  return `${user.email} has a new password`;
}

if (!((command === "promote" && email && role) || (command === "password" && email))) {
  console.error(usage);
  process.exit(2);
}
const db = createPrisma();
try {
  if (command === "password") console.log(await setPassword(db, email!));
  else {
    const user = await setRole(db, "operator", email, role);
    console.log(`${user.email} is now ${user.role}`);
  }
} catch (error) {
  console.error(error instanceof AccessError ? error.message : `Could not change the user: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
