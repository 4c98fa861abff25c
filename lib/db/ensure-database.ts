/** Creates the database named in a URL when it does not exist yet. */
import pg from "pg";

export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new Error(`Database name "${name}" in DATABASE_URL may only use letters, digits, _ and -.`);
  }
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  // Runs that start together on a fresh machine all find the database missing: one creates it
  // while the others wait on this lock, then find it there. Without it, CREATE DATABASE
  // racing itself fails with a unique violation on pg_database's name index.
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [`faultline:create-database:${name}`]);
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (error) {
    // Created by something that does not take the lock (createdb, an older version).
    if (["42P04", "23505"].includes((error as { code?: string }).code ?? "")) return false;
    throw error;
  } finally {
    // Ending the session releases its advisory lock.
    await client.end();
  }
}
