/**
 * Run children, forked ahead of time. A child is used for exactly one run (a crash or leak in
 * a lab never reaches the next run), but starting Node with tsx and loading the lab code
 * takes seconds on a busy machine: keeping one spare child warm moves that out of the
 * student's wait. The spare is forked after a run ends, so it never competes with a run.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childEnv, type ProcHandle, type ProcRegistry } from "@/lib/procs";
import { forwardChildOutput, type ChildOutput } from "./child-output";

const CHILD_SCRIPT = fileURLToPath(new URL("../../workers/run-child.ts", import.meta.url));

export interface RunChild extends ChildOutput {
  child: ChildProcess;
  /** The last few KB the child wrote to stderr (for an error grade's details). */
  stderrTail(): string;
}

/** The registry wants a ProcHandle; a forked child has the same identity (pid = pgid). */
function asRegistryEntry(child: ChildProcess): ProcHandle {
  const pid = child.pid as number;
  return { name: "run-child", pid, pgid: pid, spec: { cmd: process.execPath, args: [CHILD_SCRIPT], options: {} } } as unknown as ProcHandle;
}

export function forkRunChild(registry?: ProcRegistry): RunChild {
  const child = fork(CHILD_SCRIPT, [], {
    execArgv: ["--import", "tsx"],
    // The run gets Redis and its prefix in its spec; never the database or the auth secret.
    env: childEnv(process.env),
    detached: true, // its own process group: one kill reaches everything it starts in-group
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  if (child.pid) registry?.add(asRegistryEntry(child));
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  // Its log lines join the worker's output (never the student's view).
  const output = forwardChildOutput(child.pid, child.stdout, child.stderr);
  child.on("error", () => undefined);
  return { child, stderrTail: () => stderr, tag: output.tag };
}

export class ChildPool {
  private spare: RunChild | null = null;

  constructor(private readonly registry?: ProcRegistry) {}

  /** Forks a spare if there is none (call when idle). */
  warm(): void {
    if (this.spare && this.usable(this.spare)) return;
    this.spare = forkRunChild(this.registry);
  }

  /** The warm spare if it is healthy, else a freshly forked child. */
  take(): RunChild {
    const spare = this.spare;
    this.spare = null;
    if (spare && this.usable(spare)) return spare;
    return forkRunChild(this.registry);
  }

  /** Shutdown: the idle spare is in its own process group, so the worker's stop can't reach it. */
  dispose(): void {
    const spare = this.spare;
    this.spare = null;
    if (!spare?.child.pid) return;
    try {
      process.kill(-spare.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }

  private usable(c: RunChild): boolean {
    return c.child.connected && c.child.exitCode === null && c.child.signalCode === null;
  }
}
