import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { liveGroupMembers, readStatSync } from "./proc-stat";
import { terminateGroup } from "./kill-group";
import { isAlive } from "./is-alive";
import type { RegisteredGroup, RegistryFile } from "./registry";

export interface ReapResult {
  file: string;
  ownerPid: number;
  /** Groups that were still running and got killed. */
  killed: number[];
  /** Groups already gone, or whose pgid now belongs to an unrelated process. */
  skipped: number[];
}

function ownerAlive(f: RegistryFile): boolean {
  if (!isAlive(f.ownerPid)) return false;
  const start = readStatSync(f.ownerPid)?.startTime ?? null;
  return f.ownerStartTime === null || start === f.ownerStartTime;
}

/**
 * Is `g` still our group? A pgid cannot be reused while any process of the group lives, so
 * live members prove it — unless the leader's pid was reused by a newer process that leads
 * a group of its own (its start time differs from the recorded one).
 */
async function stillOurs(g: RegisteredGroup): Promise<boolean> {
  const members = await liveGroupMembers(g.pgid);
  if (members.length === 0) return false;
  const leader = members.find((m) => m.pid === g.pgid);
  return !leader || g.leaderStartTime === null || leader.startTime === g.leaderStartTime;
}

/**
 * Kills the process groups recorded under `dir` by owners that are no longer running (a
 * crashed predecessor), then deletes their registry files. Files of live owners are left
 * alone, so several workers can share one directory. Call it at worker startup.
 */
export async function reapOrphans(dir: string, options: { graceMs?: number } = {}): Promise<ReapResult[]> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".procs.json"));
  } catch {
    return [];
  }
  const results: ReapResult[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let body: RegistryFile;
    try {
      body = JSON.parse(readFileSync(file, "utf8")) as RegistryFile;
    } catch {
      rmSync(file, { force: true }); // half-written by a crash mid-write: nothing usable
      continue;
    }
    if (ownerAlive(body)) continue;
    const killed: number[] = [];
    const skipped: number[] = [];
    for (const g of body.groups ?? []) {
      if (await stillOurs(g)) {
        await terminateGroup(g.pgid, { graceMs: options.graceMs ?? 500 });
        killed.push(g.pgid);
      } else skipped.push(g.pgid);
    }
    rmSync(file, { force: true });
    results.push({ file, ownerPid: body.ownerPid, killed, skipped });
  }
  return results;
}
