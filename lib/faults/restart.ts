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
  /**
   * While the node was down its port was free, and another process may have taken it (another
   * run's server, or any outgoing connection's ephemeral port). Given this, a start that fails
   * with EADDRINUSE moves the node: it picks a new port, points whoever reaches the node at it,
   * and returns the arguments to start the node with. Without it, a taken port is an error.
   * Use with `readyLine`: `readyPort` would wait on the old port.
   */
  movePort?: () => Promise<readonly string[]>;
}

/** Starts on a taken port before giving up: each move picks a port free when asked. */
const PORT_ATTEMPTS = 3;

/**
 * Stops the node (if it still runs) and spawns it again with the same command, arguments,
 * environment, port and registry, then waits until it is ready. Returns the new handle.
 */
export async function restart(
  handle: ProcHandle,
  options: RestartOptions = {},
): Promise<ProcHandle> {
  const { graceMs = 0, readyPort, readyLine, readyTimeoutMs = 10_000, signal, movePort } = options;
  if (handle.exitInfo === null) {
    if (graceMs > 0) await handle.stop({ graceMs });
    else await crash(handle);
  }
  const { cmd, options: spawnOptions } = handle.spec;
  let args = handle.spec.args;
  const aborted = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(new Error("aborted"));
    signal?.addEventListener("abort", () => reject(new Error("aborted")), { once: true });
  });
  aborted.catch(() => undefined);
  for (let attempt = 1; ; attempt++) {
    const next = await spawnGroup(cmd, args, spawnOptions);
    try {
      if (readyLine !== undefined) await Promise.race([next.waitForLine(readyLine, readyTimeoutMs), aborted]);
      if (readyPort !== undefined) await Promise.race([waitForPort(readyPort, readyTimeoutMs, { signal }), aborted]);
      return next;
    } catch (err) {
      await next.stop({ graceMs: 0 });
      const portTaken = next.stderr.some((line) => line.includes("EADDRINUSE"));
      if (movePort && portTaken && attempt < PORT_ATTEMPTS && !signal?.aborted) {
        args = await movePort();
        continue;
      }
      throw new Error(`restart: ${handle.name} did not become ready: ${(err as Error).message}`);
    }
  }
}
