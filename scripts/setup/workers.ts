/** Starts lab worker processes and restarts one that crashes (with a back-off). */
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { spawnGroup } from "./children";

export function startWorkers(root: string, count: number, env: NodeJS.ProcessEnv, isStopping: () => boolean): ChildProcess[] {
  const workers: ChildProcess[] = [];
  const launch = (index: number, restarts: number) => {
    const child = spawnGroup(process.execPath, ["--import", "tsx", path.join(root, "workers", "lab-worker.ts")], {
      cwd: root,
      env: { ...env, FAULTLINE_SERVICE: `worker-${index}` },
      stdio: ["ignore", "inherit", "inherit"],
    });
    workers[index] = child;
    child.on("exit", (code, signal) => {
      if (isStopping()) return;
      const delay = Math.min(30_000, 1_000 * 2 ** restarts);
      console.log(`› worker ${index} exited (${signal ?? code}); restarting in ${delay / 1000} s`);
      setTimeout(() => !isStopping() && launch(index, restarts + 1), delay).unref();
    });
  };
  for (let i = 0; i < count; i++) launch(i, 0);
  return workers;
}
