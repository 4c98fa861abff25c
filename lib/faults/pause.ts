import { readStat } from "@/lib/procs";
import type { ProcHandle } from "@/lib/procs";

/**
 * Pause: SIGSTOP the node's group. The process keeps its sockets and memory but answers
 * nothing — to its peers it looks dead, then it comes back with stale beliefs (the GC-pause
 * story). Resume with SIGCONT.
 */
export function pause(handle: ProcHandle): boolean {
  return handle.kill("SIGSTOP");
}

export function resume(handle: ProcHandle): boolean {
  return handle.kill("SIGCONT");
}

/** True when the leader is stopped by a signal (state T in /proc). */
export async function isPaused(handle: ProcHandle): Promise<boolean> {
  return (await readStat(handle.pid))?.state === "T";
}
