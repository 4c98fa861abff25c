import type { ExitInfo, ProcHandle } from "@/lib/procs";

/**
 * Crash-stop: SIGKILL to the node's whole process group, no chance to flush or say goodbye.
 * Resolves once the leader's exit is observed (bounded by `timeoutMs`; a crash never hangs).
 */
export async function crash(handle: ProcHandle, timeoutMs = 5_000): Promise<ExitInfo | null> {
  handle.kill("SIGKILL");
  const gone = await handle.stop({ graceMs: 0, killWaitMs: timeoutMs });
  return gone ? handle.exitInfo : null;
}
