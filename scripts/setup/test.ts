/**
 * `npm test`: the same set-up as `npm start` against a separate database (<name>_test) and
 * Redis prefix (faultline-test), then lint, type check, content check, unit + integration
 * tests (vitest, real Postgres and Redis), the fault suite (`npm run test:faults`), and browser
 * tests (Playwright, Debian Chromium).
 * Every suite runs even when an earlier one fails; the last line is "N passed, N failed".
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "./chromium";
import { shutdownAll, stopOnSignals } from "./children";
import { freePort } from "./ports";
import { main, stage } from "./stage";
import { bin, buildTestSite, countStep, faultSuiteStep, prepareTests, printTally, readPlaywright, runStep, runStepsTogether, timeStep, vitestStep, type StepSpec, type Tally } from "./test-steps";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

main(async () => {
  stopOnSignals();
  const setupStarted = Date.now();
  const tally: Tally = { passed: 0, failed: 0, failures: [], startedAt: setupStarted };
  const chromium = await stage("chromium", async () => ensureChromium(), (p) => p);
  const { env, reports } = await prepareTests({ FAULTLINE_CHROMIUM: chromium });
  timeStep(tally, "set-up (packages, Postgres, Redis, migrations, demo data)", setupStarted);

  // Independent and each mostly single-threaded: together they take about as long as the slowest.
  const checks: StepSpec[] = [
    { name: "lint", cmd: bin("eslint"), args: [".", "--max-warnings=0"] },
    { name: "typecheck", cmd: bin("tsc"), args: ["--noEmit", "-p", "."] },
  ];
  if (existsSync(path.join(root, "scripts", "content-check.ts"))) {
    checks.push({ name: "content check", cmd: process.execPath, args: ["--import", "tsx", "scripts/content-check.ts"] });
  }
  const results = await runStepsTogether(checks, env, tally);
  checks.forEach((check, i) => countStep(check.name, results[i]!, tally));

  const buildStarted = Date.now();
  const built = await buildTestSite(env);
  timeStep(tally, "production build", buildStarted);
  countStep("production build", built, tally);

  // Three passes: everything else in parallel, then the `npm start` tests alone — they time a
  // start (under 15 s) and count processes, which parallel suites on 2 cores would distort —
  // then the fault suite alone (it stops services of its own and times recoveries).
  vitestStep("unit and integration tests (vitest)", ["--exclude", "tests/setup/**", "--exclude", "tests/fault-suite/**"], path.join(reports, "vitest.json"), env, tally);
  vitestStep("set-up tests (vitest, alone)", ["tests/setup", "--maxWorkers=1"], path.join(reports, "vitest-setup.json"), env, tally);

  if (built) faultSuiteStep(reports, env, tally);
  else countStep("fault suite (skipped: the build failed)", false, tally);

  if (built) {
    const playwrightReport = path.join(reports, "playwright.json");
    const port = await freePort();
    const browserOk = runStep("browser tests (playwright)", bin("playwright"), ["test"], { ...env, NODE_ENV: "production", PLAYWRIGHT_PORT: String(port), PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport }, tally);
    readPlaywright(playwrightReport, tally, browserOk);
  } else {
    countStep("browser tests (skipped: the build failed)", false, tally);
  }

  await shutdownAll();
  return printTally(tally);
});
