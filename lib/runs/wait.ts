import type { Db } from "@/lib/db/client";
import { getRunForViewer, isFinal, type RunView } from "./view";

/** Polls the run until it is final; rejects after `timeoutMs`. */
export async function waitForFinal(db: Db, runId: string, timeoutMs: number, pollMs = 200): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRunForViewer(runId, "system", db);
    if (run && isFinal(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`Run ${runId} did not finish within ${Math.round(timeoutMs / 1000)} s (status: ${run?.status ?? "missing"}).`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
