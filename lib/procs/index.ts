/**
 * Real OS processes for labs: each component runs as the leader of its own process group, so
 * one signal reaches everything it forked and teardown can always kill it all.
 *
 *   const reg = openProcRegistry(join(ctx.tmpDir, "procs"));
 *   const port = await freePort();
 *   const node = await spawnGroup(process.execPath, ["replica.js"], { env: { PORT: String(port) }, registry: reg });
 *   await waitForPort(port, 10_000);
 *   …
 *   await reg.close(); // SIGTERM → SIGKILL every group, bounded
 *
 * A worker calls `reapOrphans(dir)` at startup to kill groups a crashed predecessor left.
 */
export { childEnv } from "./child-env";
export { shortLivedNodeFlags } from "./node-flags";
export { freePort } from "./free-port";
export { waitForPort, type WaitForPortOptions } from "./wait-for-port";
export { isAlive } from "./is-alive";
export { killGroup, killTree, terminateGroup, groupGone, waitGroupGone, type TerminateOptions } from "./kill-group";
export {
  spawnGroup,
  type ProcHandle,
  type SpawnGroupOptions,
  type SpawnSpec,
  type ExitInfo,
  type LineStream,
  type LineMatcher,
} from "./spawn-group";
export { openProcRegistry, type ProcRegistry, type RegisteredGroup, type RegistryFile } from "./registry";
export { reapOrphans, type ReapResult } from "./reap-orphans";
export { readStat, liveGroupMembers, type ProcStat } from "./proc-stat";
