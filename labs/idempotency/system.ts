/**
 * The system of every run: a schema of the run's own in the labs database, the payments
 * service in ledger mode (its charge handler: the given code, see ./server-handler.ts) behind
 * the HTTP fault proxy, crashing itself at the planned points and restarted at once.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { restart } from "@/lib/faults/restart";
import { startFlakyApi, type FlakyApi } from "@/lib/http-service";
import { createLabSchema } from "@/lib/labs/lab-schema";
import type { OnTeardown } from "@/lib/labs/phases";
import type { RunContext } from "@/lib/labs/types";
import type { PlannedPayment } from "./payments";
import { OPENING_BALANCE_CENTS, STEP_DELAY_MS } from "./settings";

const SERVER_HANDLER = fileURLToPath(new URL("./server-handler.ts", import.meta.url));

export interface PaymentSystem {
  api: FlakyApi;
  databaseUrl: string;
  schema: string;
  /** Restarts after crashes (a failed restart ends the supervision with its error). */
  restarts: { count: number; error: Error | null };
  /** Resolves once the service has been up for `ms` (a crash's restart is over). */
  settled(ms: number, signal: AbortSignal): Promise<void>;
  /** How long the service was down (crashed, not yet restarted) since run time `t`. */
  downtimeSince(t: number): number;
}

/** Whoever crashes, the service comes back: the crash points are the faults, not a lasting outage. */
interface Uptime {
  since: number | null;
  downs: { from: number; to: number | null }[];
}

function superviseRestarts(api: FlakyApi, signal: AbortSignal, stopping: () => boolean, restarts: PaymentSystem["restarts"], up: Uptime, now: () => number): void {
  const slot = api.service.slot;
  void (async () => {
    while (!stopping() && !signal.aborted) {
      const handle = slot.handle;
      await handle.exited;
      up.since = null;
      const down = { from: now(), to: null as number | null };
      up.downs.push(down);
      if (stopping() || signal.aborted) return;
      slot.handle = await restart(handle, { ...slot.restart, signal });
      restarts.count++;
      up.since = down.to = now();
      slot.onRestart?.(slot.handle);
    }
  })().catch((err: Error) => {
    if (!stopping()) restarts.error = err;
  });
}

export async function startPaymentSystem(ctx: RunContext, code: string, plan: PlannedPayment[], onTeardown: OnTeardown): Promise<PaymentSystem> {
  const labSchema = await createLabSchema(ctx.labDatabaseUrl);
  onTeardown(() => labSchema.drop());
  const crashAfter = plan.flatMap((p) => (p.role.kind === "crash" ? [{ requestPrefix: `p${p.index}-`, op: p.role.after }] : []));
  const api = await startFlakyApi({
    tmpDir: ctx.tmpDir,
    seed: ctx.seed,
    now: ctx.now,
    emit: ctx.emit,
    openingBalanceCents: OPENING_BALANCE_CENTS,
    ledger: { databaseUrl: labSchema.databaseUrl, schema: labSchema.schema, handlerModule: SERVER_HANDLER, handlerOptions: { code }, stepDelayMs: STEP_DELAY_MS, crashAfter, poolSize: 24 },
  });
  let stopping = false;
  onTeardown(() => {
    stopping = true;
    return api.stop();
  });
  const restarts = { count: 0, error: null };
  const up: Uptime = { since: ctx.now(), downs: [] };
  superviseRestarts(api, ctx.signal, () => stopping, restarts, up, ctx.now);
  const settled = async (ms: number, signal: AbortSignal) => {
    while (!signal.aborted && (up.since === null || ctx.now() - up.since < ms)) await sleep(20);
  };
  const downtimeSince = (t: number) => up.downs.reduce((sum, d) => sum + Math.max(0, (d.to ?? ctx.now()) - Math.max(d.from, t)), 0);
  return { api, databaseUrl: labSchema.databaseUrl, schema: labSchema.schema, restarts, settled, downtimeSince };
}
