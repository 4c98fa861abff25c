/**
 * Children that `npm start`/`npm test` start, each in its own process group, so stopping one
 * also stops everything it started (next's own workers, a lab's replicas). On SIGINT/SIGTERM
 * or exit every group is killed.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

const groups = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void> | void> = [];

export function spawnGroup(cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  const child = spawn(cmd, args, { stdio: "inherit", ...opts, detached: true });
  groups.add(child);
  child.on("exit", () => groups.delete(child));
  return child;
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** Runs at shutdown after the groups are gone (e.g. stop a private database server). */
export function onShutdown(fn: () => Promise<void> | void): void {
  cleanups.unshift(fn);
}

let shuttingDown: Promise<void> | undefined;

export function shutdownAll(graceMs = 8_000): Promise<void> {
  shuttingDown ??= (async () => {
    const live = [...groups];
    for (const child of live) killGroup(child, "SIGTERM");
    const deadline = new Promise((r) => setTimeout(r, graceMs).unref());
    await Promise.race([Promise.all(live.map(exited)), deadline]);
    for (const child of live) killGroup(child, "SIGKILL");
    for (const fn of cleanups) await Promise.resolve(fn()).catch(() => {});
  })();
  return shuttingDown;
}

/** Ctrl-C / SIGTERM stop everything we started, then exit. */
export function stopOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      console.log(`› stopping (${signal})`);
      void shutdownAll().then(() => process.exit(signal === "SIGINT" ? 130 : 143));
    });
  }
}
