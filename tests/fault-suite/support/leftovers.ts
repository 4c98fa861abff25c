/**
 * What a run may leave behind, read from /proc: processes that carry the suite's mark in their
 * environment (every process a worker starts inherits FAULTLINE_* variables, so a lab process
 * reparented to init is still found) and the TCP ports they listen on. After every run has
 * ended, only the workers and their one idle spare child each may carry the mark.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { isDeadState, readStatSync } from "@/lib/procs/proc-stat";

export interface MarkedProcess {
  pid: number;
  ppid: number;
  cmdline: string;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined; // gone meanwhile, or not ours to read
  }
}

export function markedProcesses(mark: string): MarkedProcess[] {
  const needle = `FAULTLINE_FAULT_SUITE_MARK=${mark}`;
  const found: MarkedProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const environ = read(`/proc/${entry}/environ`);
    if (!environ?.split("\0").includes(needle)) continue;
    const stat = readStatSync(Number(entry));
    if (!stat || isDeadState(stat.state)) continue;
    found.push({ pid: stat.pid, ppid: stat.ppid, cmdline: (read(`/proc/${entry}/cmdline`) ?? "").split("\0").join(" ").trim() });
  }
  return found;
}

/** Marked processes other than the workers and each worker's idle spare run-child. */
export function leftovers(mark: string, workerPids: number[]): MarkedProcess[] {
  const marked = markedProcesses(mark);
  const hasChildren = new Set(marked.map((p) => p.ppid));
  return marked.filter((p) => {
    if (workerPids.includes(p.pid)) return false;
    const idleSpare = workerPids.includes(p.ppid) && p.cmdline.includes("run-child") && !hasChildren.has(p.pid);
    return !idleSpare;
  });
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  return inodes;
}

/** TCP ports the marked processes listen on (state 0A = LISTEN in /proc/net/tcp). */
export function listeningPorts(mark: string): number[] {
  const inodes = new Set(markedProcesses(mark).flatMap((p) => [...socketInodes(p.pid)]));
  const ports: number[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of (read(table) ?? "").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === "0A" && inodes.has(cols[9]!)) ports.push(parseInt(cols[1]!.split(":")[1]!, 16));
    }
  }
  return ports;
}
