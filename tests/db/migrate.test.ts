import { mkdtemp, mkdir, writeFile, cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { scratchDatabase } from "../support/services";

let db: Awaited<ReturnType<typeof scratchDatabase>>;
beforeAll(async () => {
  db = await scratchDatabase("migrate");
});
afterAll(async () => db.drop());

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe("migration runner", () => {
  it("applies every migration once and records it like Prisma", async () => {
    const first = await migrate(db.url);
    const files = await readMigrations();
    expect(first.applied).toEqual(files.map((f) => f.name));
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((f) => [f.name, f.checksum]));
    expect(rows.every((r) => r.finished_at && r.applied_steps_count === 1)).toBe(true);

    const second = await migrate(db.url);
    expect(second).toEqual({ applied: [], alreadyApplied: files.length });
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    await cp(path.resolve("prisma/migrations"), dir, { recursive: true });
    const [first] = await readMigrations(dir);
    await writeFile(path.join(dir, first!.name, "migration.sql"), `${first!.sql}\n-- edited`);
    await expect(migrate(db.url, dir)).rejects.toThrow(/was edited after it was applied/);
  });

  it("rolls back a failing migration completely and says which one failed", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    await cp(path.resolve("prisma/migrations"), dir, { recursive: true });
    await mkdir(path.join(dir, "29990101000000_broken"));
    await writeFile(path.join(dir, "29990101000000_broken", "migration.sql"), `CREATE TABLE "half_done" (id int);\nSELECT * FROM "no_such_table";`);
    await expect(migrate(db.url, dir)).rejects.toThrow(/29990101000000_broken failed/);
    const tables = await query<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'half_done'`);
    expect(tables[0]!.n).toBe("0");
    const recorded = await query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`);
    expect(recorded).toHaveLength(0);
  });
});
