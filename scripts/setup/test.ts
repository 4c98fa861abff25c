/**
 * `npm test`: the same set-up as `npm start` against a separate database (<name>_test) and
 * Redis prefix (faultline-test), then lint, type check, content check, unit + integration
 * tests (vitest, real Postgres and Redis), and browser tests (Playwright, Debian Chromium).
 * Every suite runs even when an earlier one fails; the last line is "N passed, N failed".
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildIfChanged } from "./build";
import { ensureChromium } from "./chromium";
import { shutdownAll, stopOnSignals } from "./children";
import { freePort } from "./ports";
import { prepare } from "./prepare";
import { main, stage } from "./stage";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

interface Tally {
  passed: number;
  failed: number;
  failures: string[];
}

function runStep(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, tally: Tally): boolean {
  console.log(`› ${name}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  const ok = result.status === 0;
  console.log(`› ${name}: ${ok ? "ok" : `FAILED (exit ${result.status ?? result.signal})`} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

function countStep(name: string, ok: boolean, tally: Tally): void {
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

function readVitest(file: string, tally: Tally, exitedOk: boolean): void {
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

function readPlaywright(file: string, tally: Tally, exitedOk: boolean): void {
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

main(async () => {
  stopOnSignals();
  const tally: Tally = { passed: 0, failed: 0, failures: [] };
  const chromium = await stage("chromium", async () => ensureChromium(), (p) => p);
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
    REDIS_URL: prepared.redisUrl,
    FAULTLINE_REDIS_PREFIX: prepared.redisPrefix,
    FAULTLINE_CHROMIUM: chromium,
    // The test build lives apart from `npm start`'s, and includes the fixture chapters.
    FAULTLINE_NEXT_DIST_DIR: ".next-test",
    FAULTLINE_EXTRA_CONTENT_DIR: "tests/fixtures/content/extra",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    // The test database is a demo site: production-mode servers in tests keep its accounts.
    FAULTLINE_DEMO: "1",
  };

  countStep("lint", runStep("lint", bin("eslint"), [".", "--max-warnings=0"], env, tally), tally);
  countStep("typecheck", runStep("typecheck", bin("tsc"), ["--noEmit", "-p", "."], env, tally), tally);
  if (existsSync(path.join(root, "scripts", "content-check.ts"))) {
    countStep("content check", runStep("content check", process.execPath, ["--import", "tsx", "scripts/content-check.ts"], env, tally), tally);
  }

  let built = false;
  await stage("build", async () => {
    process.env.FAULTLINE_NEXT_DIST_DIR = env.FAULTLINE_NEXT_DIST_DIR;
    process.env.FAULTLINE_EXTRA_CONTENT_DIR = env.FAULTLINE_EXTRA_CONTENT_DIR;
    // The content check stage just ran the same checks the build would repeat.
    process.env.FAULTLINE_SKIP_CONTENT_CHECK = "1";
    try {
      buildIfChanged(root);
      built = true;
    } catch (error) {
      console.error(`✖ ${(error as Error).message}`);
    }
  });
  countStep("production build", built, tally);

  // Two passes: everything else in parallel, then the `npm start` tests alone — they time a
  // start (under 15 s) and count processes, which parallel suites on 2 cores would distort.
  const vitestReport = path.join(reports, "vitest.json");
  const vitestOk = runStep("unit and integration tests (vitest)", bin("vitest"), ["run", "--exclude", "tests/setup/**", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`], env, tally);
  readVitest(vitestReport, tally, vitestOk);
  const setupReport = path.join(reports, "vitest-setup.json");
  const setupOk = runStep("set-up tests (vitest, alone)", bin("vitest"), ["run", "tests/setup", "--maxWorkers=1", "--reporter=default", "--reporter=json", `--outputFile.json=${setupReport}`], env, tally);
  readVitest(setupReport, tally, setupOk);

  if (built) {
    const playwrightReport = path.join(reports, "playwright.json");
    const port = await freePort();
    const browserOk = runStep("browser tests (playwright)", bin("playwright"), ["test"], { ...env, NODE_ENV: "production", PLAYWRIGHT_PORT: String(port), PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport }, tally);
    readPlaywright(playwrightReport, tally, browserOk);
  } else {
    countStep("browser tests (skipped: the build failed)", false, tally);
  }

  await shutdownAll();
  if (tally.failures.length) {
    console.log("\nFailed:");
    for (const f of tally.failures) console.log(`  ✖ ${f}`);
  }
  console.log(`\n${tally.passed} passed, ${tally.failed} failed`);
  return tally.failed === 0 ? 0 : 1;
});
