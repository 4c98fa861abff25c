/**
 * Everything between "services are up" and "ready to serve": database, migrations, Prisma
 * client, demo data, labs manifest. Shared by start, test and dev.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { findPostgres, withDatabase } from "./postgres";
import { findRedis } from "./redis";
import { stage, SetupError } from "./stage";

export interface Prepared {
  databaseUrl: string;
  /** The labs database next to it (<name>_labs): lab runs' own schemas, no app data. */
  labsDatabaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
}

export interface PrepareOptions {
  root: string;
  /** "faultline" for start/dev, "faultline_test" for tests. */
  databaseName: (configuredName: string | undefined) => string;
  redisPrefix: string;
  seed: boolean;
  /** Also create the demo accounts (never in production unless FAULTLINE_DEMO=1). */
  demoAccounts: boolean;
  /** Production: stop if a demo account still has its published password. */
  refuseDemoPasswords?: boolean;
  /** Tests: drop the database (and scratch databases) and delete the prefix's keys first. */
  fresh?: boolean;
}

function databaseNameOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const name = new URL(url).pathname.replace(/^\//, "");
  return name || undefined;
}

export function generatePrismaClient(root: string): boolean {
  const schema = readFileSync(path.join(root, "prisma", "schema.prisma"));
  const hash = createHash("sha256").update(schema).digest("hex");
  const marker = path.join(root, "lib", "generated", ".schema-hash");
  if (existsSync(marker) && readFileSync(marker, "utf8") === hash && existsSync(path.join(root, "lib", "generated", "prisma", "client.ts"))) {
    return false;
  }
  // The CLI wants a schema-engine binary it cannot download here; generation never runs it.
  const result = spawnSync(path.join(root, "node_modules", ".bin", "prisma"), ["generate"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
  });
  if (result.status !== 0) throw new SetupError(`prisma generate failed: ${(result.stderr || result.stdout).trim().split("\n").slice(-3).join(" ")}`);
  mkdirSync(path.dirname(marker), { recursive: true });
  writeFileSync(marker, hash);
  return true;
}

async function refuseDemoPasswords(db: import("@/lib/db/client").Db): Promise<void> {
  const { accountsWithDemoPassword } = await import("@/lib/db/demo-passwords");
  const found = await stage("demo passwords", () => accountsWithDemoPassword(db), (f) => (f.length ? `still set: ${f.join(", ")}` : "none"));
  if (found.length) {
    throw new SetupError(`Refusing to start in production: ${found.join(", ")} still ${found.length === 1 ? "has its" : "have their"} demo password from the README; change it with \`npm run user -- password <email>\` (or set FAULTLINE_DEMO=1 for a demo site).`);
  }
}

export async function prepare(opts: PrepareOptions): Promise<Prepared> {
  const { root } = opts;
  const pgFound = await stage("postgres", () => findPostgres(root), (p) => p.how);
  const redisFound = await stage("redis", () => findRedis(root), (r) => r.how);
  const databaseUrl = withDatabase(pgFound.serverUrl, opts.databaseName(databaseNameOf(process.env.DATABASE_URL)));
  process.env.DATABASE_URL = databaseUrl;
  const labsDatabaseUrl = withDatabase(pgFound.serverUrl, `${new URL(databaseUrl).pathname.slice(1)}_labs`);
  process.env.LABS_DATABASE_URL = labsDatabaseUrl;
  process.env.REDIS_URL = redisFound.url;
  process.env.FAULTLINE_REDIS_PREFIX = opts.redisPrefix;
  if (opts.fresh) {
    const { dropDatabases, deletePrefix } = await import("./reset-test-state");
    const dbName = new URL(databaseUrl).pathname.slice(1);
    await stage("clean slate", async () => {
      const dropped = await dropDatabases(pgFound.serverUrl, (all) => all.filter((n) => n === dbName || n === `${dbName}_labs` || n.startsWith("faultline_scratch_")));
      const keys = await deletePrefix(redisFound.url, opts.redisPrefix);
      return { dropped: dropped.length, keys };
    }, (r) => `dropped ${r.dropped} test database(s), ${r.keys} Redis key(s) under ${opts.redisPrefix}`);
  }

  const { ensureDatabase } = await import("@/lib/db/ensure-database");
  await stage("database", () => ensureDatabase(databaseUrl), (created) => (created ? `created ${new URL(databaseUrl).pathname.slice(1)}` : new URL(databaseUrl).pathname.slice(1)));
  await stage("labs database", () => ensureDatabase(labsDatabaseUrl), (created) => (created ? `created ${new URL(labsDatabaseUrl).pathname.slice(1)}` : new URL(labsDatabaseUrl).pathname.slice(1)));
  const { migrate } = await import("@/lib/db/migrate");
  await stage("migrations", () => migrate(databaseUrl, path.join(root, "prisma", "migrations")), (r) => (r.applied.length ? `applied ${r.applied.join(", ")}` : "up to date"));
  await stage("prisma client", async () => generatePrismaClient(root), (g) => (g ? "generated" : "up to date"));
  if (opts.seed) {
    const { createPrisma } = await import("@/lib/db/client");
    const { seed } = await import("@/lib/db/seed");
    const db = createPrisma(databaseUrl);
    try {
      await stage("demo data", () => seed(db, { accounts: opts.demoAccounts }), (r) => (r.created.length ? `created ${r.created.join(", ")}` : opts.demoAccounts ? "present" : "course only (no demo accounts)"));
      if (opts.refuseDemoPasswords) await refuseDemoPasswords(db);
    } finally {
      await db.$disconnect();
    }
  }
  if (existsSync(path.join(root, "scripts", "labs-manifest.ts"))) {
    await stage("labs manifest", async () => {
      // Loading every lab takes seconds: skip it when no lab (or the kit) changed.
      const { sourceHashOf } = await import("./build");
      const hash = sourceHashOf(root, ["labs", "lib/labs", "lib/catalogue/manifest-format.ts", "scripts/labs-manifest.ts"]);
      const marker = path.join(root, "lib", "generated", ".labs-hash");
      const manifest = path.join(root, "lib", "generated", "labs-manifest.json");
      if (existsSync(manifest) && existsSync(marker) && readFileSync(marker, "utf8") === hash) return false;
      const result = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "labs-manifest.ts")], { cwd: root, encoding: "utf8" });
      if (result.status !== 0) throw new SetupError(`A lab definition is invalid: ${(result.stderr || result.stdout).trim().split("\n").slice(-3).join(" ")}`);
      writeFileSync(marker, hash);
      return true;
    }, (written) => (written ? "written" : "up to date"));
  }
  return { databaseUrl, labsDatabaseUrl, redisUrl: redisFound.url, redisPrefix: opts.redisPrefix };
}
