import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Lab runs first. With 2 workers, a long file that starts last is the stage's long pole (a
 * fresh clone has no timing cache: verdict-sample, 440 s, started at +481 s and ended the
 * stage at +921 s). Which files are long is known by kind: the verdict sample, then each lab's
 * end-to-end tests. Within a kind, and for the rest, vitest's own order (cached durations,
 * longest first, when it has them).
 */
const LONG_KINDS = [/\/tests\/labs\/verdict-sample\.test\.ts$/, /\/labs\/[^/]+\/lab\.test\.ts$/];
const kindOf = (spec: TestSpecification) => {
  const i = LONG_KINDS.findIndex((re) => re.test(spec.moduleId));
  return i === -1 ? LONG_KINDS.length : i;
};
class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Array.prototype.sort is stable: vitest's order holds within each kind.
    return (await super.sort(files)).sort((a, b) => kindOf(a) - kindOf(b));
  }
}

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL("./", import.meta.url)) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["**/node_modules/**", ".next*/**", ".data/**", ".cache/**", ".d3tmp/**", "tests/browser/**"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests share one test database and Redis prefix family; files run in
    // parallel processes but each test names its own rows/keys.
    pool: "forks",
    maxWorkers: 2,
    // it.concurrent tests of a file (load-guarded lab runs: tests/support/load-guarded.ts) two at
    // a time: a run starved by the other is an "overloaded" error and runs again, not a grade.
    maxConcurrency: 2,
    sequence: { sequencer: LongestFirstSequencer },
  },
});
