/**
 * One run: the planned payments (./payments.ts) sent by their lanes at their times, through
 * a network that drops 30% of responses after the server answered, against the service whose
 * charge handler is `code`; then the ledger, the server's log and the clients' attempts are
 * put side by side per payment (./outcomes.ts) for a grade.
 */
import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { HistoryRecorder } from "@/lib/history/recorder";
import { readFiredCrashes, readLedgerCharges } from "@/lib/http-service";
import { runPhases } from "@/lib/labs/phases";
import type { Grade, RunContext } from "@/lib/labs/types";
import type { Sandbox } from "@/lib/sandbox";
import { collectOutcomes, type RunOutcome } from "./outcomes";
import { planPayments, type PlannedPayment } from "./payments";
import { DROP_PROBABILITY, SETTLE_MS } from "./settings";
import { keyFor } from "./student-code";
import { PaymentClients } from "./submit";
import { startPaymentSystem, type PaymentSystem } from "./system";

type Sys = PaymentSystem & { clients: PaymentClients; recorder: HistoryRecorder };

async function sendLane(sys: Sys, lane: PlannedPayment[], workloadStart: number, now: () => number, signal: AbortSignal): Promise<void> {
  for (const p of lane) {
    const wait = workloadStart + p.startAtMs - now();
    if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) return;
    // A crash or a double click must meet a running service, not one still restarting after the last crash.
    if (p.role.kind === "crash" || p.role.kind === "double-submit") await sys.settled(SETTLE_MS, signal);
    if (p.role.kind === "double-submit") await Promise.all([sys.clients.submit(p, 0), sys.clients.submit(p, 1)]);
    else {
      if (p.role.kind === "reused-key") await sleep(100, undefined, { signal }).catch(() => undefined);
      await sys.clients.submit(p);
    }
  }
}

/** Runs the scenario with `code` as the server's handler and `box` (the same code) for the client's keys. */
export function runPaymentsScenario(ctx: RunContext, code: string, box: Sandbox, grade: (run: RunOutcome) => Grade): Promise<Grade> {
  const plan = planPayments(ctx.seed);
  const byOrder = new Map(plan.map((p) => [p.payment.orderId, p]));
  // A handler that cannot be graded (over a sandbox limit: it loops, or eats memory) fails every
  // request alike, each holding the service for the time limit: sending stops at the first
  // such failure, which the grade quotes anyway (the log's first handler failure). Stopping at
  // a "fail" would not do: it is graded on what the workload did.
  const stopSending = new AbortController();
  const sending = AbortSignal.any([ctx.signal, stopSending.signal]);
  // Every attempt and pause of ~50 concurrent submissions listens on the sending signal.
  setMaxListeners(500, ctx.signal, stopSending.signal, sending);
  return runPhases<Sys, RunOutcome>(ctx, {
    async startSystem(onTeardown) {
      const system = await startPaymentSystem(ctx, code, plan, onTeardown);
      let firstFailure = true;
      system.api.service.onHandlerFailure((verdict) => {
        if (firstFailure && verdict === "error") {
          ctx.emit({ kind: "log", t: ctx.now(), level: "warn", message: "The charge handler could not finish a request (a sandbox limit): the clients stop sending." });
          stopSending.abort();
        }
        firstFailure = false;
      });
      const recorder = new HistoryRecorder(ctx.now, ctx.emit, { metrics: () => null });
      const clients = new PaymentClients({
        baseUrl: system.api.url,
        recorder,
        now: ctx.now,
        emit: ctx.emit,
        signal: sending,
        // The buggy client of a reused-key payment sends the key its source order got.
        downtimeSince: system.downtimeSince,
        keyFor: (p, attempt) => keyFor(box, p.role.kind === "reused-key" ? byOrder.get(p.role.keyOf)!.payment : p.payment, attempt),
      });
      return { ...system, clients, recorder };
    },
    async workload(sys) {
      const stopDrops = sys.api.faults.start({ kind: "drop-response", probability: DROP_PROBABILITY });
      const lanes = new Map<string, PlannedPayment[]>();
      for (const p of plan) lanes.set(p.lane, [...(lanes.get(p.lane) ?? []), p]);
      const start = ctx.now();
      try {
        await Promise.all([...lanes.values()].map((lane) => sendLane(sys, lane, start, ctx.now, sending)));
      } finally {
        await stopDrops();
      }
    },
    async check(sys) {
      const [charges, log, crashes] = await Promise.all([readLedgerCharges(sys.databaseUrl, sys.schema), sys.api.service.log(), readFiredCrashes(sys.api.service.logFile)]);
      return collectOutcomes({ plan, charges, log, crashes, attempts: sys.clients.attempts, submissions: sys.clients.submissions, history: sys.recorder.history, restartError: sys.restarts.error });
    },
    grade: (run) => grade(run),
  });
}
