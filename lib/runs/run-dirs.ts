/**
 * Every run's child gets its own temp dir (TMPDIR), so whatever the lab writes — including
 * lib/procs registry files of the processes it starts — is findable by the worker after the
 * child is gone, and removable in one go.
 */
import { existsSync, readdirSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlive, reapOrphans } from "@/lib/procs";

export function runsRoot(): string {
  return process.env.FAULTLINE_RUNS_DIR ?? join(tmpdir(), "faultline-runs");
}

/** `<root>/<workerPid>-<runId>`: the pid lets a successor tell whose dirs are abandoned. */
export async function makeRunDir(runId: string, root = runsRoot()): Promise<string> {
  const dir = join(root, `${process.pid}-${runId}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Directories under `dir` (itself included) that hold registry files, at most `depth` deep. */
function registryDirs(dir: string, depth = 6): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found = entries.some((e) => e.isFile() && e.name.endsWith(".procs.json")) ? [dir] : [];
  if (depth > 0)
    for (const e of entries)
      if (e.isDirectory()) found.push(...registryDirs(join(dir, e.name), depth - 1));
  return found;
}

/** Kills every process group a dead owner recorded anywhere under `dir`; returns the pgids. */
export async function reapUnder(dir: string): Promise<number[]> {
  const killed: number[] = [];
  for (const d of registryDirs(dir))
    for (const r of await reapOrphans(d, { graceMs: 500 })) killed.push(...r.killed);
  return killed;
}

/** Reaps a finished run's leftovers and removes its dir. */
export async function cleanRunDir(dir: string): Promise<number[]> {
  const killed = await reapUnder(dir);
  await rm(dir, { recursive: true, force: true });
  return killed;
}

/**
 * At worker start: kill what crashed predecessors left (their run children and the labs'
 * processes) and delete the run dirs of workers that are no longer alive.
 */
export async function reapAbandonedRuns(root = runsRoot()): Promise<number[]> {
  if (!existsSync(root)) return [];
  const killed = await reapUnder(root);
  for (const name of readdirSync(root)) {
    const pid = Number(name.split("-")[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)) {
      killed.push(...(await cleanRunDir(join(root, name))));
    }
  }
  return killed;
}
