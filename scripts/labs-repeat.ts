/**
 * Runs every stored solution of every task of a lab N times with different seeds and
 * reports any grade that differs from expected.json (a wrong answer passing, or a flaky
 * verdict). The solution rows of `npm run labs:verify`, grouped per solution.
 * Usage: npm run labs:repeat -- <lab> [--runs 10] [--task <id>]
 */
import { parseArgs } from "node:util";
import { listLabIds } from "@/lib/labs/discover";
import { defaultLabDatabaseUrl } from "@/lib/labs/lab-database";
import { runCase, taskCases, verifySeeds } from "@/lib/labs/verify";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "10" }, task: { type: "string" } },
});
const labId = positionals[0];
const runs = Number(values.runs);
if (!labId || !Number.isInteger(runs) || runs < 1) {
  console.error(`Usage: npm run labs:repeat -- <lab> [--runs 10] [--task <id>]\nLabs: ${(await listLabIds()).join(", ")}`);
  process.exit(2);
}
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const labDatabaseUrl = defaultLabDatabaseUrl();
const cases = (await taskCases(labId)).filter((c) => c.source === "solution" && (!values.task || c.taskId === values.task));
if (cases.length === 0) {
  console.error(`No solutions found for lab "${labId}"${values.task ? ` task "${values.task}"` : ""}.`);
  process.exit(2);
}

let flaky = 0;
const started = Date.now();
for (const c of cases) {
  const tally = new Map<string, number>();
  const problems: string[] = [];
  for (const seed of verifySeeds(runs)) {
    const row = await runCase(c, seed, { redisUrl, labDatabaseUrl, prefix: "faultline-repeat" });
    tally.set(row.grade.verdict, (tally.get(row.grade.verdict) ?? 0) + 1);
    if (row.mismatch) problems.push(`seed ${seed}: ${row.mismatch}`);
  }
  const verdicts = [...tally].map(([v, n]) => `${v}×${n}`).join(" ");
  console.log(`${problems.length ? "FLAKY" : "ok   "} ${c.taskId}/${c.name}: ${verdicts}`);
  for (const p of problems) console.log(`        ${p}`);
  if (problems.length) flaky++;
}
console.log(`\n${labId}: ${cases.length} solutions × ${runs} runs in ${Math.round((Date.now() - started) / 1000)} s; flaky or wrong: ${flaky}`);
process.exit(flaky ? 1 : 0);
