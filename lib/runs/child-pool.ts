/**
 * Run children, forked ahead of time. A child is used for exactly one run (a crash or leak in
 * a lab never reaches the next run), but starting Node with tsx and loading the lab code
 * takes seconds on a busy machine: keeping one spare child warm moves that out of the
 * student's wait. The next spare is forked as soon as one is taken and warms during the run
 * at a lower CPU priority (niceness 10), so a run that closely follows another still finds a
 * warm child; the worker keeps one spare per job slot.
 */
import { fork, type ChildProcess } from "node:child_process";
import { readdirSync } from "node:fs";
import { setPriority } from "node:os";
import { fileURLToPath } from "node:url";
import { log } from "@/lib/log";
import { childEnv, isAlive, type ProcHandle, type ProcRegistry } from "@/lib/procs";
import { forwardChildOutput, type ChildOutput } from "./child-output";
import type { FromChild } from "./child-protocol";

const CHILD_SCRIPT = fileURLToPath(new URL("../../workers/run-child.ts", import.meta.url));

export interface RunChild extends ChildOutput {
  child: ChildProcess;
  /** True once the child has loaded the labs (its `ready` message). */
  warmed(): boolean;
  /** When it was forked (epoch ms). */
  forkedAt: number;
  /** The last few KB the child wrote to stderr (for an error grade's details). */
  stderrTail(): string;
}

/** The registry wants a ProcHandle; a forked child has the same identity (pid = pgid). */
function asRegistryEntry(child: ChildProcess, script: string): ProcHandle {
  const pid = child.pid as number;
  return { name: "run-child", pid, pgid: pid, spec: { cmd: process.execPath, args: [script], options: {} } } as unknown as ProcHandle;
}

/**
 * Forks a run child: the bundle from lib/runs/run-child-bundle.ts with plain node when
 * `bundle` names it, else workers/run-child.ts through tsx.
 */
export function forkRunChild(registry?: ProcRegistry, bundle?: string): RunChild {
  const script = bundle ?? CHILD_SCRIPT;
  const child = fork(script, [], {
    execArgv: bundle ? [] : ["--import", "tsx"],
    // The run gets Redis and its prefix in its spec; never the database or the auth secret.
    env: childEnv(process.env),
    detached: true, // its own process group: one kill reaches everything it starts in-group
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  if (child.pid) registry?.add(asRegistryEntry(child, script));
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  // Its log lines join the worker's output (never the student's view).
  const output = forwardChildOutput(child.pid, child.stdout, child.stderr);
  child.on("error", () => undefined);
  let warmed = false;
  child.on("message", (msg: FromChild) => {
    if (msg.type === "ready") warmed = true;
  });
  return { child, warmed: () => warmed, forkedAt: Date.now(), stderrTail: () => stderr, tag: output.tag };
}

export interface ChildPoolOptions {
  /** How many warm spares to keep (default 1; the worker keeps one per job slot). */
  spares?: number;
  /** Nice value of spares while a run of this pool is running (default 10): the run keeps the CPU. */
  spareNice?: number;
  /** The bundled run child to fork (lib/runs/run-child-bundle.ts); default: tsx children. */
  bundle?: string;
}

/**
 * Warm spares, each used for exactly one run. The next spare is forked as soon as one is
 * taken, so it warms while the run runs instead of after it; while any run taken from this
 * pool is running, spares run at a lower CPU priority, and at normal priority when idle.
 */
export class ChildPool {
  private spares: RunChild[] = [];
  private disposed = false;
  /** Children taken from this pool that have not exited yet. */
  private running = 0;
  private readonly size: number;
  private readonly spareNice: number;
  private readonly bundle: string | undefined;

  constructor(
    private readonly registry?: ProcRegistry,
    options: ChildPoolOptions = {},
  ) {
    this.size = Math.max(0, options.spares ?? 1);
    this.spareNice = options.spareNice ?? 10;
    this.bundle = options.bundle;
  }

  /** Forks spares until there are `spares` healthy ones (dead ones are dropped). */
  warm(): void {
    if (this.disposed) return;
    this.dropUnusable();
    while (this.spares.length < this.size) {
      const spare = forkRunChild(this.registry, this.bundle);
      if (this.running > 0) setNice(spare.child.pid, this.spareNice);
      this.spares.push(spare);
    }
  }

  /**
   * A healthy spare (one that finished loading first, else the oldest), back at normal
   * priority, or a freshly forked child; then the pool refills at once.
   */
  take(): RunChild {
    const healthy = this.dropUnusable();
    const taken = healthy.find((s) => s.warmed()) ?? healthy[0];
    this.spares = healthy.filter((s) => s !== taken);
    if (taken) setNice(taken.child.pid, 0);
    const child = taken ?? forkRunChild(this.registry, this.bundle);
    this.running++;
    if (this.running === 1) for (const s of this.spares) setNice(s.child.pid, this.spareNice);
    child.child.once("exit", () => {
      this.running--;
      if (this.running === 0) for (const s of this.spares) setNice(s.child.pid, 0);
    });
    this.warm();
    return child;
  }

  /** The spares' pids, oldest first (tests, diagnostics); `warmedOnly`: those that have loaded the labs. */
  sparePids(opts: { warmedOnly?: boolean } = {}): number[] {
    return this.spares
      .filter((s) => !opts.warmedOnly || s.warmed())
      .map((s) => s.child.pid)
      .filter((pid): pid is number => pid !== undefined);
  }

  /** Shutdown: idle spares are in their own process groups, so the worker's stop can't reach them. */
  dispose(): void {
    this.disposed = true;
    for (const spare of this.spares) this.discard(spare);
    this.spares = [];
  }

  /**
   * Keeps the spares that are usable and kills the rest, asking each once: asked twice, a
   * spare that died in between would be both kept and killed, and then handed to a run.
   */
  private dropUnusable(): RunChild[] {
    const healthy: RunChild[] = [];
    for (const s of this.spares) {
      if (usable(s)) healthy.push(s);
      else this.discard(s);
    }
    this.spares = healthy;
    return healthy;
  }

  private discard(c: RunChild): void {
    if (!c.child.pid) return;
    try {
      process.kill(-c.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    this.registry?.remove(c.child.pid);
  }
}

/**
 * Alive by Node's account and by the OS's: a spare killed a moment ago (OOM killer, a test) is
 * already dead in /proc before Node has handled its exit, and must not be handed to a run.
 */
function usable(c: RunChild): boolean {
  return c.child.connected && c.child.exitCode === null && c.child.signalCode === null && isAlive(c.child.pid ?? 0);
}

/**
 * Linux niceness is per thread, so every thread of the child is set (threads it starts later
 * inherit from their creator). Raising a taken child back to 0 needs root (CAP_SYS_NICE);
 * where it is refused, the run keeps the lower priority, and we say so once.
 */
function setNice(pid: number | undefined, nice: number): void {
  if (!pid) return;
  let tids = [pid];
  try {
    tids = readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    // not Linux, or gone: the main thread only
  }
  for (const tid of tids) {
    try {
      setPriority(tid, nice);
    } catch (err) {
      if (!warnedNice && (err as NodeJS.ErrnoException).code !== "ESRCH") {
        warnedNice = true;
        log.warn({ err: (err as Error).message, nice }, "run child priority not changed");
      }
    }
  }
}
let warnedNice = false;
