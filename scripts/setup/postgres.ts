/**
 * Finds a Postgres to use, in the order the README promises: DATABASE_URL; the server on the
 * default port; a private server from the machine's binaries under .data/; apt-get install
 * (as root on Debian); else one line saying what to install.
 */
import { existsSync, mkdirSync, readdirSync, chmodSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { createHash } from "node:crypto";
import pg from "pg";
import { aptInstall, canApt } from "./apt";
import { onShutdown, spawnGroup, killGroup, exited } from "./children";
import { freePort, waitFor } from "./ports";
import { SetupError } from "./stage";

export interface FoundPostgres {
  /** URL of the server, with the database name replaced by the caller. */
  serverUrl: string;
  how: string;
}

export async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function findPostgres(root: string): Promise<FoundPostgres> {
  const configured = process.env.DATABASE_URL;
  if (configured) {
    if (await canConnect(withDatabase(configured, "postgres"))) return { serverUrl: configured, how: "DATABASE_URL" };
    const safe = configured.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
    throw new SetupError(
      `Cannot connect to Postgres at DATABASE_URL=${safe}: check the host, port, user and password, or unset DATABASE_URL to let Faultline find or start one.`,
    );
  }
  if (process.env.FAULTLINE_PRIVATE_SERVICES !== "1") {
    for (const user of ["postgres", "root"]) {
      const url = `postgresql://${user}@127.0.0.1:5432/postgres`;
      if (await canConnect(url)) return { serverUrl: url, how: `local server on port 5432 as ${user}` };
    }
  }
  let bin = postgresBinDir();
  if (!bin && canApt() && aptInstall(["postgresql"])) bin = postgresBinDir();
  if (!bin) {
    throw new SetupError(
      "No Postgres found: install PostgreSQL 15 or newer (Debian: apt-get install postgresql) or set DATABASE_URL=postgresql://user:password@host:5432/faultline.",
    );
  }
  return startPrivatePostgres(root, bin);
}

export function postgresBinDir(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, "bin", "postgres"))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin") : undefined;
}

/** As root, Postgres refuses to run: its files and process belong to the `postgres` user. */
export function runAs(): string[] {
  return process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];
}

function privateDataDir(root: string): string {
  const inRepo = path.join(root, ".data", "postgres");
  if (process.getuid?.() !== 0) return inRepo;
  mkdirSync(path.dirname(inRepo), { recursive: true });
  // The postgres user must be able to reach the folder; under /root it cannot, so fall back.
  const probe = spawnSync("runuser", ["-u", "postgres", "--", "test", "-x", path.dirname(inRepo)]);
  if (probe.status === 0) return inRepo;
  const id = createHash("sha256").update(root).digest("hex").slice(0, 12);
  return `/var/tmp/faultline-postgres-${id}`;
}

async function startPrivatePostgres(root: string, bin: string): Promise<FoundPostgres> {
  const dataDir = privateDataDir(root);
  const prefix = runAs();
  const user = prefix.length ? "postgres" : (process.env.USER ?? "postgres");
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    mkdirSync(dataDir, { recursive: true });
    if (prefix.length) spawnSync("chown", ["-R", "postgres:postgres", dataDir]);
    chmodSync(dataDir, 0o700);
    const [cmd, ...args] = [...prefix, path.join(bin, "initdb"), "-D", dataDir, "-U", user, "--auth=trust", "-E", "UTF8"];
    const init = spawnSync(cmd!, args, { encoding: "utf8" });
    if (init.status !== 0) throw new SetupError(`initdb failed in ${dataDir}: ${init.stderr.trim().split("\n").pop()}`);
  }
  const port = await freePort();
  const socketDir = dataDir;
  writeFileSync(path.join(root, ".data", "postgres.port"), String(port));
  const [cmd, ...args] = [...prefix, path.join(bin, "postgres"), "-D", dataDir, "-p", String(port), "-k", socketDir, "-c", "listen_addresses=127.0.0.1"];
  const child = spawnGroup(cmd!, args, { stdio: "ignore" });
  onShutdown(async () => {
    // SIGINT = Postgres "fast shutdown": ends sessions and exits cleanly.
    killGroup(child, "SIGINT");
    await Promise.race([exited(child), new Promise((r) => setTimeout(r, 10_000))]);
    killGroup(child, "SIGKILL");
  });
  const serverUrl = `postgresql://${user}@127.0.0.1:${port}/postgres`;
  await waitFor(() => canConnect(serverUrl), 30_000, `The private Postgres in ${dataDir}`);
  return { serverUrl, how: `private server in ${path.relative(root, dataDir) || dataDir} on port ${port}` };
}

export { withDatabase };
