import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkLinearizable } from "@/lib/checkers";
import { readHistoryFile } from "@/lib/history/load";

// Recorded Jepsen histories with the verdicts Porcupine's own tests expect (see README.md there).
const suite = "tests/fixtures/porcupine";
const verdicts = readFileSync(`${suite}/verdicts.tsv`, "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => line.split("\t") as [string, "linearizable" | "not-linearizable"]);

// The target is 10 s per file. The wall-clock budget is larger so a machine loaded by parallel
// builds cannot turn a slow file into "unknown"; the 10 s bound is asserted on CPU time, which
// load does not inflate (bench/checker.ts: worst file ~0.3 s of CPU).
const BUDGET_MS = 45_000;
const TARGET_CPU_MS = 10_000;

describe("Porcupine's recorded histories", () => {
  it("has every history of the suite", () => {
    expect(verdicts.filter(([file]) => file.startsWith("etcd/"))).toHaveLength(102);
    expect(verdicts.filter(([file]) => file.startsWith("kv/"))).toHaveLength(6);
  });

  it.each(verdicts)("%s is %s", async (file, expected) => {
    const history = await readHistoryFile(`${suite}/${file}`);
    const model = file.startsWith("kv/") ? "kv" : "register";
    const cpu = process.cpuUsage();
    const result = checkLinearizable(history, { model, timeBudgetMs: BUDGET_MS });
    expect(process.cpuUsage(cpu).user / 1000).toBeLessThan(TARGET_CPU_MS);
    expect(result.verdict).toBe(expected === "linearizable" ? "ok" : "illegal");
    if (result.verdict === "illegal")
      expect(result.witness?.blocked.index).toBeGreaterThanOrEqual(0);
  });
});
