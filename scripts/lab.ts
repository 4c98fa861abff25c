/**
 * npm run lab -- run <lab> --task <task> --answer <file|reference|wrong:<name>> [--seed N]
 *
 * Submits a run through the same queue and worker as the web app and prints the grade as
 * JSON. Exit code: 0 pass, 1 fail, 2 error (including bad arguments). With no live worker
 * after 10 s, it starts one for this run and stops it afterwards.
 */
import { existsSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import { config } from "@/lib/config";
import { createPrisma } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { loadLab } from "@/lib/labs/discover";
import { log } from "@/lib/log";
import { buildManifest } from "@/lib/labs/manifest";
import { readSolution } from "@/lib/labs/solutions";
import { liveWorkers } from "@/lib/queue/heartbeat";
import { createLabQueue } from "@/lib/queue/lab-queue";
import { createRedis } from "@/lib/queue/redis";
import { RunRequestError } from "@/lib/runs/errors";
import { spawnWorker, type SpawnedWorker } from "@/lib/runs/spawn-worker";
import { submitRun, validateSubmission } from "@/lib/runs/submit";
import { waitForFinal } from "@/lib/runs/wait";

const USAGE = "Usage: npm run lab -- run <lab> --task <task> --answer <file.json|file.ts|reference|wrong:<name>> [--seed N]";

class UsageError extends Error {}

async function readAnswer(labId: string, taskId: string, answer: string, labsDir?: string): Promise<unknown> {
  if (answer === "reference") return readSolution(labId, taskId, "reference", { dir: labsDir });
  if (answer.startsWith("wrong:")) {
    const name = answer.slice("wrong:".length);
    return readSolution(labId, taskId, name.startsWith("wrong-") ? name : `wrong-${name}`, { dir: labsDir });
  }
  if (!existsSync(answer)) throw new UsageError(`--answer ${answer}: no such file (or use "reference" / "wrong:<name>").`);
  const text = readFileSync(answer, "utf8");
  if (extname(answer) === ".json") {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new UsageError(`--answer ${answer} is not valid JSON: ${(err as Error).message}`);
    }
  }
  return { code: text }; // .ts/.js: the code of an implement task
}

async function waitForWorker(redis: ReturnType<typeof createRedis>, prefix: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if ((await liveWorkers(redis, prefix)).length > 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function main(argv: string[]): Promise<number> {
  // Stdout is the grade as JSON: the submit path's progress lines stay out of it (warnings still show).
  if (!process.env.LOG_LEVEL) log.level = "warn";
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { task: { type: "string" }, answer: { type: "string" }, seed: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, labId] = positionals;
  if (command !== "run" || !labId || !values.task || !values.answer) throw new UsageError(USAGE);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}".`);

  const labsDir = process.env.FAULTLINE_LABS_DIR || undefined;
  const lab = await loadLab(labId, { dir: labsDir });
  const answer = await readAnswer(labId, values.task, values.answer, labsDir);
  const manifest = buildManifest([lab]);
  validateSubmission({ labId, taskId: values.task, answer, seed }, manifest); // fail fast, before any worker starts
  const { DATABASE_URL, FAULTLINE_REDIS_PREFIX: prefix } = config();
  await migrate(DATABASE_URL);
  const db = createPrisma(DATABASE_URL);
  const redis = createRedis();
  const queue = createLabQueue(redis, prefix);
  let worker: SpawnedWorker | undefined;
  try {
    if (!(await waitForWorker(redis, prefix, 10_000))) {
      console.error("No live worker: starting one for this run…");
      worker = await spawnWorker();
    }
    const { id } = await submitRun({ labId, taskId: values.task, answer, seed }, { db, queue, manifest });
    console.error(`Run ${id} queued.`);
    const limit = lab.tasks.find((t) => t.id === values.task)?.timeLimitMs ?? 600_000;
    const run = await waitForFinal(db, id, limit + 120_000);
    const verdict = run.status === "passed" ? "pass" : run.status === "failed" ? "fail" : "error";
    console.log(JSON.stringify({ id, lab: labId, task: values.task, seed: run.seed, verdict, diagnosis: run.diagnosis, hint: run.hint, errorKind: run.errorKind, details: run.details }, null, 2));
    return verdict === "pass" ? 0 : verdict === "fail" ? 1 : 2;
  } finally {
    await worker?.stop();
    await queue.close();
    redis.disconnect();
    await db.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    const known = err instanceof UsageError || err instanceof RunRequestError || err.name === "LabNotFoundError";
    console.error(known ? err.message : `lab: ${err.stack ?? err.message}`);
    process.exit(2);
  },
);
