/**
 * Which demo accounts still sign in with the password printed in the README. Checked with
 * better-auth's own verify, so a changed password (any hash) is never mistaken for a demo one.
 */
import { verifyPassword } from "better-auth/crypto";
import type { Db } from "./client";
import { DEMO_USERS } from "./demo-users";

export async function accountsWithDemoPassword(db: Db): Promise<string[]> {
  const found: string[] = [];
  for (const demo of DEMO_USERS) {
    const accounts = await db.account.findMany({
      where: { providerId: "credential", user: { email: demo.email } },
      select: { password: true },
    });
    for (const { password } of accounts) {
      if (password && (await verifyPassword({ hash: password, password: demo.password }))) {
        found.push(demo.email);
        break;
      }
    }
  }
  return found;
}
