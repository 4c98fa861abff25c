/**
 * Starts one replica as a real OS process in its own process group, on a port it keeps
 * across restarts (its fault proxy forwards to that port), with its log under the run's
 * temp dir.
 */
import { join } from "node:path";
import { freePort, spawnGroup, type ProcHandle, type ProcRegistry } from "@/lib/procs";
import { replicaEntry } from "./compile";

/** What a replica prints once it listens. */
export const READY_LINE = /^ready \d+$/;

export interface ReplicaProcessOptions {
  name: string;
  dir: string;
  registry: ProcRegistry;
  /** Reuse a port (restart); default: a fresh free port. */
  port?: number;
  /** Delay before a put is applied and acknowledged (see server.ts); 0 = at once. */
  applyLagMs?: number;
  startTimeoutMs?: number;
}

export interface ReplicaProcess {
  name: string;
  port: number;
  handle: ProcHandle;
}

export async function startReplica(options: ReplicaProcessOptions): Promise<ReplicaProcess> {
  const entry = await replicaEntry();
  const port = options.port ?? (await freePort());
  const log = join(options.dir, `${options.name}.log`);
  const handle = await spawnGroup(process.execPath, [entry, "--name", options.name, "--port", String(port), "--log", log, "--apply-lag-ms", String(options.applyLagMs ?? 0)], {
    name: options.name,
    registry: options.registry,
  });
  try {
    await handle.waitForLine(READY_LINE, options.startTimeoutMs ?? 10_000);
  } catch (err) {
    handle.kill("SIGKILL");
    throw new Error(`replica ${options.name} did not start on port ${port}: ${(err as Error).message}`);
  }
  return { name: options.name, port, handle };
}
