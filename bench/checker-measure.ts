/**
 * One measurement round of the checker benchmark, run in its own process so its peak RSS
 * is its own, and so bench/checker.ts can run the same round against an older checkout
 * (copied there, it imports that checkout's lib/checkers through its tsconfig).
 *   tsx bench/checker-measure.ts suite <passes>
 *   tsx bench/checker-measure.ts generated <operations> <seeds> <budget-ms>
 * Prints one JSON object (MeasureResult) on stdout.
 */
import { readFileSync } from "node:fs";
import { checkLinearizable } from "@/lib/checkers";
import { readHistoryFile } from "@/lib/history/load";
import type { History } from "@/lib/history/types";
import { generateHistory, plantStaleRead } from "@/tests/checkers/register-histories";

export const SUITE = "tests/fixtures/porcupine";

export interface Timed {
  name: string;
  verdict: string;
  /** In-process time of each pass (checkLinearizable's elapsedMs). */
  ms: number[];
  /** CPU time (user + system) of each pass: less at the mercy of other processes. */
  cpuMs: number[];
  configurations?: number;
}

export interface MeasureResult {
  timed: Timed[];
  rssBeforeMb: number;
  maxRssMb: number;
}

const mb = (bytes: number) => bytes / 2 ** 20;

interface Case {
  name: string;
  history: History;
  model: "register" | "kv";
  method?: "search";
}

/** `warmUp` runs once first for the JIT (default: the cases themselves). */
function measure(cases: Case[], passes: number, budgetMs: number, warmUp = cases): MeasureResult {
  const run = (c: Case) =>
    checkLinearizable(c.history, {
      model: c.model,
      timeBudgetMs: budgetMs,
      ...(c.method ? { method: c.method } : {}),
    });
  for (const c of warmUp) run(c);
  const rssBeforeMb = mb(process.memoryUsage().rss);
  const timed: Timed[] = cases.map((c) => ({ name: c.name, verdict: "", ms: [], cpuMs: [] }));
  // Each pass goes round the whole set, so a slow moment of the machine spreads over files.
  for (let pass = 0; pass < passes; pass++) {
    cases.forEach((c, i) => {
      const cpu = process.cpuUsage();
      const result = run(c);
      const used = process.cpuUsage(cpu);
      const t = timed[i]!;
      t.cpuMs.push((used.user + used.system) / 1000);
      t.verdict = result.verdict;
      t.ms.push(result.elapsedMs);
      const configurations = result.keys.reduce((sum, k) => sum + (k.configurations ?? 0), 0);
      if (configurations > 0) t.configurations = configurations;
    });
  }
  return { timed, rssBeforeMb, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function suiteCases() {
  const files = readFileSync(`${SUITE}/verdicts.tsv`, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t")[0]!);
  return Promise.all(
    files.map(async (file) => ({
      name: file,
      history: await readHistoryFile(`${SUITE}/${file}`),
      model: (file.startsWith("kv/") ? "kv" : "register") as "register" | "kv",
    })),
  );
}

/** Single-key register histories, linearizable and with one planted stale read, searched. */
function generatedCases(operations: number, seeds: number): Case[] {
  return Array.from({ length: seeds }, (_, i) => i + 1).flatMap((seed) => {
    const options = { operations, clients: 4, infoWrites: 0.02, seed };
    return [
      { name: `ok-${seed}`, history: generateHistory(options) },
      { name: `stale-${seed}`, history: plantStaleRead(options).history },
    ].map((c) => ({ ...c, model: "register" as const, method: "search" as const }));
  });
}

const [mode, a, b, c] = process.argv.slice(2);
if (mode === "suite") {
  const result = measure(await suiteCases(), Number(a), 60_000);
  process.stdout.write(JSON.stringify(result));
} else if (mode === "generated") {
  const result = measure(
    generatedCases(Number(a), Number(b)),
    1,
    Number(c),
    generatedCases(300, 2),
  );
  process.stdout.write(JSON.stringify(result));
}
