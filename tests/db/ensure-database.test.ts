/**
 * Creating a database that is missing, from several callers at once (runs that start together
 * on a fresh machine each create the labs database on first use): every caller gets it.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDatabase } from "@/lib/db/ensure-database";

const base = new URL(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/faultline_test");
const name = `faultline_ensure_${randomBytes(4).toString("hex")}`;
const urlOf = (db: string) => Object.assign(new URL(base), { pathname: `/${db}` }).toString();

afterAll(async () => {
  const admin = new pg.Client({ connectionString: urlOf("postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  await admin.end();
});

describe("ensureDatabase", () => {
  it("creates a missing database once when six callers ask at the same moment, and each of them can connect", async () => {
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => ensureDatabase(urlOf(name))));
    expect(results.map((r) => (r.status === "fulfilled" ? "ok" : String(r.reason)))).toEqual(Array(6).fill("ok"));
    expect(results.filter((r) => r.status === "fulfilled" && r.value === true)).toHaveLength(1);
    const client = new pg.Client({ connectionString: urlOf(name) });
    await client.connect();
    expect((await client.query("SELECT current_database() AS db")).rows[0].db).toBe(name);
    await client.end();
  });
});
