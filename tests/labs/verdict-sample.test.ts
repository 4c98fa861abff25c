/**
 * A seeded sample of every lab's verdict table (answers × seeds → expected verdict), run
 * for real: the full tables are `npm run labs:verify`. The sample seed is printed, and
 * FAULTLINE_VERIFY_SAMPLE_SEED replays a given sample.
 */
import { describe, expect, it } from "vitest";
import { listLabIds, loadLab } from "@/lib/labs/discover";
import { formatRow, runCase, sampleRows, taskCases, verifySeeds } from "@/lib/labs/verify";
import { itForTaskOf, RUN_ATTEMPTS } from "@/tests/support/load-guarded";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const sampleSeed = Number(process.env.FAULTLINE_VERIFY_SAMPLE_SEED ?? 20_261_205);
/** Rows per lab: enough to cover each task over time, few enough for npm test's budget. */
const PER_LAB = 8;

for (const labId of await listLabIds()) {
  const cases = await taskCases(labId);
  const rows = sampleRows(cases, verifySeeds(10), PER_LAB, sampleSeed);
  const itFor = await itForTaskOf(labId);
  describe(`${labId} verdict table (sample seed ${sampleSeed})`, () => {
    for (const { c, seed } of rows) {
      itFor(c.taskId)(`${c.taskId} ${c.name} seed ${seed}`, { timeout: 90_000 * RUN_ATTEMPTS }, async () => {
        const row = await runCase(c, seed, { redisUrl, attempts: RUN_ATTEMPTS });
        console.log(formatRow(row));
        expect(row.mismatch).toBeNull();
      });
    }
  });
}

describe("verdict tables", () => {
  it("every task of every lab states its answer space as a table or stored solutions", async () => {
    for (const labId of await listLabIds()) {
      const cases = await taskCases(labId);
      const tasks = new Set(cases.map((c) => c.taskId));
      const lab = await loadLab(labId);
      for (const task of lab.tasks) expect(tasks.has(task.id), `${labId}/${task.id}`).toBe(true);
      // A table that only passes is no table: each task must also show a failing answer.
      for (const task of lab.tasks) expect(cases.some((c) => c.taskId === task.id && c.expected.verdict !== "pass"), `${labId}/${task.id} has no failing row`).toBe(true);
    }
  });

  it("quorum/configure-wr covers every (W, R) with the verdict theory gives", async () => {
    const rows = (await taskCases("quorum")).filter((c) => c.taskId === "configure-wr" && c.source === "table");
    expect(rows).toHaveLength(25);
    const passing = rows.filter((r) => r.expected.verdict === "pass").map((r) => r.name);
    expect(passing).toEqual(["W=3 R=3"]);
  });
});
