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
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } catch (error) {
    // Two starts racing to create it: the loser finds it there, which is what it wanted.
    if ((error as { code?: string }).code === "42P04") return false;
    throw error;
  } finally {
    await client.end();
  }
}
