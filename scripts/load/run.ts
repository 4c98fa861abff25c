/**
 * `npm run test:load [-- --students 100 --timeout-min 15 --record]`: a bounded, loopback-only
 * load test. Prepares its own database (<name>_load) and Redis prefix (faultline-load), both
 * cleaned at the start (never faultline or faultline_test), builds the site into .next-load when
 * the sources changed, starts the site (scripts/serve-site.ts) and 2 lab workers, signs up N students over HTTP,
 * each submits 3 runs across both labs (known answers from labs/<lab>/solutions), polls
 * GET /api/runs/<id> until every run is final, and asserts: every run final, 0 lost, each
 * verdict equal to the solution's expected.json verdict. Prints queue wait and run time
 * p50/p95 and runs/minute. Exit 0 only when all hold. Stops everything it started, also on Ctrl-C.
 */
import { mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { percentile, writeResultsSection } from "@/bench/support";
import { readExpectations, readSolution } from "@/lib/labs/solutions";
import { isAlive } from "@/lib/procs";
import { siteCommand } from "@/lib/web/site-command";
import { descendants } from "@/lib/procs/descendants";
import { buildIfChanged, sourceHash, distDir } from "../setup/build";
import { shutdownAll, spawnGroup, stopOnSignals } from "../setup/children";
import { freePort, waitFor } from "../setup/ports";
import { findPostgres, withDatabase } from "../setup/postgres";
import { prepare } from "../setup/prepare";
import { findRedis } from "../setup/redis";
import { deletePrefix, dropDatabases } from "../setup/reset-test-state";
import { SetupError, main, stage } from "../setup/stage";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const REDIS_PREFIX = "faultline-load";
const DIST_DIR = ".next-load";
const WORKERS = 2;
const RUNS_PER_STUDENT = 3;

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "100" },
    "timeout-min": { type: "string", default: "15" },
    record: { type: "boolean", default: false },
  },
});
const students = Number(values.students);
const timeoutMs = Number(values["timeout-min"]) * 60_000;

interface Pick {
  labId: string;
  taskId: string;
  solution: string;
}
// Answers with known verdicts and short runs: no quorum answer with unavailable W/R (~10 s),
// no sandbox-limit implement answers. Passing and failing answers alternate.
const TOKEN_BUCKET: Pick[] = [
  { labId: "token-bucket", taskId: "configure", solution: "reference" },
  { labId: "token-bucket", taskId: "configure", solution: "wrong-global" },
  { labId: "token-bucket", taskId: "atomicity", solution: "reference" },
  { labId: "token-bucket", taskId: "atomicity", solution: "wrong-read-then-write" },
  { labId: "token-bucket", taskId: "implement", solution: "reference" },
  { labId: "token-bucket", taskId: "implement", solution: "wrong-off-by-one" },
];
const QUORUM: Pick[] = [
  { labId: "quorum", taskId: "configure-wr", solution: "reference" },
  { labId: "quorum", taskId: "configure-wr", solution: "wrong-w1r1" },
  { labId: "quorum", taskId: "stale-read", solution: "reference" },
  { labId: "quorum", taskId: "stale-read", solution: "wrong-empty" },
  { labId: "quorum", taskId: "predict", solution: "reference" },
  { labId: "quorum", taskId: "predict", solution: "wrong-no-stale" },
];

/**
 * Student i's three runs: two token-bucket tasks (one passing, one failing answer) and one quorum
 * task (quorum runs take twice as long: this keeps 100 students under ~12 minutes at 2 workers).
 */
function picksFor(i: number): Pick[] {
  return [TOKEN_BUCKET[i % 6]!, QUORUM[i % 6]!, TOKEN_BUCKET[(i + 3) % 6]!];
}

const STATUS_OF_VERDICT = { pass: "passed", fail: "failed", error: "error" } as const;
const FINAL = new Set(["passed", "failed", "error"]);

interface RunRecord {
  id: string;
  student: number;
  pick: Pick;
  expected: string;
  status: string;
  diagnosis: string | null;
  errorKind: string | null;
  createdAt?: number;
  startedAt?: number;
  finishedAt?: number;
}

