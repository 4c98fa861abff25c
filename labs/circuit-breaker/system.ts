/**
 * The system of every run: the flaky API (its own process, behind the HTTP fault proxy), the
 * history, and the caller with its breaker in front of it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { HistoryRecorder } from "@/lib/history/recorder";
import { startFlakyApi, type FlakyApi } from "@/lib/http-service";
import type { HttpFault } from "@/lib/faults/http-fault-settings";
import type { OnTeardown } from "@/lib/labs/phases";
import type { RunContext } from "@/lib/labs/types";
import type { Breaker } from "./breaker";
import { BreakerCaller, breakerMetrics, type CallRecord } from "./caller";

export interface BreakerSystem {
  api: FlakyApi;
  recorder: HistoryRecorder;
  caller: BreakerCaller;
  /** Ends the workload early (e.g. at the first wrong decision). */
  halt: AbortController;
}

export async function startBreakerSystem(ctx: RunContext, breaker: Breaker, onTeardown: OnTeardown): Promise<BreakerSystem> {
  const api = await startFlakyApi({ tmpDir: ctx.tmpDir, seed: ctx.seed, now: ctx.now, emit: ctx.emit });
  onTeardown(() => api.stop());
  const recorder = new HistoryRecorder(ctx.now, ctx.emit, { metrics: breakerMetrics });
  const halt = new AbortController();
  const caller = new BreakerCaller({ baseUrl: api.url, recorder, now: ctx.now, emit: ctx.emit, breaker, signal: ctx.signal, halt });
  onTeardown(() => caller.settle(true));
  return { api, recorder, caller, halt };
}

/** Resolves once the fault proxy has read the request (and drawn its faults): a fault switched after it does not touch it. */
export async function proxyHasRead(api: FlakyApi, requestId: string, signal: AbortSignal): Promise<void> {
  for (let waited = 0; waited < 2_000; waited += 2) {
    if (signal.aborted || api.faults.decisions().some((d) => d.requestId === requestId)) return;
    await sleep(2);
  }
  throw new Error(`the fault proxy never read request ${requestId}`);
}

/**
 * One call that alone meets `fault` (if the breaker sends it): the fault ends once the proxy
 * has read that request. Returns the call still in flight.
 */
export async function faultOneCall(sys: BreakerSystem, fault: HttpFault, label: string, lane = 0): Promise<{ call: Promise<CallRecord> }> {
  const stop = sys.api.faults.start(fault);
  const sent: { id?: string } = {};
  const call = sys.caller.call(label, { lane, onSent: (id) => (sent.id = id) });
  try {
    if (sent.id) await proxyHasRead(sys.api, sent.id, sys.halt.signal);
  } finally {
    await stop();
  }
  return { call };
}
