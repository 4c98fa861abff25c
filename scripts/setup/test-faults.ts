/**
 * `npm run test:faults`: `npm test`'s set-up and build, then only the fault suite
 * (tests/fault-suite: private Postgres and Redis it stops, a worker it kills, hostile answers).
 * `npm test` runs the same suite as one of its steps. Last line: "N passed, N failed".
 */
import { shutdownAll, stopOnSignals } from "./children";
import { main } from "./stage";
import { buildTestSite, countStep, faultSuiteStep, prepareTests, printTally, type Tally } from "./test-steps";

main(async () => {
  stopOnSignals();
  const tally: Tally = { passed: 0, failed: 0, failures: [] };
  const { env, reports } = await prepareTests();
  if (await buildTestSite(env)) faultSuiteStep(reports, env, tally);
  else countStep("fault suite (skipped: the build failed)", false, tally);
  await shutdownAll();
  return printTally(tally);
});
