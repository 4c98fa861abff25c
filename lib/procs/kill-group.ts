import { setTimeout as sleep } from "node:timers/promises";
import { liveGroupMembers, readStat, isDeadState } from "./proc-stat";
import { readdir } from "node:fs/promises";

/** Sends `signal` to every process in group `pgid`; false when the group is already gone. */
export function killGroup(pgid: number, signal: NodeJS.Signals = "SIGKILL"): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) throw new Error(`killGroup: ${pgid} is not a process group id`);
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw err;
  }
}

/** True when no live (non-zombie) process is left in the group. */
export async function groupGone(pgid: number): Promise<boolean> {
  // Fast path: no member at all, not even a zombie. Scanning /proc is slow on a busy machine.
  try {
    process.kill(-pgid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return true;
  }
  return (await liveGroupMembers(pgid)).length === 0;
}

/** Waits until the group is gone; false if it still lives after `timeoutMs`. */
export async function waitGroupGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let interval = 10; ; interval = Math.min(interval * 2, 100)) {
    if (await groupGone(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(interval, Math.max(1, deadline - Date.now())));
  }
}

export interface TerminateOptions {
  /** How long SIGTERM may take before SIGKILL; 0 goes straight to SIGKILL. Default 2000. */
  graceMs?: number;
  /** How long to wait for SIGKILL to take effect before giving up. Default 5000. */
  killWaitMs?: number;
}

/**
 * SIGTERM (and SIGCONT, so a paused group can act on it), then SIGKILL after the grace
 * period. Always returns within graceMs + killWaitMs: teardown must never hang.
 * Resolves to true when the group is gone.
 */
export async function terminateGroup(pgid: number, options: TerminateOptions = {}): Promise<boolean> {
  const { graceMs = 2_000, killWaitMs = 5_000 } = options;
  if (graceMs > 0 && killGroup(pgid, "SIGTERM")) {
    killGroup(pgid, "SIGCONT");
    if (await waitGroupGone(pgid, graceMs)) return true;
  }
  killGroup(pgid, "SIGKILL");
  return waitGroupGone(pgid, killWaitMs);
}

async function descendants(pid: number): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return [];
  }
  const stats = await Promise.all(entries.filter((e) => /^\d+$/.test(e)).map((e) => readStat(Number(e))));
  const children = new Map<number, number[]>();
  for (const s of stats) {
    if (!s || isDeadState(s.state)) continue;
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    for (const child of children.get(next) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * SIGKILLs `pid` and all its descendants, for processes not started in their own group.
 * Children are found first and stopped (SIGSTOP) so they cannot fork while we walk the tree.
 */
export async function killTree(pid: number, signal: NodeJS.Signals = "SIGKILL"): Promise<number[]> {
  const all = [pid, ...(await descendants(pid))];
  for (const p of all) {
    try {
      process.kill(p, "SIGSTOP");
    } catch {
      /* already gone */
    }
  }
  const more = await descendants(pid);
  const targets = [...new Set([...all, ...more])];
  for (const p of targets) {
    try {
      process.kill(p, signal);
      if (signal !== "SIGKILL") process.kill(p, "SIGCONT");
    } catch {
      /* already gone */
    }
  }
  return targets;
}
