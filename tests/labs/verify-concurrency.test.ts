/**
 * `labs:verify --concurrency N`: rows run N at a time in one process, each on its own real
 * system (the fixture lab spawns a real process per run), and come back in the table's order
 * with the grades they get alone.
 */
import { describe, expect, it } from "vitest";
import { runRows, type TaskCase, type VerdictRow } from "@/lib/labs/verify";
import { FIXTURE_LABS_DIR } from "../runs/support";
import { TEST_REDIS_URL } from "../support/services";

const row = (name: string, value: number, durationMs: number): TaskCase => ({
  labId: "pipeline-echo",
  taskId: "guess",
  source: "table",
  name,
  answer: { value, mode: "steady", durationMs },
  expected: { verdict: value === 42 ? "pass" : "fail" },
  why: "test",
});

describe("runRows", () => {
  it("runs rows concurrently, reports them in order, with the grades they get alone", { timeout: 120_000 }, async () => {
    // The first rows are the slowest: with 4 lanes the later ones finish first.
    const cases = [row("slow-pass", 42, 1_500), row("mid-fail", 7, 1_000), row("fast-pass", 42, 200), row("fast-fail", 1, 100)];
    const pairs = cases.map((c, i) => ({ c, seed: 1_000 + i }));
    const opts = { redisUrl: TEST_REDIS_URL, dir: FIXTURE_LABS_DIR, prefix: "faultline-test:verify-concurrency" };

    const alone: VerdictRow[] = [];
    await runRows(pairs, 1, opts, (r) => alone.push(r));
    const order: string[] = [];
    const started = Date.now();
    const together = await runRows(pairs, 4, opts, (r) => order.push(r.case.name));
    const wall = Date.now() - started;

    expect(order).toEqual(cases.map((c) => c.name));
    expect(together.map((r) => r.case.name)).toEqual(order);
    expect(together.map((r) => [r.grade.verdict, r.grade.diagnosis])).toEqual(alone.map((r) => [r.grade.verdict, r.grade.diagnosis]));
    expect(together.every((r) => r.mismatch === null)).toBe(true);
    // Run one after another, the wall time would be at least the sum of the rows' own times.
    expect(wall).toBeLessThan(together.reduce((sum, r) => sum + r.ms, 0));
  });
});
