/**
 * npm run bench:labs [-- --lab token-bucket --task configure --answer reference --runs 5]
 *
 * The run pipeline's overhead: submit → first live event and submit → grade through the real
 * path (Postgres row, BullMQ job, worker, child process per run, Redis Stream), compared in
 * the same process and session with the same lab run in-process (runLabInProcess).
 * Writes "## Lab run pipeline" to bench/RESULTS.md.
 */
import { percentile, writeResultsSection } from "./support";
import { deleteKeys } from "@/tests/support/services";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { config } from "@/lib/config";
import { createPrisma } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { loadLab } from "@/lib/labs/discover";
import { buildManifest } from "@/lib/labs/manifest";
import { runLabInProcess } from "@/lib/labs/run-in-process";
import { readSolution } from "@/lib/labs/solutions";
import { createLabQueue } from "@/lib/queue/lab-queue";
import { createRedis } from "@/lib/queue/redis";
import { END_FIELD, eventStreamKey } from "@/lib/runs/event-keys";
import { spawnWorker } from "@/lib/runs/spawn-worker";
import { submitRun } from "@/lib/runs/submit";

const { values } = parseArgs({
  options: { lab: { type: "string", default: "token-bucket" }, task: { type: "string", default: "configure" }, answer: { type: "string", default: "reference" }, runs: { type: "string", default: "5" } },
});
const runs = Number(values.runs);
const labId = values.lab!;
const taskId = values.task!;

const fmt = (ms: number) => `${Math.round(ms)} ms`;

async function main() {
  const { DATABASE_URL, REDIS_URL } = config();
  const prefix = `faultline-bench:labs:${randomUUID().slice(0, 8)}`;
  await migrate(DATABASE_URL);
  const lab = await loadLab(labId);
  const answer = await readSolution(labId, taskId, values.answer!);
  const manifest = buildManifest([lab]);
  const db = createPrisma(DATABASE_URL);
  const redis = createRedis();
  const reader = createRedis({ blocking: true });
  const queue = createLabQueue(redis, prefix);
  const worker = await spawnWorker({ ...process.env, FAULTLINE_REDIS_PREFIX: prefix });

  const pipeline = { first: [] as number[], total: [] as number[] };
  const inProcess = { first: [] as number[], total: [] as number[] };
  try {
    for (let i = 0; i < runs; i++) {
      const seed = 1000 + i;
      // Interleaved, so both see the same machine load.
      const t0 = performance.now();
      const { id } = await submitRun({ labId, taskId, answer, seed }, { db, queue, manifest });
      let first = NaN;
      let last = "0-0";
      for (let ended = false; !ended; ) {
        const reply = (await reader.xread("BLOCK", 120_000, "STREAMS", eventStreamKey(prefix, id), last)) as [string, [string, string[]][]][] | null;
        if (!reply) throw new Error(`run ${id}: no events for 120 s`);
        for (const [entryId, fields] of reply[0]?.[1] ?? []) {
          last = entryId;
          if (fields[0] === END_FIELD) ended = true;
          else if (Number.isNaN(first)) first = performance.now() - t0;
        }
      }
      pipeline.first.push(first);
      pipeline.total.push(performance.now() - t0);
      const run = await db.labRun.findUniqueOrThrow({ where: { id } });

      const t1 = performance.now();
      let firstIn = NaN;
      const grade = await runLabInProcess(labId, taskId, answer, {
        seed,
        redisUrl: REDIS_URL,
        redisPrefix: `${prefix}:inproc:${i}`,
        emit: () => {
          if (Number.isNaN(firstIn)) firstIn = performance.now() - t1;
        },
      });
      inProcess.first.push(firstIn);
      inProcess.total.push(performance.now() - t1);
      console.log(`run ${i + 1}/${runs}: pipeline ${run.status} first ${fmt(first)} total ${fmt(pipeline.total.at(-1)!)} | in-process ${grade.verdict} first ${fmt(firstIn)} total ${fmt(inProcess.total.at(-1)!)}`);
    }
  } finally {
    await worker.stop();
    await queue.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
    reader.disconnect();
    await db.$disconnect();
  }

  const line = (name: string, s: { first: number[]; total: number[] }) =>
    `${name.padEnd(34)}: first event p50 ${fmt(percentile(s.first, 50))} p95 ${fmt(percentile(s.first, 95))} | grade p50 ${fmt(percentile(s.total, 50))} p95 ${fmt(percentile(s.total, 95))}`;
  const summary = [
    line("pipeline (queue+worker+child)", pipeline),
    line("in-process (runLabInProcess)", inProcess),
    `ratio pipeline/in-process: first event p50 ${(percentile(pipeline.first, 50) / percentile(inProcess.first, 50)).toFixed(1)}x, grade p50 ${(percentile(pipeline.total, 50) / percentile(inProcess.total, 50)).toFixed(2)}x; overhead p50 ${fmt(percentile(pipeline.total, 50) - percentile(inProcess.total, 50))} (${labId}/${taskId} ${values.answer}, ${runs} runs each, interleaved)`,
  ].join("\n");
  console.log(`\n${summary}`);
  appendResults(summary);
}

function appendResults(summary: string) {
  const command = `Command: \`npm run bench:labs -- --lab ${labId} --task ${taskId} --answer ${values.answer} --runs ${runs}\` (real Postgres, Redis, one worker; on a shared 2-core machine, compare the ratio).`;
  writeResultsSection("## Lab run pipeline", `${command}\n\n\`\`\`\n${summary}\n\`\`\``);
}

await main();
