/**
 * npm run bench:labs [-- --lab token-bucket --task configure --answer reference --runs 10 --busy 4]
 * npm run bench:labs -- --per-lab [--runs 3]
 *
 * Latency (default): submit → first live event and submit → grade through the real path
 * (Postgres row, BullMQ job, worker, child process per run, Redis Stream), interleaved in
 * the same session with the same lab run in-process (runLabInProcess). `--busy N` first fills
 * N job slots of the worker (concurrency N + 1) with back-to-back runs (each submitted once the
 * previous one's job has left its slot; of `--busy-lab` /
 * `--busy-task`'s reference, default the measured task), so the measured runs start while N
 * others are running.
 * Per lab (`--per-lab`): each lab's representative task (its shortest task with a reference
 * solution), `--runs` runs queued at once on one worker (concurrency 1): runs per minute per
 * worker, and where a run's time goes, from the run's spans (run_span).
 * Both write their part of "## Lab run pipeline" in bench/RESULTS.md, with the load average.
 */
import { percentile, writeResultsSubsection } from "./support";
import { deleteKeys } from "@/tests/support/services";
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { config } from "@/lib/config";
import { createPrisma } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { listLabIds, loadLab } from "@/lib/labs/discover";
import { buildManifest } from "@/lib/labs/manifest";
import { runLabInProcess } from "@/lib/labs/run-in-process";
import { listSolutions, readSolution } from "@/lib/labs/solutions";
import type { LabsManifest } from "@/lib/catalogue";
import { createLabQueue } from "@/lib/queue/lab-queue";
import { createRedis } from "@/lib/queue/redis";
import { END_FIELD, eventStreamKey } from "@/lib/runs/event-keys";
import { spawnWorker } from "@/lib/runs/spawn-worker";
import { submitRun } from "@/lib/runs/submit";
import { phaseBreakdown, PHASE_GROUPS, type Breakdown } from "./run-phases";

const { values } = parseArgs({
  options: {
    lab: { type: "string", default: "token-bucket" },
    task: { type: "string", default: "configure" },
    answer: { type: "string", default: "reference" },
    runs: { type: "string" },
    busy: { type: "string", default: "0" },
    "busy-lab": { type: "string" },
    "busy-task": { type: "string" },
    "per-lab": { type: "boolean", default: false },
  },
});
const perLab = values["per-lab"]!;
const runs = Number(values.runs ?? (perLab ? 3 : 10));
const busy = Number(values.busy);

const fmt = (ms: number) => `${Math.round(ms)} ms`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");
const { DATABASE_URL, REDIS_URL } = config();
const prefix = `faultline-bench:labs:${randomUUID().slice(0, 8)}`;
const benchStart = new Date();
/** This session's busy runs (seeds from 50 000) that are running now. */
const busyRunning = () => db.labRun.count({ where: { createdAt: { gte: benchStart }, seed: { gte: 50_000 }, status: { in: ["running", "grading"] } } });
const db = createPrisma(DATABASE_URL);
const redis = createRedis();
const queue = createLabQueue(redis, prefix);

interface Timed {
  id: string;
  first: number;
  total: number;
}

/** Submits a run and follows its Redis Stream to the end marker (what the browser's SSE sees). */
async function pipelineRun(manifest: LabsManifest, labId: string, taskId: string, answer: unknown, seed: number): Promise<Timed> {
  const reader = createRedis({ blocking: true });
  try {
    const t0 = performance.now();
    const { id } = await submitRun({ labId, taskId, answer, seed }, { db, queue, manifest });
    let first = NaN;
    let last = "0-0";
    for (let ended = false; !ended; ) {
      const reply = (await reader.xread("BLOCK", 300_000, "STREAMS", eventStreamKey(prefix, id), last)) as [string, [string, string[]][]][] | null;
      if (!reply) throw new Error(`run ${id}: no events for 300 s`);
      for (const [entryId, fields] of reply[0]?.[1] ?? []) {
        last = entryId;
        if (fields[0] === END_FIELD) ended = true;
        else if (Number.isNaN(first)) first = performance.now() - t0;
      }
    }
    return { id, first, total: performance.now() - t0 };
  } finally {
    reader.disconnect();
  }
}

