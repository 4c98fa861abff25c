import type { ExitInfo, ProcHandle } from "@/lib/procs";

/**
 * Crash-stop: SIGKILL to the node's whole process group, no chance to flush or say goodbye.
 * The kernel delivers a group signal to every member at once and SIGKILL cannot be caught,
 * so waiting for the leader's exit is enough (no slow /proc scan on a loaded machine).
 * Resolves with the exit, or null if it was not seen within `timeoutMs` (never hangs).
 */
export async function crash(handle: ProcHandle, timeoutMs = 5_000): Promise<ExitInfo | null> {
  handle.kill("SIGKILL");
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  const exit = await Promise.race([handle.exited, timeout]);
  clearTimeout(timer);
  return exit;
}
