/**
 * How `npm test` and `npm run test:faults` run a step and count what it reports: vitest's and
 * Playwright's JSON reports become one tally, whose last line is "N passed, N failed".
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildIfChanged } from "./build";
import { prepare } from "./prepare";
import { stage } from "./stage";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

export interface Tally {
  passed: number;
  failed: number;
  failures: string[];
  /** Each step's wall time, printed at the end so a slow suite shows where the time went. */
  times?: Array<{ name: string; seconds: number }>;
  /** When the command started: the total printed is wall time (some steps run together). */
  startedAt?: number;
}

/** Records how long `name` took (runStep does it for every step). */
export function timeStep(tally: Tally, name: string, startedAt: number): void {
  (tally.times ??= []).push({ name, seconds: (Date.now() - startedAt) / 1000 });
}

export function runStep(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, tally: Tally): boolean {
  console.log(`› ${name}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  const ok = result.status === 0;
  timeStep(tally, name, started);
  console.log(`› ${name}: ${ok ? "ok" : `FAILED (exit ${result.status ?? result.signal})`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

export interface StepSpec {
  name: string;
  cmd: string;
  args: string[];
}

/**
 * Runs independent steps at once (lint, type check, content check: each mostly one core), each
 * one's output held and printed whole when it ends, so the logs never interleave.
 */
export async function runStepsTogether(steps: StepSpec[], env: NodeJS.ProcessEnv, tally: Tally): Promise<boolean[]> {
  return Promise.all(
    steps.map(
      (step) =>
        new Promise<boolean>((resolve) => {
          const started = Date.now();
          console.log(`› ${step.name} (started)`);
          const child = spawn(step.cmd, step.args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
          let output = "";
          child.stdout.on("data", (d: Buffer) => (output += d.toString()));
          child.stderr.on("data", (d: Buffer) => (output += d.toString()));
          const finish = (ok: boolean, how: string) => {
            timeStep(tally, step.name, started);
            if (output.trim()) process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
            console.log(`› ${step.name}: ${ok ? "ok" : `FAILED (${how})`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
            resolve(ok);
          };
          child.on("error", (err) => finish(false, err.message));
          child.on("close", (code, signal) => finish(code === 0, `exit ${code ?? signal}`));
        }),
    ),
  );
}

export function countStep(name: string, ok: boolean, tally: Tally): void {
  if (ok) tally.passed++;
  else {
    tally.failed++;
    tally.failures.push(name);
  }
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numTotalTestSuites: number;
  testResults: Array<{ name: string; status: string; message?: string; assertionResults: Array<{ fullName: string; status: string }> }>;
}

export function readVitest(file: string, tally: Tally, exitedOk: boolean): void {
  if (!existsSync(file)) {
    countStep("vitest (no report written)", false, tally);
    return;
  }
  const report = JSON.parse(readFileSync(file, "utf8")) as VitestJson;
  tally.passed += report.numPassedTests;
  tally.failed += report.numFailedTests;
  for (const suite of report.testResults) {
    for (const t of suite.assertionResults) if (t.status === "failed") tally.failures.push(`${path.relative(root, suite.name)} › ${t.fullName}`);
    // A file that failed to load has no assertion results but still failed.
    if (suite.status === "failed" && suite.assertionResults.length === 0) {
      tally.failed++;
      tally.failures.push(`${path.relative(root, suite.name)} (failed to load: ${(suite.message ?? "").split("\n")[0]})`);
    }
  }
  if (!exitedOk && report.numFailedTests === 0 && !tally.failures.some((f) => f.includes("failed to load"))) countStep("vitest (exited with an error)", false, tally);
}

interface PlaywrightJson {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites: PlaywrightSuite[];
  errors?: Array<{ message?: string }>;
}
interface PlaywrightSuite {
  title: string;
  specs: Array<{ title: string; ok: boolean; file: string }>;
  suites?: PlaywrightSuite[];
}

function failedSpecs(suites: PlaywrightSuite[]): string[] {
  return suites.flatMap((s) => [...s.specs.filter((sp) => !sp.ok).map((sp) => `${sp.file} › ${sp.title}`), ...failedSpecs(s.suites ?? [])]);
}

export function readPlaywright(file: string, tally: Tally, exitedOk: boolean): void {
  if (!existsSync(file)) {
    countStep("browser tests (no report written)", false, tally);
    return;
  }
  const report = JSON.parse(readFileSync(file, "utf8")) as PlaywrightJson;
  tally.passed += report.stats.expected + report.stats.flaky;
  tally.failed += report.stats.unexpected;
  tally.failures.push(...failedSpecs(report.suites).map((f) => `browser: ${f}`));
  if (!exitedOk && report.stats.unexpected === 0) {
    countStep(`browser tests (${report.errors?.[0]?.message?.split("\n")[0] ?? "exited with an error"})`, false, tally);
  }
}

/** A vitest run whose JSON report goes into the tally. */
export function vitestStep(name: string, args: string[], reportFile: string, env: NodeJS.ProcessEnv, tally: Tally): void {
  const ok = runStep(name, bin("vitest"), ["run", ...args, "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`], env, tally);
  readVitest(reportFile, tally, ok);
}

/** The fault suite (tests/fault-suite): alone, one file at a time — it stops services and times recoveries. */
export function faultSuiteStep(reportsDir: string, env: NodeJS.ProcessEnv, tally: Tally): void {
  vitestStep("fault suite (vitest, alone)", ["tests/fault-suite", "--maxWorkers=1", "--no-file-parallelism"], path.join(reportsDir, "vitest-faults.json"), env, tally);
}

export function printTally(tally: Tally): number {
  if (tally.times?.length) {
    const total = tally.startedAt ? (Date.now() - tally.startedAt) / 1000 : tally.times.reduce((n, t) => n + t.seconds, 0);
    console.log("\nTime per stage:");
    for (const t of tally.times) console.log(`  ${t.name.padEnd(44)} ${formatSeconds(t.seconds).padStart(8)}`);
    console.log(`  ${(tally.startedAt ? "total (wall clock)" : "total").padEnd(44)} ${formatSeconds(total).padStart(8)}`);
  }
  if (tally.failures.length) {
    console.log("\nFailed:");
    for (const f of tally.failures) console.log(`  ✖ ${f}`);
  }
  console.log(`\n${tally.passed} passed, ${tally.failed} failed`);
  return tally.failed === 0 ? 0 : 1;
}

/** The set-up every test command shares: `npm start`'s, on the test database and Redis prefix. */
export async function prepareTests(extraEnv: Record<string, string> = {}): Promise<{ env: NodeJS.ProcessEnv; reports: string }> {
  const prepared = await prepare({
    root,
    databaseName: (n) => `${n ?? "faultline"}_test`,
    redisPrefix: process.env.FAULTLINE_TEST_REDIS_PREFIX ?? "faultline-test",
    seed: true,
    // Browser tests sign in as the demo admin (tests/browser/support/accounts.ts).
    demoAccounts: true,
    fresh: process.env.FAULTLINE_KEEP_TEST_STATE !== "1",
  });
  const reports = path.join(root, ".data", "reports");
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    DATABASE_URL: prepared.databaseUrl,
    TEST_DATABASE_URL: prepared.databaseUrl,
    LABS_DATABASE_URL: prepared.labsDatabaseUrl,
    REDIS_URL: prepared.redisUrl,
    FAULTLINE_REDIS_PREFIX: prepared.redisPrefix,
    // The test build lives apart from `npm start`'s, and includes the fixture chapters.
    FAULTLINE_NEXT_DIST_DIR: ".next-test",
    FAULTLINE_EXTRA_CONTENT_DIR: "tests/fixtures/content/extra",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    // The test database is a demo site: production-mode servers in tests keep its accounts.
    FAULTLINE_DEMO: "1",
    ...extraEnv,
  };

  return { env, reports };
}

/** The production build the browser tests and the fault suite serve (.next-test); false when it failed. */
export async function buildTestSite(env: NodeJS.ProcessEnv): Promise<boolean> {
  let built = false;
  await stage("build", async () => {
    process.env.FAULTLINE_NEXT_DIST_DIR = env.FAULTLINE_NEXT_DIST_DIR;
    process.env.FAULTLINE_EXTRA_CONTENT_DIR = env.FAULTLINE_EXTRA_CONTENT_DIR;
    // `npm test` runs the content check as its own step; the build need not repeat it.
    process.env.FAULTLINE_SKIP_CONTENT_CHECK = "1";
    try {
      buildIfChanged(root);
      built = true;
    } catch (error) {
      console.error(`✖ ${(error as Error).message}`);
    }
  });
  return built;
}

function formatSeconds(s: number): string {
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}
