/**
 * npm run bench:run-cpu [-- --runs 3]
 *
 * CPU a lab run costs (this process and every process it started and reaped: /proc/self/stat's
 * utime + stime + cutime + cstime), for a few labs' reference answers, with the short-lived
 * processes' V8 flags (lib/procs/node-flags.ts) and without them, interleaved run by run in
 * the same session. On 2 cores a run's CPU, not its wall time, is what limits how many runs a
 * worker — or npm test — gets through. Writes "## Lab run CPU" in bench/RESULTS.md.
 */
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { runCase, taskCases } from "@/lib/labs/verify";
import { writeResultsSection } from "./support";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);
const TASKS: [lab: string, task: string][] = [["crdt-counter", "g-counter"], ["fencing", "fence"], ["vector-clocks", "siblings"], ["quorum", "configure-wr"], ["idempotency", "implement"]];
const TICKS_PER_S = 100; // USER_HZ on Linux

/** CPU seconds of this process and its reaped descendants. */
function cpuSeconds(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  // After "pid (comm) ": state is field 3, so utime..cstime (14–17) are indexes 11–14.
  return fields.slice(11, 15).reduce((sum, f) => sum + Number(f), 0) / TICKS_PER_S;
}

const variants = [
  { name: "--liftoff-only (now)", flags: undefined },
  { name: "no flags (before)", flags: "" },
];
const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");
const loadBefore = load();
const rows: string[] = [];
for (const [lab, task] of TASKS) {
  const reference = (await taskCases(lab)).find((c) => c.taskId === task && c.name === "reference")!;
  const samples = variants.map(() => ({ cpu: [] as number[], wall: [] as number[], verdicts: new Set<string>() }));
  for (let i = 0; i < runs; i++) {
    for (const [v, variant] of variants.entries()) {
      if (variant.flags === undefined) delete process.env.FAULTLINE_SHORT_LIVED_NODE_FLAGS;
      else process.env.FAULTLINE_SHORT_LIVED_NODE_FLAGS = variant.flags;
      const before = cpuSeconds();
      const row = await runCase(reference, 1_000 + i, { redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", prefix: "faultline-bench" });
      samples[v]!.cpu.push(cpuSeconds() - before);
      samples[v]!.wall.push(row.ms / 1000);
      samples[v]!.verdicts.add(row.grade.verdict);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const [now, before] = samples.map((s) => ({ cpu: mean(s.cpu), wall: mean(s.wall), verdicts: [...s.verdicts].join("/") }));
  const line = `| ${lab}/${task} | ${now!.cpu.toFixed(2)} | ${before!.cpu.toFixed(2)} | **${(now!.cpu / before!.cpu).toFixed(2)}×** | ${now!.wall.toFixed(1)} / ${before!.wall.toFixed(1)} | ${now!.verdicts} / ${before!.verdicts} |`;
  console.log(line);
  rows.push(line);
}
const body = `\`npm run bench:run-cpu -- --runs ${runs}\` — ${new Date().toISOString().slice(0, 16)}Z, load average ${loadBefore} → ${load()}; ${runs} runs of each reference answer per variant, alternating, one at a time; CPU-seconds per run of the whole process tree.

| lab/task | CPU s/run, ${variants[0]!.name} | CPU s/run, ${variants[1]!.name} | ratio | wall s (now / before) | verdicts |
|---|---|---|---|---|---|
${rows.join("\n")}
`;
writeResultsSection("## Lab run CPU", body);
console.log(`\n${body}`);
process.exit(0);
