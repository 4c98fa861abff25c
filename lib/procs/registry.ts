import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { readStatSync } from "./proc-stat";
import { terminateGroup, type TerminateOptions } from "./kill-group";
import type { ProcHandle } from "./spawn-group";

/** One recorded group. `leaderStartTime` tells our group leader apart from a reused pid. */
export interface RegisteredGroup {
  pgid: number;
  name: string;
  cmd: string;
  args: string[];
  leaderStartTime: number | null;
  startedAt: string;
}

/** The JSON written to `<dir>/<ownerPid>-<id>.procs.json`. */
export interface RegistryFile {
  ownerPid: number;
  ownerStartTime: number | null;
  label: string;
  groups: RegisteredGroup[];
}

export interface ProcRegistry {
  readonly file: string;
  /** True once `close` began: nothing may be added any more. */
  readonly closed: boolean;
  /** Records a group; on a closed registry, kills it instead (a late restart during teardown). */
  add(handle: ProcHandle): void;
  remove(pgid: number): void;
  groups(): RegisteredGroup[];
  /** Terminates every recorded group in parallel; bounded; returns pgids that survived. */
  killAll(options?: TerminateOptions): Promise<number[]>;
  /** Kills everything left, then deletes the file. */
  close(options?: TerminateOptions): Promise<void>;
}

/**
 * Records the process groups one run (or worker) starts in a JSON file under `dir`, written
 * synchronously on every change: if this process crashes, a successor's `reapOrphans(dir)`
 * still finds and kills what it left behind.
 */
export function openProcRegistry(dir: string, label = "run"): ProcRegistry {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${process.pid}-${randomUUID().slice(0, 8)}.procs.json`);
  const groups = new Map<number, RegisteredGroup>();
  let closed = false;

  const write = (force = false) => {
    if (closed && !force) return;
    const body: RegistryFile = {
      ownerPid: process.pid,
      ownerStartTime: readStatSync(process.pid)?.startTime ?? null,
      label,
      groups: [...groups.values()],
    };
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify(body, null, 2));
    renameSync(tmp, file);
  };
  write();

  const registry: ProcRegistry = {
    file,
    get closed() {
      return closed;
    },
    add(handle) {
      if (closed) {
        handle.kill("SIGKILL");
        return;
      }
      groups.set(handle.pgid, {
        pgid: handle.pgid,
        name: handle.name,
        cmd: handle.spec.cmd,
        args: [...handle.spec.args],
        leaderStartTime: readStatSync(handle.pid)?.startTime ?? null,
        startedAt: new Date().toISOString(),
      });
      write();
    },
    remove(pgid) {
      if (groups.delete(pgid)) write();
    },
    groups: () => [...groups.values()],
    async killAll(options) {
      const pgids = [...groups.keys()];
      const results = await Promise.all(pgids.map((pgid) => terminateGroup(pgid, options)));
      const survivors = pgids.filter((_, i) => !results[i]);
      for (const pgid of pgids) if (!survivors.includes(pgid)) groups.delete(pgid);
      write();
      return survivors;
    },
    async close(options) {
      // Mark closed first, so a spawn that races with teardown is killed rather than leaked.
      const pgids = [...groups.keys()];
      closed = true;
      const gone = await Promise.all(pgids.map((pgid) => terminateGroup(pgid, options)));
      pgids.forEach((pgid, i) => gone[i] && groups.delete(pgid));
      // Survivors stay on record for reapOrphans; otherwise the file goes.
      if (groups.size > 0) write(true);
      else rmSync(file, { force: true });
    },
  };
  return registry;
}
