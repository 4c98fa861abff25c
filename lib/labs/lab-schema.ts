/**
 * A run's own Postgres schema in the labs database (./lab-database.ts): created at start,
 * dropped at teardown. Its name carries its creation time, so a later run drops the schemas
 * of runs that crashed before their teardown (older than STALE_AFTER_MS).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { ensureDatabase } from "@/lib/db/ensure-database";

export interface LabSchema {
  databaseUrl: string;
  /** A plain identifier (lab_<time>_<hex>), safe to quote into SQL. */
  schema: string;
  drop(): Promise<void>;
}

const SCHEMA_NAME = /^lab_[0-9a-z]{1,12}_[0-9a-f]{8,32}$/;
/** Far longer than any run's time limit. */
const STALE_AFTER_MS = 60 * 60_000;

export function isLabSchemaName(name: string): boolean {
  return SCHEMA_NAME.test(name);
}

function newSchemaName(at = Date.now()): string {
  return `lab_${Math.floor(at / 1000).toString(36)}_${randomBytes(6).toString("hex")}`;
}

/** A client of the labs database; creates the database on first use (a developer's machine without `npm start`). */
export async function connectLabDatabase(databaseUrl: string): Promise<pg.Client> {
  const open = async () => {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    return client;
  };
  try {
    return await open();
  } catch (err) {
    if ((err as { code?: string }).code !== "3D000") throw err;
    await ensureDatabase(databaseUrl);
    return open();
  }
}

/** Drops lab schemas older than STALE_AFTER_MS: their runs ended without a teardown. */
export async function sweepStaleLabSchemas(client: pg.Client, now = Date.now()): Promise<string[]> {
  const { rows } = await client.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'lab\\_%'`);
  const stale = rows.map((r) => r.nspname).filter((name) => isLabSchemaName(name) && now - parseInt(name.split("_")[1]!, 36) * 1000 > STALE_AFTER_MS);
  for (const name of stale) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`).catch(() => undefined);
  return stale;
}

export async function createLabSchema(databaseUrl: string): Promise<LabSchema> {
  const client = await connectLabDatabase(databaseUrl);
  const schema = newSchemaName();
  try {
    await client.query("SET lock_timeout = '5s'");
    await sweepStaleLabSchemas(client).catch(() => undefined);
    await client.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    databaseUrl,
    schema,
    async drop() {
      const c = await connectLabDatabase(databaseUrl);
      try {
        // A connection still holding locks in it (a process not yet dead) would block the drop: the sweep gets it later.
        await c.query("SET lock_timeout = '5s'");
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await c.end().catch(() => undefined);
      }
    },
  };
}
