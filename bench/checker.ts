/**
 * Checker benchmark: time per Porcupine history (p50/p95/max), the speed-up of checking the
 * kv histories split by key over checking them whole, and 2,000-operation single-key
 * register histories (linearizable, and with one planted stale read) decided by the
 * polynomial unique-values path vs the forced search — each of those in a child process so
 * its peak RSS is its own. All measured in the same run.
 *   npm run bench:checker [-- --unsplit-budget-ms 5000] [-- --budget-ms 10000]
 * Appends/replaces the "## Checker" section of bench/RESULTS.md.
 */
import { writeResultsSection } from "./support";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { checkLinearizable, type LinearizabilityResult } from "@/lib/checkers";
import { readHistoryFile } from "@/lib/history/load";
import type { History } from "@/lib/history/types";
import { generateHistory, plantStaleRead } from "@/tests/checkers/register-histories";

const SUITE = "tests/fixtures/porcupine";
const RUNS = 3;
const LARGE = { operations: 2000, clients: 4, infoWrites: 0.02 };
const LARGE_SEEDS = [1, 2, 3];
const { values } = parseArgs({
  options: {
    "unsplit-budget-ms": { type: "string", default: "5000" },
    "budget-ms": { type: "string", default: "10000" },
    case: { type: "string" },
    seed: { type: "string" },
    method: { type: "string" },
  },
});
const unsplitBudget = Number(values["unsplit-budget-ms"]);
const budgetMs = Number(values["budget-ms"]);

interface LargeRun {
  verdict: string;
  method: string;
  wallMs: number;
  cpuMs: number;
  rssBeforeMb: number;
  maxRssMb: number;
  witnessIsPlanted: boolean | null;
  /** Set when the search stopped on its configuration cap rather than the budget. */
  capped?: number;
}

/** Child mode: check one generated history once and print what it cost. */
function runLargeCase(kind: string, seed: number, method: "auto" | "search"): LargeRun {
  const options = { ...LARGE, seed };
  const planted = kind === "stale" ? plantStaleRead(options) : null;
  const history = planted ? planted.history : generateHistory(options);
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  const cpu = process.cpuUsage();
  const result = checkLinearizable(history, { model: "register", method, timeBudgetMs: budgetMs });
  return {
    verdict: result.verdict,
    method: result.keys[0]!.method,
    wallMs: result.elapsedMs,
    cpuMs: process.cpuUsage(cpu).user / 1000,
    rssBeforeMb,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    witnessIsPlanted: planted ? result.witness?.blocked.index === planted.index : null,
    ...(result.verdict === "unknown" && result.keys[0]!.configurations !== undefined
      ? { capped: result.keys[0]!.configurations }
      : {}),
  };
}

if (values.case) {
  process.stdout.write(
    JSON.stringify(runLargeCase(values.case, Number(values.seed), values.method as "auto")),
  );
  process.exit(0);
}

function largeCase(kind: "ok" | "stale", seed: number, method: "auto" | "search"): LargeRun {
  const args = [...process.execArgv, process.argv[1]!, "--case", kind, "--seed", String(seed)];
  args.push("--method", method);
  const child = spawnSync(process.execPath, [...args, "--budget-ms", String(budgetMs)], {
    encoding: "utf8",
    timeout: budgetMs + 60_000,
  });
  if (child.status !== 0) throw new Error(`${kind}/${method}: ${child.stderr}`);
  return JSON.parse(child.stdout) as LargeRun;
}

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

const large = (["ok", "stale"] as const).flatMap((kind) =>
  LARGE_SEEDS.map((seed) => ({
    kind,
    seed,
    poly: largeCase(kind, seed, "auto"),
    search: largeCase(kind, seed, "search"),
  })),
);
const sum = (runs: LargeRun[], pick: (r: LargeRun) => number) =>
  runs.reduce((total, r) => total + pick(r), 0);

const f0 = (ms: number) => ms.toFixed(ms < 10 ? 1 : 0);
const witnessNote = (r: LargeRun) =>
  r.capped !== undefined
    ? ` (memory cap: ${r.capped} configurations remembered)`
    : r.verdict === "unknown"
      ? " (time budget)"
      : r.verdict !== "illegal" || r.witnessIsPlanted === null
        ? ""
        : r.witnessIsPlanted
          ? " (witness: the planted read)"
          : " (witness: another op)";
const largeRow = (label: string, r: LargeRun) =>
  `| ${label} | ${r.method} | ${r.verdict}${witnessNote(r)} | ${f0(r.wallMs)} ms | ${f0(r.cpuMs)} ms | ` +
  `${r.maxRssMb.toFixed(0)} MB (${r.rssBeforeMb.toFixed(0)} MB before the check) |`;

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
  `Total over the ${files.length} files: ${f0(perFile.reduce((t, p) => t + p.ms, 0))} ms wall, ` +
    `${f0(perFile.reduce((t, p) => t + p.cpuMs, 0))} ms CPU. None of them can take the polynomial path (etcd uses cas, kv ` +
    "appends), so these are the Wing–Gong search's numbers.",
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
  `${LARGE.operations}-operation single-key register histories (${LARGE.clients} clients, distinct written values, ` +
    `${LARGE.infoWrites * 100}% info writes, seeds ${LARGE_SEEDS.join(", ")}), each check in its own child process, ` +
    `budget ${budgetMs} ms; the polynomial unique-values path vs the Wing–Gong search forced with \`method: "search"\`:`,
  "",
  "| history | method | verdict | wall | CPU | peak RSS |",
  "|---|---|---|---|---|---|",
  ...large.flatMap(({ kind, seed, poly, search }) => [
    largeRow(`${kind === "ok" ? "linearizable" : "one planted stale read"}, seed ${seed}`, poly),
    largeRow("", search),
  ]),
  "",
  ...(["ok", "stale"] as const).map((kind) => {
    const rows = large.filter((r) => r.kind === kind);
    const poly = rows.map((r) => r.poly);
    const search = rows.map((r) => r.search);
    const gaveUp = search.filter((r) => r.verdict === "unknown").length;
    const maxRss = (runs: LargeRun[]) => Math.max(...runs.map((r) => r.maxRssMb));
    return (
      `${kind === "ok" ? "Linearizable" : "Planted stale read"}, ${rows.length} seeds: search / polynomial = ` +
      `${gaveUp ? "> " : ""}${(sum(search, (r) => r.wallMs) / sum(poly, (r) => r.wallMs)).toFixed(1)}× total wall, ` +
      `${(sum(search, (r) => r.cpuMs) / sum(poly, (r) => r.cpuMs)).toFixed(1)}× total CPU, ` +
      `${(maxRss(search) / maxRss(poly)).toFixed(1)}× worst peak RSS` +
      `${gaveUp ? ` (the search answered unknown on ${gaveUp}, counted at the time it gave up)` : ""}.`
    );
  }),
  "",
];
const report = lines.join("\n");
process.stdout.write(`${report}\n`);

writeResultsSection("## Checker", report.replace(/^## Checker\n+/, ""));
