/**
 * Every retry-jitter run: CLIENTS clients each make one call at the same moment, into an
 * outage (the service answers 503 for OUTAGE_MS), and retry as their plan (./plan.ts, from
 * `delay`) says until they get through. The lab switches the outage on just before the first
 * call and off OUTAGE_MS later. Each attempt is sent when the plan makes it due; an attempt
 * due after the outage that still met it (the machine ran late) is sent again once the
 * service is back. The run ends when every call got through, or shortly after the
 * completion deadline.
 */
import { setMaxListeners } from "node:events";
import { HistoryRecorder } from "@/lib/history/recorder";
import { startFlakyApi, type FlakyApi, type ServerLogEntry } from "@/lib/http-service";
import { sleepUnlessAborted } from "@/lib/faults/toxic";
import { runHttpClients, type CallWrapper, type HttpClientsRun } from "@/lib/labs/http-clients";
import { runPhases } from "@/lib/labs/phases";
import type { Grade, RunContext } from "@/lib/labs/types";
import { planRetries, type RetryPlan } from "./plan";
import { ATTEMPT_TIMEOUT_MS, CALL, CLIENTS, COMPLETE_WITHIN_MS, OUTAGE_MS, type DelayFn } from "./settings";

export interface RetryRun extends RetryPlan {
  clients: HttpClientsRun;
  /** When the plans started (dueAt is relative to it) and when the lab ended the outage. */
  startedAt: number;
  recoveredAt: number;
  serverLog: ServerLogEntry[];
  /** Which delay function client i used (one, or several groups in the predict task). */
  groupOf: (client: number) => string;
  history: HistoryRecorder["history"];
}

interface RetrySystem {
  api: FlakyApi;
  recorder: HistoryRecorder;
  plan?: RetryPlan;
  run?: HttpClientsRun;
  startedAt: number;
  recoveredAt: number;
}

export interface Group {
  name: string;
  delay: DelayFn;
}

/** Each attempt is one arrival at the service (or at the proxy answering for it) in the live view. */
const arrivals = (op: { type: string }) => ({ arrivals: 1, ok: op.type === "ok" ? 1 : 0, failed: op.type === "ok" ? 0 : 1 });
const NOT_PLANNED = { ok: false, definite: true, error: "not sent: the clients' plans stopped before this one (see the grade)" } as const;

export function runRetryScenario(ctx: RunContext, groups: Group[], maxDelayMs: number, grade: (run: RetryRun) => Grade): Promise<Grade> {
  const groupOf = (client: number) => groups[Math.floor((client * groups.length) / CLIENTS)]!;
  return runPhases<RetrySystem, RetryRun>(ctx, {
    async startSystem(onTeardown) {
      const api = await startFlakyApi({ tmpDir: ctx.tmpDir, seed: ctx.seed, now: ctx.now, emit: ctx.emit });
      onTeardown(() => api.stop());
      return { api, recorder: new HistoryRecorder(ctx.now, ctx.emit, { metrics: arrivals }), startedAt: 0, recoveredAt: 0 };
    },
    async workload(sys) {
      const plan = planRetries((client) => groupOf(client).delay, ctx.seed, maxDelayMs);
      sys.plan = plan;
      const halt = new AbortController();
      const signal = AbortSignal.any([halt.signal, ctx.signal]);
      // Every waiting client listens to it: hundreds of listeners are expected, not a leak.
      setMaxListeners(0, signal);
      // Open the clients' connections first, so the first attempts are not queued behind TCP handshakes.
      await Promise.all(Array.from({ length: CLIENTS }, () => fetch(new URL("/_health", sys.api.url), { signal }).then((r) => r.arrayBuffer()).catch(() => undefined)));

      const outage = sys.api.faults.start({ kind: "http-outage", mode: "503" });
      const startedAt = (sys.startedAt = ctx.now());
      const recovered = sleepUnlessAborted(OUTAGE_MS, signal).then(async () => {
        await outage();
        if (!signal.aborted) sys.recoveredAt = ctx.now();
      });
      // Past the completion deadline (and some slack for a loaded machine) the run is over.
      void recovered.then(() => sleepUnlessAborted(COMPLETE_WITHIN_MS + 500, signal)).then(() => halt.abort());

      let done = 0;
      const follow: CallWrapper = async (send, call) => {
        const due = plan.dueAt[call.client] ?? [];
        if (due.length === 0) return NOT_PLANNED;
        let result = NOT_PLANNED as Awaited<ReturnType<typeof send>>;
        for (const at of due) {
          await sleepUnlessAborted(startedAt + at - ctx.now(), signal);
          if (signal.aborted) return result;
          result = await send();
          if (result.ok) return result;
        }
        const complete = !plan.overBudget && !plan.badDelay && !plan.delayError;
        if (!complete || signal.aborted) return result;
        await recovered;
        return signal.aborted ? result : send();
      };

      sys.run = await runHttpClients({
        baseUrl: sys.api.url,
        recorder: sys.recorder,
        now: ctx.now,
        clients: CLIENTS,
        seed: ctx.seed,
        maxThinkMs: 0,
        timeoutMs: ATTEMPT_TIMEOUT_MS,
        // Already resolved: each client makes exactly its first call (the loop checks `until` between calls).
        until: Promise.resolve(),
        signal,
        next: () => ({ f: "read", key: "widget", call: CALL }),
        wrap: async (send, call) => {
          try {
            return await follow(send, call);
          } finally {
            if (++done === CLIENTS) halt.abort();
          }
        },
      });
      halt.abort();
      await outage();
      await recovered;
    },
    async check(sys) {
      const run = sys.run ?? { attempts: [], calls: [] };
      if (run.calls.length !== CLIENTS) throw new Error(`expected one call per client, got ${run.calls.length} calls from ${CLIENTS} clients`);
      const serverLog = (await sys.api.service.log()).filter((e) => e.path === CALL.path);
      const plan = sys.plan ?? { dueAt: [], overBudget: false, badDelay: null, delayError: null };
      return { ...plan, clients: run, startedAt: sys.startedAt, recoveredAt: sys.recoveredAt, serverLog, groupOf: (c) => groupOf(c).name, history: sys.recorder.history };
    },
    grade: (run) => grade(run),
  });
}
