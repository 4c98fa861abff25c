/**
 * Checker benchmark: in-process time per Porcupine history (sum, p50/p95/max, peak RSS) and
 * the same for searched single-key register histories of 500, 1,000 and 2,000 operations,
 * each round in a child process (bench/checker-measure.ts) so its peak RSS is its own;
 * rounds interleave with the same rounds of an older checkout when --before names one.
 * Then the speed-up of checking the kv histories split by key over checking them whole,
 * and 2,000-operation histories decided by the polynomial unique-values path vs the forced
 * search. All measured in the same run.
 *   npm run bench:checker [-- --rounds 5] [-- --before /tmp/checker-before]
 *     [-- --unsplit-budget-ms 5000] [-- --budget-ms 10000]
 * --before: a checkout of an older commit (`git worktree add /tmp/checker-before <commit>`);
 * checker-measure.ts is copied into its bench/ and run there with its own lib.
 * Appends/replaces the "## Checker" section of bench/RESULTS.md.
 */
import type { MeasureResult } from "./checker-measure";
import { percentile, writeResultsSection } from "./support";
import { execSync, spawnSync } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { checkLinearizable, type LinearizabilityResult } from "@/lib/checkers";
import { readHistoryFile } from "@/lib/history/load";
import type { History } from "@/lib/history/types";
import { generateHistory, plantStaleRead } from "@/tests/checkers/register-histories";

const SUITE = "tests/fixtures/porcupine";
const LARGE = { operations: 2000, clients: 4, infoWrites: 0.02 };
const LARGE_SEEDS = [1, 2, 3];
const { values } = parseArgs({
  options: {
    "unsplit-budget-ms": { type: "string", default: "5000" },
    "budget-ms": { type: "string", default: "10000" },
    case: { type: "string" },
    seed: { type: "string" },
    method: { type: "string" },
    rounds: { type: "string", default: "5" },
    before: { type: "string" },
  },
});
const rounds = Number(values.rounds);
const f0 = (ms: number) => ms.toFixed(ms < 10 ? 1 : 0);
const loadAtStart = loadavg()[0]!;
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

// Interleaved rounds: each round runs the suite (and each generated size) once in a fresh
// child for every variant, so a busy moment of the shared machine hits both alike.
interface Variant {
  label: string;
  script: string;
  cwd: string;
}
const variants: Variant[] = [
  { label: "now", script: "bench/checker-measure.ts", cwd: process.cwd() },
];
if (values.before) {
  const dir = path.resolve(values.before);
  copyFileSync("bench/checker-measure.ts", path.join(dir, "bench/checker-measure.ts"));
  const commit = execSync("git rev-parse --short HEAD", { cwd: dir, encoding: "utf8" }).trim();
  variants.unshift({ label: `before (${commit})`, script: "bench/checker-measure.ts", cwd: dir });
}
const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");
function measureIn(variant: Variant, args: string[]): MeasureResult {
  const child = spawnSync(tsx, [variant.script, ...args], {
    cwd: variant.cwd,
    encoding: "utf8",
    timeout: 600_000,
    maxBuffer: 64 * 2 ** 20,
  });
  if (child.status !== 0) throw new Error(`${variant.label} ${args.join(" ")}: ${child.stderr}`);
  return JSON.parse(child.stdout) as MeasureResult;
}

const SIZES = [500, 1000, 2000];
/**
 * Passes over the peer suite per round: one pass per round let a GC pause or a busy moment
 * decide a file's time (etcd_099 and c50-bad swung 13–35 ms between quiet rounds).
 */
