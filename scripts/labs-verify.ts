/**
 * Prints every task's verdict table (answers × seeds, expected vs actual verdict) and ends
 * with "N passed, N failed". Exit 0 only when every row is graded as theory says.
 * Usage: npm run labs:verify [-- <lab>…] [--task <id>] [--case <name>] [--seeds 10] [--seed N]
 */
import { parseArgs } from "node:util";
import { listLabIds } from "@/lib/labs/discover";
import { defaultLabDatabaseUrl } from "@/lib/labs/lab-database";
import { formatRow, runCase, taskCases, verifySeeds } from "@/lib/labs/verify";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    task: { type: "string" },
    case: { type: "string" },
    seeds: { type: "string", default: "10" },
    seed: { type: "string" },
  },
});
const known = await listLabIds();
const unknown = positionals.filter((id) => !known.includes(id));
const count = Number(values.seeds);
if (unknown.length > 0 || !Number.isInteger(count) || count < 1) {
  console.error(`Usage: npm run labs:verify [-- <lab>…] [--task <id>] [--case <name>] [--seeds 10] [--seed N]\nLabs: ${known.join(", ")}`);
  process.exit(2);
}
const seeds = values.seed ? [Number(values.seed)] : verifySeeds(count);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const labDatabaseUrl = defaultLabDatabaseUrl();
const started = Date.now();
let passed = 0;
let failed = 0;
for (const labId of positionals.length > 0 ? positionals : known) {
  const cases = (await taskCases(labId)).filter((c) => (!values.task || c.taskId === values.task) && (!values.case || c.name === values.case));
  console.log(`\n${labId}: ${cases.length} answers × ${seeds.length} seeds`);
  for (const c of cases) {
    for (const seed of seeds) {
      const row = await runCase(c, seed, { redisUrl, labDatabaseUrl, prefix: "faultline-verify" });
      console.log(formatRow(row));
      if (row.mismatch) failed++;
      else passed++;
    }
  }
}
console.log(`\n${passed} passed, ${failed} failed (${Math.round((Date.now() - started) / 1000)} s)`);
process.exit(failed === 0 ? 0 : 1);
