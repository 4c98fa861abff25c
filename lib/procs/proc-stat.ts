/**
 * Reads /proc/<pid>/stat. Linux only, which is where labs run; every caller has a fallback
 * for a missing /proc (the process is then treated as gone).
 */
import { readFile, readdir } from "node:fs/promises";
import { readFileSync } from "node:fs";

export interface ProcStat {
  pid: number;
  /** One letter: R running, S sleeping, T stopped, Z zombie, X dead, … */
  state: string;
  ppid: number;
  pgrp: number;
  /** Clock ticks since boot when the process started: with the pid, it names one process. */
  startTime: number;
}

/** Parses one stat line; the command name may contain spaces and parentheses. */
export function parseStat(line: string): ProcStat | null {
  const close = line.lastIndexOf(")");
  if (close < 0) return null;
  const pid = Number.parseInt(line, 10);
  const fields = line.slice(close + 2).trim().split(" ");
  const [state, ppid, pgrp] = fields;
  const startTime = fields[19];
  if (!state || ppid === undefined || pgrp === undefined || startTime === undefined) return null;
  return { pid, state, ppid: Number(ppid), pgrp: Number(pgrp), startTime: Number(startTime) };
}

export async function readStat(pid: number): Promise<ProcStat | null> {
  try {
    return parseStat(await readFile(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}

export function readStatSync(pid: number): ProcStat | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return null;
  }
}

/** A zombie has exited; it only waits for a parent that may never reap it (PID 1 here). */
export function isDeadState(state: string): boolean {
  return state === "Z" || state === "X" || state === "x";
}

/** Every live (non-zombie) process whose process group is `pgid`. */
export async function liveGroupMembers(pgid: number): Promise<ProcStat[]> {
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return [];
  }
  const stats = await Promise.all(entries.filter((e) => /^\d+$/.test(e)).map((e) => readStat(Number(e))));
  return stats.filter((s): s is ProcStat => s !== null && s.pgrp === pgid && !isDeadState(s.state));
}
