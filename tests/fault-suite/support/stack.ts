/**
 * The whole system as a student meets it, on services the fault suite owns: a private
 * Postgres and Redis (so they can be stopped), the production build under the site server (scripts/serve-site.ts), and
 * two lab workers — every one a real process. Labs: the real token-bucket and quorum, plus the
 * pipeline-echo fixture whose run length the test chooses (so "mid-run" is not a race).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";
import { listLabs } from "@/lib/labs/discover";
import { buildManifest } from "@/lib/labs/manifest";
import { siteCommand } from "@/lib/web/site-command";
import { freePort } from "@/scripts/setup/ports";
import { startWorker, type WorkerProcess } from "../../support/worker-process";
import { PrivatePostgres } from "./private-postgres";
import { PrivateRedis } from "./private-redis";

const root = process.cwd();
export const DIST_DIR = process.env.FAULTLINE_NEXT_DIST_DIR || ".next-test";
const DATABASE = "faultline_faults";

export interface Stack {
  baseUrl: string;
  pg: PrivatePostgres;
  redis: PrivateRedis;
  databaseUrl: string;
  prefix: string;
  /** Set in every worker's environment; children inherit it (FAULTLINE_*), so orphans are findable. */
  mark: string;
  workers: WorkerProcess[];
  /** Starts one more worker (e.g. after one was killed). */
  addWorker: () => Promise<WorkerProcess>;
  appOutput: () => string;
  stop: () => Promise<void>;
}

function labsDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "faultline-faults-labs-"));
  symlinkSync(path.join(root, "labs", "token-bucket"), path.join(dir, "token-bucket"));
  symlinkSync(path.join(root, "labs", "quorum"), path.join(dir, "quorum"));
  symlinkSync(path.join(root, "tests", "runs", "fixtures", "labs", "pipeline-echo"), path.join(dir, "pipeline-echo"));
  return dir;
}

async function createDatabase(serverUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${DATABASE}`);
  await client.end();
}

async function waitForApp(baseUrl: string, workers: number, output: () => string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      const body = (await res.json()) as { workers?: { ids?: string[] } };
      if (res.ok && (body.workers?.ids?.length ?? 0) >= workers) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The site on ${baseUrl} was not healthy with ${workers} workers within ${timeoutMs} ms:\n${output()}`);
}

export async function startStack(opts: { workers?: number; env?: Record<string, string>; logName?: string } = {}): Promise<Stack> {
  if (!existsSync(path.join(root, DIST_DIR, "BUILD_ID"))) {
    throw new Error(`The fault suite serves the production build in ${DIST_DIR}: run \`npm run test:faults\` (it builds first) or \`npm test\`.`);
  }
  const [pgServer, redis] = await Promise.all([PrivatePostgres.create(), PrivateRedis.create()]);
  await createDatabase(pgServer.url());
  const databaseUrl = pgServer.url(DATABASE);
  await migrate(databaseUrl);

  const labs = labsDir();
  const runsDir = mkdtempSync(path.join(tmpdir(), "faultline-faults-runs-"));
  const manifestPath = path.join(labs, "..", `${path.basename(labs)}-manifest.json`);
  writeFileSync(manifestPath, JSON.stringify(buildManifest(await listLabs({ dir: labs }))));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const prefix = "faultline-faults";
  const mark = randomUUID();
  const env: Record<string, string> = {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    FAULTLINE_REDIS_PREFIX: prefix,
    FAULTLINE_LABS_DIR: labs,
    FAULTLINE_LABS_MANIFEST: manifestPath,
    FAULTLINE_RUNS_DIR: runsDir,
    FAULTLINE_NEXT_DIST_DIR: DIST_DIR,
    BETTER_AUTH_SECRET: "faultline-fault-suite-only-secret-0123456789abcdef",
    BETTER_AUTH_URL: baseUrl,
    PORT: String(port),
    FAULTLINE_TRUSTED_PROXIES: "127.0.0.1,::1",
    FAULTLINE_RECONCILE_MS: "1000",
    FAULTLINE_WORKER_CONCURRENCY: "1",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    NEXT_TELEMETRY_DISABLED: "1",
    ...opts.env,
  };

  let appOut = "";
  const site = siteCommand(root, port, "127.0.0.1");
  const app: ChildProcess = spawn(site.cmd, site.args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  app.stdout!.on("data", (d) => (appOut += d));
  app.stderr!.on("data", (d) => (appOut += d));

  const workers: WorkerProcess[] = [];
  const allWorkers: WorkerProcess[] = [];
  const addWorker = async () => {
    const w = await startWorker({ ...env, FAULTLINE_FAULT_SUITE_MARK: mark });
    workers.push(w);
    allWorkers.push(w);
    return w;
  };
  for (let i = 0; i < (opts.workers ?? 2); i++) await addWorker();
  await waitForApp(baseUrl, workers.length, () => appOut);

  return {
    baseUrl,
    pg: pgServer,
    redis,
    databaseUrl,
    prefix,
    mark,
    workers,
    addWorker,
    appOutput: () => appOut,
    stop: async () => {
      // What each process said, for whoever reads a failure: .data/fault-suite/<file>-*.log.
      const logs = path.join(root, ".data", "fault-suite");
      mkdirSync(logs, { recursive: true });
      const name = path.basename(opts.logName ?? "stack");
      writeFileSync(path.join(logs, `${name}-app.log`), appOut);
      allWorkers.forEach((w, i) => writeFileSync(path.join(logs, `${name}-worker-${i}.log`), w.output()));
      for (const w of workers) await w.stop("SIGTERM");
      try {
        process.kill(-app.pid!, "SIGTERM");
      } catch {
        /* gone */
      }
      await redis.kill();
      await pgServer.dispose();
      rmSync(labs, { recursive: true, force: true });
      rmSync(manifestPath, { force: true });
      rmSync(runsDir, { recursive: true, force: true });
    },
  };
}
