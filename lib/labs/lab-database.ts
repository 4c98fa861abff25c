/**
 * The labs database: a Postgres database apart from the app's (`<app database>_labs`), where
 * a lab run that needs real Postgres makes a schema of its own (./lab-schema.ts). It holds no
 * app data, which is why a run child may hold its URL while it never sees DATABASE_URL.
 */
const DEFAULT_APP_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/faultline";

/** The labs database next to an app database: same server and user, name + "_labs". */
export function labsDatabaseUrlFor(appDatabaseUrl: string): string {
  const url = new URL(appDatabaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, "")) || "faultline";
  url.pathname = `/${name}_labs`;
  return url.toString();
}

/** LABS_DATABASE_URL when set (npm start / npm test set it), else the one next to DATABASE_URL. */
export function defaultLabDatabaseUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.LABS_DATABASE_URL || labsDatabaseUrlFor(env.DATABASE_URL || DEFAULT_APP_DATABASE_URL);
}