/** Waits until the run's job (id = run id) has left its worker slot. */
async function jobDone(runId: string): Promise<void> {
  for (;;) {
    const state = await queue.getJobState(runId);
    if (state === "completed" || state === "failed" || state === "unknown") return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function latency(): Promise<void> {
  const labId = values.lab!;
  const taskId = values.task!;
  const lab = await loadLab(labId);
  const answer = await readSolution(labId, taskId, values.answer!);
  const busyLab = values["busy-lab"] ?? labId;
  const busyTask = values["busy-task"] ?? taskId;
  const busyAnswer = await readSolution(busyLab, busyTask, "reference");
  const manifest = buildManifest(busyLab === labId ? [lab] : [lab, await loadLab(busyLab)]);
  const worker = await spawnWorker({ ...process.env, FAULTLINE_REDIS_PREFIX: prefix, FAULTLINE_WORKER_CONCURRENCY: String(busy + 1) });
  const pipeline = { first: [] as number[], total: [] as number[] };
  const inProcess = { first: [] as number[], total: [] as number[] };
  const loads: string[] = [];
  const measuredIds: string[] = [];
  let stopBusy = false;
  const busyLoops: Promise<unknown>[] = [];
  const busyStatuses: string[] = [];
  try {
    // Back-to-back runs that keep `busy` slots running while the measured runs start.
    for (let slot = 0; slot < busy; slot++) {
      busyLoops.push(
        (async () => {
          for (let seed = 50_000 + slot * 1_000; !stopBusy; seed++) {
            const r = await pipelineRun(manifest, busyLab, busyTask, busyAnswer, seed);
            busyStatuses.push((await db.labRun.findUniqueOrThrow({ where: { id: r.id } })).status);
            // The job holds its slot through teardown, after the grade: resubmitting at the grade
            // would at times keep busy + 1 slots taken and queue the measured run behind them.
            await jobDone(r.id);
          }
        })(),
      );
    }
    if (busy > 0) await waitForRunning(busy);
    // One unrecorded run: the worker's first spare starts with the worker.
    await pipelineRun(manifest, labId, taskId, answer, 999);
    for (let i = 0; i < runs; i++) {
      const seed = 1000 + i;
      // Interleaved, so both see the same machine load.
      const p = await pipelineRun(manifest, labId, taskId, answer, seed);
      pipeline.first.push(p.first);
      pipeline.total.push(p.total);
      measuredIds.push(p.id);
      const run = await db.labRun.findUniqueOrThrow({ where: { id: p.id } });
      const running = busy > 0 ? await busyRunning() : 0;

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
      loads.push(loadavg()[0]!.toFixed(1));
      console.log(`run ${i + 1}/${runs}: pipeline ${run.status} first ${fmt(p.first)} total ${fmt(p.total)}${busy ? ` (busy runs running after it: ${running})` : ""} | in-process ${grade.verdict} first ${fmt(firstIn)} total ${fmt(inProcess.total.at(-1)!)} | load ${loads.at(-1)}`);
    }
  } finally {
    stopBusy = true;
    await Promise.allSettled(busyLoops);
    await worker.stop();
  }
  const warm = await warmChildren(measuredIds);

  const line = (name: string, s: { first: number[]; total: number[] }) =>
    `${name.padEnd(34)}: first event p50 ${fmt(percentile(s.first, 50))} p95 ${fmt(percentile(s.first, 95))} max ${fmt(Math.max(...s.first))} | grade p50 ${fmt(percentile(s.total, 50))} p95 ${fmt(percentile(s.total, 95))}`;
  const summary = [
    line(`pipeline (queue+worker+child)${busy ? `, ${busy} busy` : ""}`, pipeline),
    line("in-process (runLabInProcess)", inProcess),
    `ratio pipeline/in-process: grade p50 ${(percentile(pipeline.total, 50) / percentile(inProcess.total, 50)).toFixed(2)}x; overhead p50 ${fmt(percentile(pipeline.total, 50) - percentile(inProcess.total, 50))} (${labId}/${taskId} ${values.answer}, ${runs} runs each, interleaved)`,
    `load average (1 min) per run: ${loads.join(" ")}`,
    `runs that got a child which had loaded the labs: ${warm.warm}/${measuredIds.length} (the others waited for theirs to finish loading; child age at hand-over p50 ${fmt(percentile(warm.ages, 50))})`,
    ...(busy ? [`busy runs (${busyLab}/${busyTask} reference, back to back) graded meanwhile: ${busyStatuses.length} (${summarize(busyStatuses)})`] : []),
  ].join("\n");
  console.log(`\n${summary}`);
  const busyArgs = busy ? ` --busy ${busy}${values["busy-lab"] ? ` --busy-lab ${busyLab}` : ""}${values["busy-task"] ? ` --busy-task ${busyTask}` : ""}` : "";
  const command = `npm run bench:labs -- --lab ${labId} --task ${taskId} --answer ${values.answer} --runs ${runs}${busyArgs}`;
  writeResultsSubsection("## Lab run pipeline", `### ${busy ? `With ${busy} runs already running` : "Submit to first event"}`, `\`${command}\` — ${new Date().toISOString().slice(0, 16)}Z, load average at the end ${load()}.\n\n\`\`\`\n${summary}\n\`\`\``);
}

/** How many runs got a warm child, from the run.child span's attributes (execute.ts). */
async function warmChildren(runIds: string[]): Promise<{ warm: number; ages: number[] }> {
  const deadline = Date.now() + 15_000;
  let spans = await db.runSpan.findMany({ where: { runId: { in: runIds }, name: "run.child" } });
  while (spans.length < runIds.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    spans = await db.runSpan.findMany({ where: { runId: { in: runIds }, name: "run.child" } });
  }
  const attrs = spans.map((s) => s.attributes as Record<string, number>);
  return { warm: attrs.filter((a) => a["faultline.child_warm"] === 1).length, ages: attrs.map((a) => a["faultline.child_age_ms"] ?? NaN) };
}

function summarize(xs: string[]): string {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
}

async function waitForRunning(n: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while ((await busyRunning()) < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} busy runs after 120 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A lab's representative task: its shortest task with a reference solution. */
async function representative(labId: string): Promise<{ taskId: string; answer: unknown } | null> {
  const lab = await loadLab(labId);
  const tasks = [...lab.tasks].sort((a, b) => a.timeLimitMs - b.timeLimitMs);
  for (const task of tasks) {
    if ((await listSolutions(labId, task.id)).includes("reference")) return { taskId: task.id, answer: await readSolution(labId, task.id, "reference") };
  }
  return null;
}

async function perLabThroughput(): Promise<void> {
  const labIds = await listLabIds();
  const labs = await Promise.all(labIds.map((id) => loadLab(id)));
  const manifest = buildManifest(labs);
  const worker = await spawnWorker({ ...process.env, FAULTLINE_REDIS_PREFIX: prefix, FAULTLINE_WORKER_CONCURRENCY: "1" });
  const rows: string[] = [];
  try {
    await pipelineRun(manifest, "token-bucket", "configure", await readSolution("token-bucket", "configure", "reference"), 999);
    for (const labId of labIds) {
      const rep = await representative(labId);
      if (!rep) continue;
      const loadBefore = loadavg()[0]!;
      const t0 = performance.now();
      const timed = await Promise.all(Array.from({ length: runs }, (_, i) => pipelineRun(manifest, labId, rep.taskId, rep.answer, 2000 + i)));
      const elapsed = performance.now() - t0;
      const statuses = await db.labRun.findMany({ where: { id: { in: timed.map((t) => t.id) } }, select: { status: true } });
      const b = await phaseBreakdown(db, timed.map((t) => t.id));
      const perMin = (runs / elapsed) * 60_000;
      const row = `| ${labId}/${rep.taskId} | ${perMin.toFixed(1)} | ${fmt(b.job)} | ${PHASE_GROUPS.map((g) => share(b, g)).join(" | ")} | ${summarize(statuses.map((s) => s.status))} | ${loadBefore.toFixed(1)}–${loadavg()[0]!.toFixed(1)} |`;
      console.log(row);
      rows.push(row);
    }
  } finally {
    await worker.stop();
  }
  const header = `| lab/task | runs/min/worker | run (job) mean | ${PHASE_GROUPS.join(" | ")} | grades | load |\n|---|---|---|${PHASE_GROUPS.map(() => "---").join("|")}|---|---|`;
  const body = `\`npm run bench:labs -- --per-lab --runs ${runs}\` — ${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}; one worker (concurrency 1), ${runs} runs of each lab's shortest task with a reference solution queued at once; runs/min/worker = runs ÷ wall time from first submit to last grade. Phase columns: mean ms per run (share of the run's job span), from run_span.\n\n${header}\n${rows.join("\n")}`;
  console.log(`\n${body}`);
  writeResultsSubsection("## Lab run pipeline", "### Runs per minute per worker, and where a run's time goes", body);
}

function share(b: Breakdown, group: string): string {
  const ms = b.groups[group] ?? 0;
  return `${Math.round(ms)} (${Math.round((ms / b.job) * 100)}%)`;
}

try {
  await migrate(DATABASE_URL);
  if (perLab) await perLabThroughput();
  else await latency();
} finally {
  await queue.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
  await db.$disconnect();
}
