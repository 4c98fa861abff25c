/**
 * The pool of warm run children, with real processes: the next spare is forked as soon as one
 * is taken (and runs at a lower priority while a run of the pool is running), a child is never
 * handed out twice, stop disposes of the spares, and spares left by a SIGKILLed worker exit
 * on their own (IPC disconnect) instead of lingering as orphans.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { isAlive } from "@/lib/procs";
import { descendants } from "@/lib/procs/descendants";
import { ChildPool, type RunChild } from "@/lib/runs/child-pool";
import { deleteKeys, TEST_DATABASE_URL, TEST_REDIS_URL, testRedis, uniquePrefix } from "../support/services";
import { startWorker } from "../support/worker-process";
import { FIXTURE_LABS_DIR, waitFor } from "./support";

// Spares preload the fixture labs (small) instead of the course's.
process.env.FAULTLINE_LABS_DIR = FIXTURE_LABS_DIR;

const pools: ChildPool[] = [];
const taken: RunChild[] = [];
const stray: number[] = [];

afterAll(() => {
  for (const p of pools) p.dispose();
  for (const pid of [...taken.map((c) => c.child.pid!), ...stray]) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
});

function newPool(spares: number): ChildPool {
  const pool = new ChildPool(undefined, { spares });
  pools.push(pool);
  return pool;
}

/** The pool's spares, which the test expects to be there. */
function spares(pool: ChildPool, count: number): number[] {
  const pids = pool.sparePids();
  expect(pids).toHaveLength(count);
  return pids;
}

function take(pool: ChildPool): RunChild {
  const child = pool.take();
  taken.push(child);
  return child;
}

const gone = (pid: number, what: string) => waitFor(async () => isAlive(pid), (alive) => !alive, 20_000, `${what} (pid ${pid}) to exit`);
const warmed = (c: RunChild) => waitFor(async () => c.warmed(), Boolean, 60_000, `child ${c.child.pid} to load the labs`);

describe("ChildPool", () => {
  it("forks the next spare as soon as one is taken, niced while the run runs", { timeout: 120_000 }, async () => {
    const pool = newPool(1);
    pool.warm();
    const [first] = spares(pool, 1) as [number];
    expect(first).toBeGreaterThan(0);
    expect(getPriority(first)).toBe(0); // idle pool: spares warm at normal priority

    const run = take(pool);
    expect(run.child.pid).toBe(first);
    const [next] = spares(pool, 1) as [number];
    expect(next).toBeGreaterThan(0);
    expect(next).not.toBe(first);
    expect(getPriority(first)).toBe(0); // the run itself is never niced
    expect(getPriority(next)).toBe(10); // warms behind the running run

    // The run's child ends: the spare goes back to normal priority.
    run.child.kill("SIGKILL");
    await waitFor(async () => getPriority(next), (p) => p === 0, 20_000, "the spare to be back at priority 0");
  });

  it("hands each child out once and never hands out a dead one", { timeout: 120_000 }, async () => {
    const pool = newPool(2);
    pool.warm();
    const [a, b] = spares(pool, 2) as [number, number];
    const seen = new Set<number>();
    // A dead spare is dropped and replaced, never handed out.
    process.kill(-a, "SIGKILL");
    await gone(a, "the killed spare");
    const one = take(pool);
    expect(one.child.pid).toBe(b);
    await warmed(one);
    for (let i = 0; i < 4; i++) {
      const before = spares(pool, 2);
      const c = take(pool);
      expect(seen.has(c.child.pid!)).toBe(false);
      expect(c.child.pid).not.toBe(a);
      expect(before).toContain(c.child.pid);
      seen.add(c.child.pid!);
      c.child.kill("SIGKILL");
    }
    expect(seen.has(b)).toBe(false);
  });

  it("a spare that has loaded the labs goes before an older one still loading", { timeout: 120_000 }, async () => {
    const pool = newPool(2);
    pool.warm();
    const [older, younger] = spares(pool, 2) as [number, number];
    // The older spare cannot make progress; the younger one finishes loading.
    process.kill(older, "SIGSTOP");
    stray.push(older);
    await waitFor(async () => pool.sparePids({ warmedOnly: true }), (pids) => pids.includes(younger), 60_000, "the younger spare to load the labs");
    expect(pool.sparePids({ warmedOnly: true })).not.toContain(older);
    expect(take(pool).child.pid).toBe(younger);
    expect(pool.sparePids()).toContain(older); // still a spare, taken next if it is the only healthy one
    process.kill(older, "SIGCONT");
  });

  it("dispose kills every spare and forks no more", { timeout: 60_000 }, async () => {
    const pool = newPool(3);
    pool.warm();
    const pids = spares(pool, 3);
    pool.dispose();
    for (const pid of pids) await gone(pid, "a disposed spare");
    pool.warm();
    expect(pool.sparePids()).toEqual([]);
  });
});

describe("a worker's spares", () => {
  const prefix = uniquePrefix("run-start-spares");
  const runsDir = mkdtempSync(join(tmpdir(), "faultline-spares-"));
  const redis = testRedis();

  afterAll(async () => {
    await deleteKeys(redis, prefix);
    redis.disconnect();
    rmSync(runsDir, { recursive: true, force: true });
  });

  it("keeps one per job slot, and none outlives a SIGKILLed worker", { timeout: 120_000 }, async () => {
    await migrate(TEST_DATABASE_URL);
    const worker = await startWorker({
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: TEST_DATABASE_URL,
      FAULTLINE_REDIS_PREFIX: prefix,
      FAULTLINE_LABS_DIR: FIXTURE_LABS_DIR,
      FAULTLINE_RUNS_DIR: runsDir,
      FAULTLINE_WORKER_CONCURRENCY: "3",
    });
    const spares = await waitFor(async () => descendants([worker.child.pid!]), (pids) => pids.length >= 3, 30_000, "three spare children");
    stray.push(...spares);
    // Spares are in process groups of their own: killing the worker's group does not reach them.
    await worker.stop("SIGKILL");
    for (const pid of spares) await gone(pid, "a spare of the killed worker");
  });
});
