/**
 * The worker's side of the run pipeline: at start-up reap what a crashed predecessor left and
 * start the reconcile loop; per job, execute the run in a child process (lib/runs/execute).
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { config } from "@/lib/config";
import { prisma } from "@/lib/db/client";
import { listLabs } from "@/lib/labs/discover";
import { labsDatabaseUrlFor } from "@/lib/labs/lab-database";
import { log } from "@/lib/log";
import { openProcRegistry, type ProcRegistry } from "@/lib/procs";
import { createLabQueue } from "@/lib/queue/lab-queue";
import { createRedis } from "@/lib/queue/redis";
import { ChildPool } from "@/lib/runs/child-pool";
import { executeRun } from "@/lib/runs/execute";
import { claimRun } from "@/lib/runs/run-owner";
import { reconcileRuns, startReconcileLoop } from "@/lib/runs/reconcile";
import { reapAbandonedRuns, runsRoot } from "@/lib/runs/run-dirs";
import { buildRunChildBundle, runChildBundled } from "@/lib/runs/run-child-bundle";
import type { JobContext } from "./process-job";

interface Wiring {
  redis: Redis;
  registry: ProcRegistry;
  pool: ChildPool;
}

let wiring: Wiring | undefined;

function labsDir(): string | undefined {
  return process.env.FAULTLINE_LABS_DIR || undefined;
}

/** Warm spares to keep: FAULTLINE_SPARE_CHILDREN, else one per job slot (each slot's next run finds one). */
export function spareCount(concurrency: number): number {
  const fromEnv = Number(process.env.FAULTLINE_SPARE_CHILDREN);
  return Number.isInteger(fromEnv) && fromEnv >= 0 ? fromEnv : Math.max(1, concurrency);
}

export async function prepareWorker(info: { workerId: string; concurrency: number }): Promise<void> {
  const reaped = await reapAbandonedRuns();
  if (reaped.length) log.warn({ workerId: info.workerId, reaped }, "killed processes left by a crashed worker");
  const redis = createRedis();
  const registry = openProcRegistry(join(runsRoot(), "workers"), `worker ${info.workerId}`);
  // A clean exit leaves nothing to reap (idle spare children exit on IPC disconnect).
  process.once("exit", () => rmSync(registry.file, { force: true }));
  const nice = Number(process.env.FAULTLINE_SPARE_NICE);
  // Each lab's first run would otherwise wait for its import here (tsx: ~0.7 s, seconds when busy).
  void listLabs({ dir: labsDir() }).catch(() => undefined);
  const bundle = await runChildBundle();
  const pool = new ChildPool(registry, { spares: spareCount(info.concurrency), spareNice: Number.isInteger(nice) ? nice : undefined, bundle });
  pool.warm();
  wiring = { redis, registry, pool };
  const { FAULTLINE_REDIS_PREFIX: prefix } = config();
  // The queue lets the reconcile loop re-enqueue a `queued` run whose job went missing.
  const deps = { db: prisma(), redis, prefix, labsDir: labsDir(), queue: createLabQueue(redis, prefix) };
  await reconcileRuns(deps).catch(() => undefined);
  // Every 3 s: with the 10 s heartbeat TTL a lost worker's run ends within ~13 s.
  startReconcileLoop(deps, Number(process.env.FAULTLINE_RECONCILE_MS ?? 3_000), (err) => log.warn({ err: err.message }, "reconcile failed"));
}

/** The bundled run child, or undefined for tsx children (when bundling is off or fails: runs still run). */
async function runChildBundle(): Promise<string | undefined> {
  if (!runChildBundled()) return undefined;
  try {
    return await buildRunChildBundle();
  } catch (err) {
    log.warn({ err: (err as Error).message }, "run child not bundled; its runs start with tsx (slower)");
    return undefined;
  }
}

/** Graceful stop: kill the idle spare children (a running one is aborted by the job's signal). */
export function stopWorker(): void {
  wiring?.pool.dispose();
}

/** Runs this worker is executing: their owner keys are renewed with each heartbeat. */
const running = new Set<string>();

/** Records this worker as the owner of its runs again (Redis may have lost the keys). */
export async function renewRunOwners(workerId: string): Promise<void> {
  if (!wiring) return;
  const { FAULTLINE_REDIS_PREFIX: prefix } = config();
  for (const runId of running) await claimRun(wiring.redis, prefix, runId, workerId, OWNER_RENEW_TTL_MS);
}
const OWNER_RENEW_TTL_MS = 30 * 60_000;

export async function handleRun(runId: string, ctx: JobContext): Promise<string> {
  if (!wiring) throw new Error("prepareWorker() must run before handleRun()");
  running.add(runId);
  try {
    return await handleRunOwned(runId, ctx, wiring);
  } finally {
    running.delete(runId);
  }
}

async function handleRunOwned(runId: string, ctx: JobContext, wiring: Wiring): Promise<string> {
  const { FAULTLINE_REDIS_PREFIX: prefix, REDIS_URL: redisUrl, DATABASE_URL, LABS_DATABASE_URL } = config();
  const status = await executeRun(runId, {
    db: prisma(),
    redis: wiring.redis,
    prefix,
    redisUrl,
    labDatabaseUrl: LABS_DATABASE_URL ?? labsDatabaseUrlFor(DATABASE_URL),
    registry: wiring.registry,
    pool: wiring.pool,
    signal: ctx.signal,
    labsDir: labsDir(),
    workerId: ctx.workerId,
    trace: ctx.trace,
  });
  log.info({ runId, status, workerId: ctx.workerId }, "run finished");
  return status;
}
