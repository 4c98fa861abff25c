/**
 * Runs every solution of every task of a lab N times with different seeds and reports any
 * grade that differs from expected.json (a wrong answer passing, or a flaky verdict).
 * Usage: npm run labs:repeat -- <lab> [--runs 10] [--task <id>]
 */
import { parseArgs } from "node:util";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";
import { listLabIds } from "@/lib/labs/discover";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "10" }, task: { type: "string" } },
});
const labId = positionals[0];
const runs = Number(values.runs);
if (!labId || !Number.isInteger(runs) || runs < 1) {
  console.error(
    `Usage: npm run labs:repeat -- <lab> [--runs 10] [--task <id>]\nLabs: ${(await listLabIds()).join(", ")}`,
  );
  process.exit(2);
}
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const cases = (await solutionCases(labId)).filter((c) => !values.task || c.taskId === values.task);
if (cases.length === 0) {
  console.error(
    `No solutions found for lab "${labId}"${values.task ? ` task "${values.task}"` : ""}.`,
  );
  process.exit(2);
}

let flaky = 0;
const started = Date.now();
for (const c of cases) {
  const verdicts: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < runs; i++) {
    const seed = 1_000 + i * 7_919;
    const run = await runSolution(labId, c, seed, { redisUrl, prefix: "faultline-repeat" });
    verdicts.push(run.grade.verdict);
    if (run.mismatch) problems.push(`seed ${seed}: ${run.mismatch}`);
  }
  const tally = Object.entries(
    verdicts.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {}),
  )
    .map(([v, n]) => `${v}×${n}`)
    .join(" ");
  console.log(`${problems.length ? "FLAKY" : "ok   "} ${c.taskId}/${c.solution}: ${tally}`);
  for (const p of problems) console.log(`        ${p}`);
  if (problems.length) flaky++;
}
console.log(
  `\n${labId}: ${cases.length} solutions × ${runs} runs in ${Math.round((Date.now() - started) / 1000)} s; flaky or wrong: ${flaky}`,
);
process.exit(flaky ? 1 : 0);
