/**
 * Checker benchmark: time per Porcupine history (p50/p95/max) and the speed-up of checking
 * the kv histories split by key over checking them whole, measured in the same run.
 *   npm run bench:checker [-- --unsplit-budget-ms 30000]
 * Appends/replaces the "## Checker" section of bench/RESULTS.md.
 */
import { writeResultsSection } from "./support";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { checkLinearizable, type LinearizabilityResult } from "@/lib/checkers";
import { readHistoryFile } from "@/lib/history/load";
import type { History } from "@/lib/history/types";

const SUITE = "tests/fixtures/porcupine";
const RUNS = 3;
const { values } = parseArgs({
  options: { "unsplit-budget-ms": { type: "string", default: "30000" } },
});
const unsplitBudget = Number(values["unsplit-budget-ms"]);

const files = readFileSync(`${SUITE}/verdicts.tsv`, "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => line.split("\t")[0] as string);
const histories = new Map<string, History>();
for (const file of files) histories.set(file, await readHistoryFile(`${SUITE}/${file}`));
const modelOf = (file: string) => (file.startsWith("kv/") ? "kv" : "register");

const check = (file: string, splitByKey = true, timeBudgetMs = 60_000): LinearizabilityResult =>
  checkLinearizable(histories.get(file)!, { model: modelOf(file), splitByKey, timeBudgetMs });

// Warm the JIT once, then take each file's median of RUNS.
for (const file of files) check(file);
const perFile = files.map((file) => {
  const runs = Array.from({ length: RUNS }, () => {
    const cpu = process.cpuUsage();
    const wallMs = check(file).elapsedMs;
    return { wallMs, cpuMs: process.cpuUsage(cpu).user / 1000 };
  });
  const median = (pick: (r: (typeof runs)[number]) => number) =>
    runs.map(pick).sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  return { file, ms: median((r) => r.wallMs), cpuMs: median((r) => r.cpuMs) };
});
const quantiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};
const wall = quantiles(perFile.map((p) => p.ms));
const cpu = quantiles(perFile.map((p) => p.cpuMs));
const slowest = [...perFile].sort((a, b) => b.ms - a.ms).slice(0, 3);

const kvFiles = files.filter((file) => file.startsWith("kv/"));
const splitRows = kvFiles.map((file) => {
  const split = check(file);
  const whole = check(file, false, unsplitBudget);
  return {
    file,
    splitMs: split.elapsedMs,
    wholeMs: whole.elapsedMs,
    wholeVerdict: whole.verdict,
    verdict: split.verdict,
  };
});
const finished = splitRows.filter((row) => row.wholeVerdict !== "unknown");
const ratio = (rows: typeof splitRows) =>
  rows.reduce((s, r) => s + r.wholeMs, 0) /
  Math.max(
    rows.reduce((s, r) => s + r.splitMs, 0),
    0.001,
  );

const f0 = (ms: number) => ms.toFixed(ms < 10 ? 1 : 0);
const lines = [
  "## Checker",
  "",
  `Command: \`npm run bench:checker\` (${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, ` +
    `${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} during the run — other builds were running).`,
  "",
  `Linearizability check time per Porcupine history (${files.length} files, median of ${RUNS} runs each, after a warm-up):`,
  "",
  "| time | p50 | p95 | max | slowest (wall) |",
  "|---|---|---|---|---|",
  `| wall clock | ${f0(wall(0.5))} ms | ${f0(wall(0.95))} ms | ${f0(wall(1))} ms | ${slowest.map((s) => `${s.file} ${f0(s.ms)} ms`).join(", ")} |`,
  `| CPU (user) | ${f0(cpu(0.5))} ms | ${f0(cpu(0.95))} ms | ${f0(cpu(1))} ms | |`,
  "",
  `Split by key (P-compositionality) vs the whole kv history with a map-valued model (budget ${unsplitBudget} ms):`,
  "",
  "| file | verdict | split | whole | speed-up |",
  "|---|---|---|---|---|",
  ...splitRows.map((r) => {
    const timedOut = r.wholeVerdict === "unknown";
    const speedUp = r.wholeMs / Math.max(r.splitMs, 0.001);
    return `| ${r.file} | ${r.verdict} | ${f0(r.splitMs)} ms | ${timedOut ? `> ${f0(r.wholeMs)} ms (timed out)` : `${f0(r.wholeMs)} ms`} | ${timedOut ? "> " : ""}${speedUp.toFixed(1)}× |`;
  }),
  "",
  `Speed-up over the files both finished: ${ratio(finished).toFixed(1)}× (total whole / total split); ` +
    `over all kv files, counting timeouts at the budget: > ${ratio(splitRows).toFixed(1)}×.`,
  "",
];
const report = lines.join("\n");
process.stdout.write(`${report}\n`);

writeResultsSection("## Checker", report.replace(/^## Checker\n+/, ""));