/** Runs `fn` over items with at most `limit` at once. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim().slice(0, 160);
  } catch {
    return "?";
  }
}

main(async () => {
  if (!Number.isInteger(students) || students < 1 || students > 250) throw new SetupError("--students must be an integer from 1 to 250");
  if (!(timeoutMs > 0)) throw new SetupError("--timeout-min must be a positive number");
  stopOnSignals();
  const started = Date.now();
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

  // Clean slate for this test's own database and prefix only.
  const baseName = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL).pathname.slice(1) || "faultline" : "faultline";
  const dbName = `${baseName}_load`;
  const pgFound = await stage("postgres", () => findPostgres(root), (p) => p.how);
  const redisFound = await stage("redis", () => findRedis(root), (r) => r.how);
  await stage(
    "clean slate",
    async () => ({
      dropped: (await dropDatabases(pgFound.serverUrl, (all) => all.filter((n) => n === dbName))).length,
      keys: await deletePrefix(redisFound.url, REDIS_PREFIX),
    }),
    (r) => `dropped ${r.dropped} database(s) ${dbName}, ${r.keys} Redis key(s) under ${REDIS_PREFIX}`,
  );
  process.env.DATABASE_URL = withDatabase(pgFound.serverUrl, dbName);
  process.env.REDIS_URL = redisFound.url;
  const prepared = await prepare({ root, databaseName: () => dbName, redisPrefix: REDIS_PREFIX, seed: true, demoAccounts: false });

  await stage("build", async () => {
    process.env.FAULTLINE_NEXT_DIST_DIR = DIST_DIR;
    delete process.env.FAULTLINE_EXTRA_CONTENT_DIR;
    // `next build` adds its dist dir's type paths to tsconfig.json: keep the file as it was.
    const tsconfig = path.join(root, "tsconfig.json");
    const before = readFileSync(tsconfig, "utf8");
    const built = buildIfChanged(root);
    if (readFileSync(tsconfig, "utf8") !== before) {
      writeFileSync(tsconfig, before);
      writeFileSync(path.join(distDir(root), "faultline-source-hash"), sourceHash(root));
    }
    return built;
  }, (built) => (built ? `built ${DIST_DIR}` : `${DIST_DIR} up to date`));

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: prepared.databaseUrl,
    LABS_DATABASE_URL: prepared.labsDatabaseUrl,
    REDIS_URL: prepared.redisUrl,
    FAULTLINE_REDIS_PREFIX: prepared.redisPrefix,
    FAULTLINE_NEXT_DIST_DIR: DIST_DIR,
    BETTER_AUTH_SECRET: "faultline-load-test-only-secret-0123456789abcdef",
    BETTER_AUTH_URL: baseUrl,
    PORT: String(port),
    FAULTLINE_DEMO: "1",
    FAULTLINE_TRUSTED_PROXIES: "127.0.0.1,::1",
    // The defaults (30 submits a minute, 3 active runs) admit each student's 3 submits.
    FAULTLINE_SUBMIT_RATE: process.env.FAULTLINE_SUBMIT_RATE ?? "30",
    FAULTLINE_MAX_ACTIVE_RUNS: process.env.FAULTLINE_MAX_ACTIVE_RUNS ?? "3",
    FAULTLINE_WORKER_CONCURRENCY: "1",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const logs = path.join(root, ".data", "load");
  mkdirSync(logs, { recursive: true });
  const logTo = (name: string) => openSync(path.join(logs, `${name}.log`), "w");

  let stopping = false;
  const startedPids: Array<number | undefined> = [];
  const siteCmd = siteCommand(root, port, "127.0.0.1");
  const site = spawnGroup(siteCmd.cmd, siteCmd.args, {
    cwd: root,
    env,
    stdio: ["ignore", logTo("site"), logTo("site")],
  });
  startedPids.push(site.pid);
  site.on("exit", (code) => !stopping && console.error(`✖ the site exited (${code}); see .data/load/site.log`));
  for (let i = 0; i < WORKERS; i++) {
    const worker = spawnGroup(process.execPath, ["--import", "tsx", path.join(root, "workers", "lab-worker.ts")], {
      cwd: root,
      env: { ...env, FAULTLINE_SERVICE: `load-worker-${i}` },
      stdio: ["ignore", logTo(`worker-${i}`), logTo(`worker-${i}`)],
    });
    startedPids.push(worker.pid);
    worker.on("exit", (code) => !stopping && console.error(`✖ worker ${i} exited (${code}); see .data/load/worker-${i}.log`));
  }

  try {
    await stage("site and workers", async () => {
      await waitFor(async () => {
        try {
          const res = await fetch(`${baseUrl}/api/health`);
          const body = (await res.json()) as { workers?: { ids?: string[] } };
          return res.ok && (body.workers?.ids?.length ?? 0) >= WORKERS;
        } catch {
          return false;
        }
      }, 180_000, `The site on ${baseUrl} with ${WORKERS} workers`);
    }, () => `${baseUrl}, ${WORKERS} workers`);

    // Answers and the verdict each gets when graded alone (expected.json).
    const answers = new Map<string, { answer: unknown; expected: string }>();
    for (const p of [...TOKEN_BUCKET, ...QUORUM]) {
      const expectations = await readExpectations(p.labId, p.taskId);
      const verdict = expectations[p.solution]?.verdict;
      if (!verdict) throw new SetupError(`labs/${p.labId}/solutions/${p.taskId}: no expected verdict for ${p.solution}`);
      answers.set(`${p.labId}/${p.taskId}/${p.solution}`, { answer: await readSolution(p.labId, p.taskId, p.solution), expected: STATUS_OF_VERDICT[verdict] });
    }

    const tag = Date.now().toString(36);
    const forwardedFor = (i: number) => `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    const cookies = await stage("sign-ups", () =>
      pool(Array.from({ length: students }, (_, i) => i), 10, async (i) => {
        const res = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: baseUrl, "x-forwarded-for": forwardedFor(i) },
          body: JSON.stringify({ email: `load-${tag}-${i}@load.faultline.local`, password: `load-pw-${tag}-${i}-0123456789`, name: `Load student ${i}` }),
        });
        if (!res.ok) throw new SetupError(`sign-up of student ${i} failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
        const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
        if (!cookie) throw new SetupError(`sign-up of student ${i} set no session cookie`);
        return cookie;
      }),
    (c) => `${c.length} students`);

    const submitStart = Date.now();
    const runs: RunRecord[] = [];
    const refused: string[] = [];
    await stage("submits", () =>
      pool(Array.from({ length: students }, (_, i) => i), 10, async (i) => {
        for (const pick of picksFor(i)) {
          const { answer, expected } = answers.get(`${pick.labId}/${pick.taskId}/${pick.solution}`)!;
          const res = await fetch(`${baseUrl}/api/runs`, {
            method: "POST",
            headers: { "content-type": "application/json", origin: baseUrl, cookie: cookies[i]!, "x-forwarded-for": forwardedFor(i) },
            body: JSON.stringify({ labId: pick.labId, taskId: pick.taskId, answer }),
          });
          if (res.status !== 201) {
            refused.push(`student ${i} ${pick.labId}/${pick.taskId}/${pick.solution}: ${res.status} ${(await res.text()).slice(0, 200)}`);
            continue;
          }
          const { id } = (await res.json()) as { id: string };
          runs.push({ id, student: i, pick, expected, status: "queued", diagnosis: null, errorKind: null });
        }
      }),
    () => `${runs.length} runs accepted, ${refused.length} refused (${fmt(Date.now() - submitStart)})`);

    // Poll runs that are not final, a few requests at a time, until all are or time runs out:
    // every 2 s the 20 oldest (the queue is first in, first out), every 30 s all of them. The
    // times come from the runs' own timestamps, so polling less only delays noticing the end
    // and keeps the site's CPU for the workers.
    const deadline = Date.now() + timeoutMs;
    let lastReport = 0;
    await stage("runs", async () => {
      for (let round = 0; ; round++) {
        const pending = runs.filter((r) => !FINAL.has(r.status));
        if (pending.length === 0 || Date.now() > deadline) return;
        const roundStart = Date.now();
        await pool(round % 15 === 0 ? pending : pending.slice(0, 20), 4, async (r) => {
          const res = await fetch(`${baseUrl}/api/runs/${r.id}`, { headers: { cookie: cookies[r.student]!, "x-forwarded-for": forwardedFor(r.student) } });
          if (!res.ok) {
            r.status = `http-${res.status}`;
            return;
          }
          const view = (await res.json()) as { status: string; diagnosis: string | null; errorKind: string | null; createdAt: string; startedAt: string | null; finishedAt: string | null };
          r.status = view.status;
          r.diagnosis = view.diagnosis;
          r.errorKind = view.errorKind;
          r.createdAt = Date.parse(view.createdAt);
          r.startedAt = view.startedAt ? Date.parse(view.startedAt) : undefined;
          r.finishedAt = view.finishedAt ? Date.parse(view.finishedAt) : undefined;
        });
        if (Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          console.log(`  ${runs.filter((r) => FINAL.has(r.status)).length}/${runs.length} final (${fmt(Date.now() - submitStart)})`);
        }
        await sleep(Math.max(0, 2_000 - (Date.now() - roundStart)));
      }
    }, () => `${runs.filter((r) => FINAL.has(r.status)).length}/${runs.length} final`);

    // Lost: accepted runs without a row, or rows without an accepted run.
    const client = new pg.Client({ connectionString: prepared.databaseUrl });
    await client.connect();
    let rowCount: number;
    try {
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM lab_run');
      rowCount = Number(rows[0]?.n ?? 0);
    } catch {
      rowCount = NaN;
    } finally {
      await client.end();
    }

    const expectedRuns = students * RUNS_PER_STUDENT;
    const notFinal = runs.filter((r) => !FINAL.has(r.status));
    const lost = expectedRuns - runs.filter((r) => FINAL.has(r.status)).length;
    const mismatched = runs.filter((r) => FINAL.has(r.status) && r.status !== r.expected);
    const finals = runs.filter((r) => r.createdAt !== undefined && r.startedAt !== undefined && r.finishedAt !== undefined);
    const waits = finals.map((r) => r.startedAt! - r.createdAt!);
    const durations = finals.map((r) => r.finishedAt! - r.startedAt!);
    const firstCreated = Math.min(...finals.map((r) => r.createdAt!));
    const lastFinished = Math.max(...finals.map((r) => r.finishedAt!));
    const perMinute = finals.length / ((lastFinished - firstCreated) / 60_000);
    const byVerdict = { passed: 0, failed: 0, error: 0 } as Record<string, number>;
    for (const r of runs) if (FINAL.has(r.status)) byVerdict[r.status] = (byVerdict[r.status] ?? 0) + 1;
    const byTask = new Map<string, number[]>();
    for (const r of finals) {
      const key = `${r.pick.labId}/${r.pick.taskId}`;
      byTask.set(key, [...(byTask.get(key) ?? []), r.finishedAt! - r.startedAt!]);
    }

    const lines = [
      `students: ${students}, runs submitted: ${expectedRuns}, accepted: ${runs.length}, refused: ${refused.length}, rows in the database: ${rowCount}`,
      `final: ${runs.length - notFinal.length}/${expectedRuns}, lost: ${lost}, verdicts: ${byVerdict.passed} passed, ${byVerdict.failed} failed, ${byVerdict.error} error; equal to the same answer alone: ${runs.length - notFinal.length - mismatched.length}/${runs.length - notFinal.length}`,
      `queue wait (createdAt → startedAt): p50 ${fmt(percentile(waits, 50))}, p95 ${fmt(percentile(waits, 95))}, max ${fmt(Math.max(...waits))}`,
      `run time (startedAt → finishedAt): p50 ${fmt(percentile(durations, 50))}, p95 ${fmt(percentile(durations, 95))}`,
      `per task run time p50: ${[...byTask].map(([k, v]) => `${k} ${fmt(percentile(v, 50))}`).join(", ")}`,
      `throughput: ${perMinute.toFixed(1)} runs/minute (${finals.length} runs from the first submit to the last grade, ${fmt(lastFinished - firstCreated)}; ${WORKERS} workers × concurrency 1)`,
      `wall clock: ${fmt(Date.now() - started)} in all`,
    ];
    console.log("\n" + lines.join("\n"));
    for (const f of refused.slice(0, 10)) console.log(`  ✖ refused: ${f}`);
    for (const r of notFinal.slice(0, 10)) console.log(`  ✖ not final: ${r.id} (${r.pick.labId}/${r.pick.taskId}/${r.pick.solution}) status ${r.status}`);
    for (const r of mismatched.slice(0, 10)) console.log(`  ✖ verdict: ${r.id} (${r.pick.labId}/${r.pick.taskId}/${r.pick.solution}) expected ${r.expected}, got ${r.status} ${r.errorKind ?? ""}: ${(r.diagnosis ?? "").slice(0, 200)}`);

    const ok = refused.length === 0 && notFinal.length === 0 && lost === 0 && mismatched.length === 0 && rowCount === runs.length;
    console.log(ok ? "\nload: ok" : "\nload: FAILED");
    if (values.record) {
      writeResultsSection(
        "## Load (100 students)",
        [
          `Command: \`npm run test:load -- --students ${students}\` (${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, loopback; the site + ${WORKERS} lab workers; result: ${ok ? "ok" : "FAILED"}).`,
          "",
          "```",
          ...lines,
          "```",
        ].join("\n"),
      );
    }
    return ok ? 0 : 1;
  } finally {
    stopping = true;
    const roots = startedPids.filter((pid): pid is number => pid !== undefined);
    const ours = [...roots, ...descendants(roots)];
    await shutdownAll();
    // A process that outlives its group (e.g. a lab's own process group) gets 3 s, then is named and killed.
    for (let waited = 0; waited < 3_000 && ours.some(isAlive); waited += 250) await sleep(250);
    const left = ours.filter(isAlive).map((pid) => ({ pid, cmd: cmdline(pid) }));
    for (const { pid } of left) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Gone.
      }
    }
    if (left.length) console.log(`› stopped; ${left.length} process(es) outlived their group and were killed: ${left.map((l) => `${l.pid} (${l.cmd})`).join(", ")}`);
    else console.log("› stopped: no process left behind");
  }
});
