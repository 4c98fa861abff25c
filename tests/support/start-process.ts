/** Runs the real `npm start` entry point as a user would, and inspects what it leaves behind. */
import { spawn, type ChildProcess } from "node:child_process";
import { descendants as descendantsOf } from "@/lib/procs/descendants";
import { isAlive } from "@/lib/procs";

export interface StartedSite {
  child: ChildProcess;
  output: () => string;
  readyAfterMs: number;
}

export async function startSite(env: Record<string, string | undefined>, timeoutMs = 300_000): Promise<StartedSite> {
  const cleanEnv = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const started = Date.now();
  const child = spawn(process.execPath, ["scripts/start.mjs"], { env: cleanEnv as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start not serving after ${timeoutMs} ms:\n${out}`)), timeoutMs);
    child.stdout!.on("data", () => {
      if (out.includes("› serving on")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}):\n${out}`));
    });
  });
  return { child, output: () => out, readyAfterMs: Date.now() - started };
}

/** Every live (non-zombie) descendant of a pid, read from /proc. */
export const descendants = (rootPid: number): number[] => descendantsOf([rootPid]);

/** Ctrl-C in a terminal: SIGINT to the foreground process group. */
export async function interrupt(site: StartedSite, timeoutMs = 30_000): Promise<number | null> {
  const exit = new Promise<number | null>((resolve) => site.child.once("exit", (code) => resolve(code)));
  process.kill(-site.child.pid!, "SIGINT");
  return Promise.race([exit, new Promise<number | null>((_, reject) => setTimeout(() => reject(new Error(`npm start did not stop within ${timeoutMs} ms`)), timeoutMs))]);
}

/** Processes of `pids` still alive after up to `graceMs` (children exit right after their parent). */
export async function survivors(pids: number[], graceMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + graceMs;
  let left = pids.filter(isAlive);
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    left = left.filter(isAlive);
  }
  return left;
}
