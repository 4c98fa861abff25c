/**
 * Prints every task's verdict table (answers × seeds, expected vs actual verdict) and ends
 * with "N passed, N failed". Exit 0 only when every row is graded as theory says.
 * Usage: npm run labs:verify [-- <lab>…] [--task <id>] [--case <name>] [--seeds 10] [--seed N] [--concurrency N] [--attempts N]
 * `--concurrency N` runs N rows at a time in this process (same table, same order): a grade
 * that differs from the same row run alone is a lab that is not safe under load.
 * `--attempts N` runs a row again, up to N runs, while its run is "overloaded" (the machine
 * was too busy for its scenario, so it was not graded); the row says how many runs it took.
 * Default 1: an overloaded row is a mismatch, in plain sight.
 * `--warming-spares N` keeps N worker spare children warming meanwhile (at their lower
 * priority; FAULTLINE_SPARE_NICE overrides it), as a busy worker does.
 */
import { parseArgs } from "node:util";
import { listLabIds } from "@/lib/labs/discover";
import { defaultLabDatabaseUrl } from "@/lib/labs/lab-database";
import { formatRow, runRows, taskCases, verifySeeds } from "@/lib/labs/verify";
import { churnSpares } from "@/lib/runs/spare-churn";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    task: { type: "string" },
    case: { type: "string" },
    seeds: { type: "string", default: "10" },
    seed: { type: "string" },
    concurrency: { type: "string", default: "1" },
    attempts: { type: "string", default: "1" },
    "warming-spares": { type: "string", default: "0" },
  },
});
const known = await listLabIds();
const unknown = positionals.filter((id) => !known.includes(id));
const count = Number(values.seeds);
const concurrency = Number(values.concurrency);
const attempts = Number(values.attempts);
if (unknown.length > 0 || ![count, concurrency, attempts].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error(`Usage: npm run labs:verify [-- <lab>…] [--task <id>] [--case <name>] [--seeds 10] [--seed N] [--concurrency N] [--attempts N] [--warming-spares N]\nLabs: ${known.join(", ")}`);
  process.exit(2);
}
const seeds = values.seed ? [Number(values.seed)] : verifySeeds(count);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const labDatabaseUrl = defaultLabDatabaseUrl();
const spareNice = Number(process.env.FAULTLINE_SPARE_NICE);
const churn = Number(values["warming-spares"]) > 0 ? churnSpares(Number(values["warming-spares"]), Number.isInteger(spareNice) ? spareNice : undefined) : null;
const started = Date.now();
let passed = 0;
let failed = 0;
let rerun = 0;
for (const labId of positionals.length > 0 ? positionals : known) {
  const cases = (await taskCases(labId)).filter((c) => (!values.task || c.taskId === values.task) && (!values.case || c.name === values.case));
  console.log(`\n${labId}: ${cases.length} answers × ${seeds.length} seeds${concurrency > 1 ? `, ${concurrency} at a time` : ""}`);
  const pairs = cases.flatMap((c) => seeds.map((seed) => ({ c, seed })));
  await runRows(pairs, concurrency, { redisUrl, labDatabaseUrl, prefix: "faultline-verify", attempts }, (row) => {
    console.log(formatRow(row));
    if (row.runs > 1) rerun++;
    if (row.mismatch) failed++;
    else passed++;
  });
}
churn?.stop();
const reruns = rerun > 0 ? `; ${rerun} rows ran again after an overloaded run` : "";
console.log(`\n${passed} passed, ${failed} failed (${Math.round((Date.now() - started) / 1000)} s)${reruns}${churn ? `; ${churn.warmed()} spare children warmed meanwhile` : ""}`);
process.exit(failed === 0 ? 0 : 1);