const SUITE_PASSES = 3;
const GENERATED_SEEDS = 5;
interface Summary {
  /** Per case: the median over rounds of its in-process time. */
  medians: { name: string; verdict: string; ms: number; cpuMs: number }[];
  /** Per round: the sum over cases. */
  roundSums: number[];
  rssBeforeMb: number;
  maxRssMb: number;
}
const collected = new Map<string, MeasureResult[]>();
const keyOf = (variant: Variant, what: string) => `${variant.label}|${what}`;
for (let round = 0; round < rounds; round++) {
  for (const variant of variants) {
    const add = (what: string, result: MeasureResult) =>
      collected.set(keyOf(variant, what), [...(collected.get(keyOf(variant, what)) ?? []), result]);
    add("suite", measureIn(variant, ["suite", String(SUITE_PASSES)]));
    // The generated sizes take longer (a search that ends unknown runs to its budget): 3 rounds.
    if (round < 3) {
      for (const size of SIZES) {
        add(
          `${size}`,
          measureIn(variant, ["generated", `${size}`, `${GENERATED_SEEDS}`, `${budgetMs}`]),
        );
      }
    }
  }
}
const median = (xs: number[]) => percentile(xs, 50);
function summarise(variant: Variant, what: string): Summary {
  const results = collected.get(keyOf(variant, what))!;
  const medians = results[0]!.timed.map((t, i) => ({
    name: t.name,
    verdict: t.verdict,
    ms: median(results.flatMap((r) => r.timed[i]!.ms)),
    cpuMs: median(results.flatMap((r) => r.timed[i]!.cpuMs)),
  }));
  return {
    medians,
    roundSums: results.map((r) => r.timed.reduce((sum, t) => sum + t.ms[0]!, 0)),
    rssBeforeMb: median(results.map((r) => r.rssBeforeMb)),
    maxRssMb: median(results.map((r) => r.maxRssMb)),
  };
}
const summaryRow = (label: string, s: Summary) => {
  const ms = s.medians.map((m) => m.ms);
  const sum = ms.reduce((a, b) => a + b, 0);
  const cpuSum = s.medians.reduce((total, m) => total + m.cpuMs, 0);
  return (
    `| ${label} | ${f0(sum)} ms | ${f0(cpuSum)} ms | ` +
    `${f0(median(s.roundSums))} ms (${s.roundSums.map(f0).join(", ")}) | ` +
    `${f0(percentile(ms, 50))} ms | ${f0(percentile(ms, 95))} ms | ${f0(percentile(ms, 100))} ms | ` +
    `${s.maxRssMb.toFixed(0)} MB (${s.rssBeforeMb.toFixed(0)} MB before the checks) |`
  );
};
const suiteByVariant = variants.map((v) => ({ variant: v, s: summarise(v, "suite") }));
const nowSuite = suiteByVariant[suiteByVariant.length - 1]!.s;
const slowest = [...nowSuite.medians].sort((a, b) => b.ms - a.ms).slice(0, 4);
const verdictsDiffer = suiteByVariant.some(({ s }) =>
  s.medians.some((m, i) => m.verdict !== nowSuite.medians[i]!.verdict),
);
const generatedRows = SIZES.flatMap((size) =>
  variants.map((v) => {
    const s = summarise(v, `${size}`);
    const unknown = s.medians.filter((m) => m.verdict === "unknown").length;
    const label = `${size} ops, ${v.label}${unknown ? ` — ${unknown} unknown` : ""}`;
    return summaryRow(label, s);
  }),
);

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
  `Command: \`npm run bench:checker${values.before ? ` -- --before ${values.before}` : ""}\` ` +
    `(${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, ${cpus().length} CPUs, ` +
    `load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end` +
    (Math.max(loadAtStart, loadavg()[0]!) > cpus().length ? " — more than the CPUs: other work was running)." : ")."),
  "",
  "Porcupine itself is not measured here: this machine has no Go toolchain by default, and its source " +
    "cannot be had (the Go module proxy is not reachable, no module cache, no vendored copy, no Debian " +
    "package). The reference is the earlier side-by-side figure: about 0.9 s summed over these files for " +
    "Porcupine and for this checker as it was then (1.00×).",
  "",
  `Porcupine's peer histories (${files.length} files): in-process time of \`checkLinearizable\` per file, ` +
    `the median of ${rounds} interleaved rounds × ${SUITE_PASSES} passes, each round a fresh child process after a warm-up pass; ` +
    "sum = the sum of those medians (CPU sum: the same for user + system CPU time; each round's own wall sum " +
    "in brackets); p50/p95/max over the files' medians; peak RSS of the child, median over rounds:",
  "",
  "| checker | sum | CPU sum | sum per round: median (each) | p50 | p95 | max | peak RSS |",
  "|---|---|---|---|---|---|---|---|",
  ...suiteByVariant.map(({ variant, s }) => summaryRow(variant.label, s)),
  "",
  `Slowest now: ${slowest.map((m) => `${m.name} ${f0(m.ms)} ms`).join(", ")}. ` +
    (verdictsDiffer
      ? "VERDICTS DIFFER between the variants."
      : "Every variant gave every file the same verdict."),
  "",
  `Searched single-key register histories (\`method: "search"\`, 4 clients, distinct written values, ` +
    `${LARGE.infoWrites * 100}% info writes; seeds 1–${GENERATED_SEEDS}, each linearizable and with one planted ` +
    `stale read: ${2 * GENERATED_SEEDS} histories per size; budget ${budgetMs} ms; median of 3 interleaved rounds; ` +
    "an unknown counts at the time it gave up):",
  "",
  "| histories | sum | CPU sum | sum per round: median (each) | p50 | p95 | max | peak RSS |",
  "|---|---|---|---|---|---|---|---|",
  ...generatedRows,
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
