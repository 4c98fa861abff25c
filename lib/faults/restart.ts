import { spawnGroup, waitForPort, type LineMatcher, type ProcHandle } from "@/lib/procs";
import { crash } from "./crash";

export interface RestartOptions {
  /** How long SIGTERM may take before SIGKILL, if the old process still runs. Default 0 (kill). */
  graceMs?: number;
  /** Ready when this port accepts connections (the node's own port, same as before). */
  readyPort?: number;
  /** Ready when the new process prints a matching stdout line. */
  readyLine?: LineMatcher;
  /** Default 10000. */
  readyTimeoutMs?: number;
  /** Stops waiting for readiness (the new process is then stopped). */
  signal?: AbortSignal;
}

/**
 * Stops the node (if it still runs) and spawns it again with the same command, arguments,
 * environment, port and registry, then waits until it is ready. Returns the new handle.
 */
export async function restart(
  handle: ProcHandle,
  options: RestartOptions = {},
): Promise<ProcHandle> {
  const { graceMs = 0, readyPort, readyLine, readyTimeoutMs = 10_000, signal } = options;
  if (handle.exitInfo === null) {
    if (graceMs > 0) await handle.stop({ graceMs });
    else await crash(handle);
  }
  const { cmd, args, options: spawnOptions } = handle.spec;
  const next = await spawnGroup(cmd, args, spawnOptions);
  const aborted = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(new Error("aborted"));
    signal?.addEventListener("abort", () => reject(new Error("aborted")), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    if (readyLine !== undefined) await Promise.race([next.waitForLine(readyLine, readyTimeoutMs), aborted]);
    if (readyPort !== undefined) await Promise.race([waitForPort(readyPort, readyTimeoutMs, { signal }), aborted]);
  } catch (err) {
    await next.stop({ graceMs: 0 });
    throw new Error(`restart: ${handle.name} did not become ready: ${(err as Error).message}`);
  }
  return next;
}
