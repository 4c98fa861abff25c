/**
 * `npm run user -- promote <email> <student|instructor|admin>`: the operator's way to change
 * a role without signing in (e.g. to make the first admin).
 */
import { createPrisma } from "@/lib/db/client";
import { AccessError } from "@/lib/people/errors";
import { setRole } from "@/lib/people/roles";

const [command, email, role] = process.argv.slice(2);
const usage = "Usage: npm run user -- promote <email> <student|instructor|admin>";

if (command !== "promote" || !email || !role) {
  console.error(usage);
  process.exit(2);
}
const db = createPrisma();
try {
  const user = await setRole(db, "operator", email, role);
  console.log(`${user.email} is now ${user.role}`);
} catch (error) {
  console.error(error instanceof AccessError ? error.message : `Could not change the role: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
