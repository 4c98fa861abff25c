import { mkdtemp, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";
import { loadLab } from "@/lib/labs/discover";
import { scaffoldLab } from "@/lib/labs/scaffold";

// Inside the repo (git-ignored .data) so the scaffold's "@/..." imports resolve as in labs/.
const repo = fileURLToPath(new URL("../../", import.meta.url));
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let dir = "";

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("new-lab scaffold", () => {
  it("creates a cluster lab that loads and whose reference passes and wrong solution fails", { timeout: 120_000 }, async () => {
    await import("node:fs/promises").then((fs) =>
      fs.mkdir(join(repo, ".data"), { recursive: true }),
    );
    dir = await mkdtemp(join(repo, ".data", "new-lab-test-"));
    await scaffoldLab("demo-counter", { dir, title: "Demo counter", chapter: "resilient-apis" });
    expect((await readdir(join(dir, "demo-counter"))).sort()).toEqual([
      "lab.test.ts",
      "lab.ts",
      "solutions",
    ]);
    const lab = await loadLab("demo-counter", { dir });
    expect(lab).toMatchObject({
      id: "demo-counter",
      title: "Demo counter",
      chapter: "resilient-apis",
    });
    const cases = await solutionCases("demo-counter", { dir });
    expect(cases.map((c) => c.solution)).toEqual(["reference", "wrong-sum-merge"]);
    for (const c of cases) {
      const run = await runSolution("demo-counter", c, 1, { dir, redisUrl });
      expect(run.mismatch, run.grade.diagnosis).toBeNull();
    }
  });

  it("refuses a bad id and an existing folder", async () => {
    await expect(scaffoldLab("Bad Id", { dir })).rejects.toThrow(/not a valid lab id/);
    await expect(scaffoldLab("demo-counter", { dir })).rejects.toThrow(/already exists/);
  });
});
