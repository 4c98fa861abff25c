/**
 * The demo admin's password is in the README: production never creates the demo accounts
 * (unless FAULTLINE_DEMO=1) and `npm start` refuses to serve while one still has its demo
 * password.
 */
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma, type Db } from "@/lib/db/client";
import { accountsWithDemoPassword } from "@/lib/db/demo-passwords";
import { demoAccountsAllowed } from "@/lib/db/demo-users";
import { migrate } from "@/lib/db/migrate";
import { seed } from "@/lib/db/seed";
import { freePort } from "@/scripts/setup/ports";
import { scratchDatabase, TEST_REDIS_URL, uniquePrefix } from "../support/services";

let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
let db: Db;

beforeAll(async () => {
  scratch = await scratchDatabase("demo");
  await migrate(scratch.url, path.join(process.cwd(), "prisma", "migrations"));
  db = createPrisma(scratch.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await scratch?.drop();
});

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/start.mjs"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    // Before the fix it went on to build and serve: stop it and report that.
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 180_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("demo accounts", () => {
  it("are allowed outside production, and in production only with FAULTLINE_DEMO=1", () => {
    expect(demoAccountsAllowed({ NODE_ENV: "development" })).toBe(true);
    expect(demoAccountsAllowed({})).toBe(true);
    expect(demoAccountsAllowed({ NODE_ENV: "production" })).toBe(false);
    expect(demoAccountsAllowed({ NODE_ENV: "production", FAULTLINE_DEMO: "1" })).toBe(true);
  });

  it("seeding without accounts creates the course and no user", async () => {
    expect((await seed(db, { accounts: false })).created).toEqual([]);
    expect(await db.course.count()).toBe(1);
    expect(await db.user.count()).toBe(0);
    expect(await accountsWithDemoPassword(db)).toEqual([]);
  });

  it("npm start in production refuses demo passwords in one line; a changed password passes the check", async () => {
    await seed(db, { accounts: true });
    expect(await accountsWithDemoPassword(db)).toEqual(["instructor@faultline.local", "student@faultline.local"]);
    const port = String(await freePort());
    const env = { NODE_ENV: "production", FAULTLINE_DEMO: "", DATABASE_URL: scratch.url, REDIS_URL: TEST_REDIS_URL, FAULTLINE_REDIS_PREFIX: uniquePrefix("demo"), PORT: port, BETTER_AUTH_SECRET: "a-test-secret-that-is-long-enough-0123456789", BETTER_AUTH_URL: `http://127.0.0.1:${port}` };
    const result = await start(env);
    expect(result.code, result.stderr).not.toBe(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/Refusing to start in production: instructor@faultline\.local, student@faultline\.local still have their demo password/);

    // The operator's fix: a new password from stdin.
    const changed = spawnSync(process.execPath, ["--import", "tsx", "scripts/user.ts", "password", "instructor@faultline.local"], { input: "a-new-strong-password\n", encoding: "utf8", env: { ...process.env, DATABASE_URL: scratch.url } });
    expect(changed.status, changed.stderr).toBe(0);
    expect(await accountsWithDemoPassword(db)).toEqual(["student@faultline.local"]);
  }, 240_000);
});
