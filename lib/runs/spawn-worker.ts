/** Starts a lab worker process (its own process group) and waits for its ready line. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER_SCRIPT = fileURLToPath(new URL("../../workers/lab-worker.ts", import.meta.url));

export interface SpawnedWorker {
  child: ChildProcess;
  /** SIGTERM (graceful), SIGKILL after `graceMs`; resolves when it exited. */
  stop(graceMs?: number): Promise<void>;
}

export async function spawnWorker(env: NodeJS.ProcessEnv = process.env, readyTimeoutMs = 60_000): Promise<SpawnedWorker> {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER_SCRIPT], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The worker did not start within ${readyTimeoutMs / 1000} s:\n${output.slice(-2000)}`)), readyTimeoutMs);
    const onData = (d: Buffer) => {
      output = (output + d.toString()).slice(-8000);
      if (output.includes("worker ready")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`The worker exited before it was ready:\n${output.slice(-2000)}`));
    });
  });
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      /* already gone */
    }
  };
  return {
    child,
    async stop(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal("SIGTERM");
      const timer = setTimeout(() => signal("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
