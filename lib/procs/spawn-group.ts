import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { childEnv } from "./child-env";
import { groupGone, killGroup, terminateGroup, type TerminateOptions } from "./kill-group";
import type { ProcRegistry } from "./registry";

export interface SpawnGroupOptions {
  /** Shown in errors and in the registry; default: the command's base name. */
  name?: string;
  cwd?: string;
  /**
   * Added to (and overriding) the parent's environment as filtered by `childEnv` (no
   * credentials: no DATABASE_URL, no auth secret); `undefined` removes a variable.
   */
  env?: Record<string, string | undefined>;
  /** Records the group so teardown and `reapOrphans` can kill it. */
  registry?: ProcRegistry;
  /** How many recent lines of stdout and of stderr to keep; default 500. */
  keepLines?: number;
}

export interface SpawnSpec {
  cmd: string;
  args: readonly string[];
  options: SpawnGroupOptions;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type LineStream = "stdout" | "stderr";
export type LineMatcher = string | RegExp | ((line: string) => boolean);

export interface ProcHandle {
  readonly name: string;
  readonly pid: number;
  /** The child leads its own process group: pgid === pid. */
  readonly pgid: number;
  /** What was spawned, so `restart` can spawn it again identically. */
  readonly spec: SpawnSpec;
  /** Resolves when the group leader exits (never rejects). */
  readonly exited: Promise<ExitInfo>;
  /** null while the leader runs. */
  readonly exitInfo: ExitInfo | null;
  /** Recent lines (at most `keepLines`). */
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  /** Calls `listener` for every later line; returns an unsubscribe function. */
  onLine(listener: (line: string, stream: LineStream) => void): () => void;
  /** Resolves with the first line (already seen or later) that matches; rejects on timeout or exit. */
  waitForLine(match: LineMatcher, timeoutMs: number, stream?: LineStream): Promise<string>;
  /** Sends `signal` to the whole group; false when the group is gone. */
  kill(signal?: NodeJS.Signals): boolean;
  /** SIGTERM, then SIGKILL after the grace period; bounded, never hangs. True when gone. */
  stop(options?: TerminateOptions): Promise<boolean>;
}

function matches(match: LineMatcher, line: string): boolean {
  if (typeof match === "string") return line.includes(match);
  if (match instanceof RegExp) return match.test(line);
  return match(line);
}

/**
 * Starts `cmd` as the leader of a new process group (detached → setsid), so one signal to
 * the group reaches every process it forks, and nothing it starts can outlive teardown.
 * Rejects with a clear error when the command cannot be started.
 */
export async function spawnGroup(cmd: string, args: readonly string[] = [], options: SpawnGroupOptions = {}): Promise<ProcHandle> {
  const name = options.name ?? cmd.split("/").pop() ?? cmd;
  const keepLines = options.keepLines ?? 500;
  if (options.registry?.closed) throw new Error(`spawnGroup: not starting ${name}: its process registry is closed (the run is tearing down)`);
  const child = spawn(cmd, args, {
    cwd: options.cwd,
    env: childEnv(process.env, options.env),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });

  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", (err) => reject(new Error(`spawnGroup: could not start ${name} (${cmd}): ${err.message}`)));
  });
  const pid = child.pid as number;

  let exitInfo: ExitInfo | null = null;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once("exit", (code, signal) => {
      exitInfo = { code, signal };
      // Forked children may outlive the leader: keep the group recorded until all are gone.
      const registry = options.registry;
      if (registry) void groupGone(pid).then((gone) => gone && registry.remove(pid));
      resolve(exitInfo);
    });
  });
  // Spawn succeeded; later errors (e.g. a failed kill) must not crash the parent.
  child.on("error", () => undefined);

  const lines: Record<LineStream, string[]> = { stdout: [], stderr: [] };
  const listeners = new Set<(line: string, stream: LineStream) => void>();
  for (const stream of ["stdout", "stderr"] as const) {
    const rl = createInterface({ input: child[stream], crlfDelay: Infinity });
    rl.on("error", () => undefined); // readline re-emits pipe errors; the exit event tells the story
    rl.on("line", (line) => {
      const buf = lines[stream];
      buf.push(line);
      if (buf.length > keepLines) buf.shift();
      for (const l of listeners) l(line, stream);
    });
  }

  const handle: ProcHandle = {
    name,
    pid,
    pgid: pid,
    spec: { cmd, args: [...args], options },
    exited,
    get exitInfo() {
      return exitInfo;
    },
    stdout: lines.stdout,
    stderr: lines.stderr,
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitForLine(match, timeoutMs, stream = "stdout") {
      const seen = lines[stream].find((l) => matches(match, l));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = (line: string, s: LineStream) => {
          if (s === stream && matches(match, line)) {
            cleanup();
            resolve(line);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name} (pid ${pid}) printed no line matching ${String(match)} on ${stream} within ${timeoutMs} ms; last lines: ${lines[stream].slice(-5).join(" | ")}`));
        }, timeoutMs);
        listeners.add(listener);
        void exited.then((info) => {
          // Give readline a moment to deliver the last buffered lines before giving up.
          setTimeout(() => {
            if (!listeners.has(listener)) return;
            cleanup();
            reject(new Error(`${name} (pid ${pid}) exited (code ${info.code}, signal ${info.signal}) before printing a line matching ${String(match)}; last ${stream}: ${lines[stream].slice(-5).join(" | ")}; last stderr: ${lines.stderr.slice(-5).join(" | ")}`));
          }, 50);
        });
      });
    },
    kill(signal = "SIGTERM") {
      return killGroup(pid, signal);
    },
    async stop(opts) {
      const gone = await terminateGroup(pid, opts);
      // The group is gone from /proc; let Node deliver the leader's exit so exitInfo is set.
      if (gone) await Promise.race([exited, new Promise((r) => setTimeout(r, 1_000))]);
      return gone;
    },
  };
  options.registry?.add(handle);
  return handle;
}
