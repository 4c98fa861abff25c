/**
 * Placeholder wiring for lab runs; the run pipeline replaces this file (lib/runs).
 */
import type { JobContext } from "./process-job";

export async function prepareWorker(_info: { workerId: string }): Promise<void> {}

export async function handleRun(runId: string, _ctx: JobContext): Promise<string> {
  throw new Error(`Lab runs are not wired yet (run ${runId})`);
}
