import type { LabEvent } from "@/lib/labs/types";
import { getFaultKind, type FaultTargets, type StopFn } from "./fault-kinds";
import type { FaultEntry, FaultSchedule } from "./schedule";
import { sleepUnlessAborted } from "./toxic";

export interface RunScheduleOptions {
  /** Abort to stop early (timeout, teardown): every active fault stops promptly; crashed nodes stay down. */
  signal: AbortSignal;
  /**
   * Abort to heal now (the lab's heal phase): later steps are skipped and every active fault
   * stops normally — crashed nodes are restarted, paused ones resumed, partitions healed.
   */
  healSignal?: AbortSignal;
  emit: (event: LabEvent) => void;
  /** The run's clock (ms since the run started), stamped on events. */
  now: () => number;
  /**
   * When (ms after this call) to heal: stop every fault still active. Default: as soon as
   * the last timed step has run. Pass the workload window so open-ended faults last to its end.
   */
  healAtMs?: number;
  /** Seeds faults with randomness (latency jitter); each entry gets seed + its index. */
  seed?: number;
  /** Longest a single stop may take before we move on (never blocks teardown). Default 10 s. */
  stopTimeoutMs?: number;
}

export interface FaultRunReport {
  started: number;
  stopped: number;
  /** Steps never run because the schedule was healed or aborted first. */
  skipped: number;
  aborted: boolean;
  /** Faults that failed to start or stop, in plain words (also emitted as error logs). */
  errors: string[];
}

interface Active {
  index: number;
  entry: FaultEntry;
  stop: StopFn | null;
}

interface Step {
  at: number;
  action: "start" | "stop";
  index: number;
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still not done after ${ms} ms`)), ms).unref(),
    ),
  ]);

/**
 * Starts and stops the schedule's faults on time against `targets` (see FaultTarget for
 * what each fault needs), emitting a `fault` event for every start and stop. Steps on one
 * target run in time order, one at a time (a slow restart delays that target's next step,
 * never reorders it); different targets proceed independently.
 * Validate the schedule with parseFaultSchedule first; a fault that fails is reported, not
 * thrown, so the run goes on and the lab decides.
 */
export async function runFaultSchedule(
  schedule: FaultSchedule,
  targets: FaultTargets,
  options: RunScheduleOptions,
): Promise<FaultRunReport> {
  const { signal, emit, now, seed = 1, stopTimeoutMs = 10_000 } = options;
  const origin = performance.now();
  const report: FaultRunReport = { started: 0, stopped: 0, skipped: 0, aborted: false, errors: [] };
  const waitSignal = options.healSignal ? AbortSignal.any([signal, options.healSignal]) : signal;
  const active = new Map<number, Active>();

  const steps: Step[] = [];
  schedule.forEach((entry, index) => {
    steps.push({ at: entry.at, action: "start", index });
    if (entry.duration !== undefined && !getFaultKind(entry.fault).instant)
      steps.push({ at: entry.at + entry.duration, action: "stop", index });
  });
  // Time order; at equal times stops first (heal before the next fault), then schedule order.
  steps.sort(
    (a, b) =>
      a.at - b.at || (a.action === b.action ? a.index - b.index : a.action === "stop" ? -1 : 1),
  );

  const event = (entry: FaultEntry, action: "start" | "stop", detail: Record<string, unknown>) =>
    emit({
      kind: "fault",
      t: now(),
      fault: entry.fault,
      action,
      target: entry.target,
      detail: { ...entry.params, ...detail },
    });
  const fail = (entry: FaultEntry, index: number, what: string, err: unknown) => {
    const message = `Fault #${index + 1} (${entry.fault} on ${entry.target}) failed to ${what}: ${(err as Error).message}`;
    report.errors.push(message);
    emit({ kind: "log", t: now(), level: "error", message });
  };

  const stopOne = async (a: Active, detail: Record<string, unknown>) => {
    active.delete(a.index);
    try {
      if (a.stop)
        await withTimeout(Promise.resolve(a.stop({ aborted: signal.aborted })), stopTimeoutMs);
    } catch (err) {
      fail(a.entry, a.index, "stop", err);
    }
    report.stopped++;
    event(a.entry, "stop", {
      index: a.index,
      ...detail,
      ...(signal.aborted ? { aborted: true } : {}),
    });
  };
  const stopAll = async (filter: (a: Active) => boolean, detail: Record<string, unknown>) => {
    // Newest first, so layered faults unwind in reverse.
    for (const a of [...active.values()].reverse()) if (filter(a)) await stopOne(a, detail);
  };

  const startOne = async (index: number) => {
    const entry = schedule[index] as FaultEntry;
    const kind = getFaultKind(entry.fault);
    if (entry.fault === "heal") {
      event(entry, "start", { index });
      await stopAll((a) => entry.target === "*" || a.entry.target === entry.target, {
        healedBy: index,
      });
      event(entry, "stop", { index });
      return;
    }
    const target = targets[entry.target];
    try {
      if (!target) throw new Error(`no target named "${entry.target}"`);
      const missing = kind.needs.filter((need) => target[need] === undefined);
      if (missing.length > 0)
        throw new Error(`target "${entry.target}" has no ${missing.join(" or ")}`);
      const stop = await kind.start(target, (entry.params ?? {}) as Record<string, unknown>, {
        name: `fault-${index}-${entry.fault}`,
        seed: seed + index,
        signal,
      });
      report.started++;
      event(entry, "start", {
        index,
        ...(entry.duration !== undefined ? { duration: entry.duration } : {}),
      });
      if (kind.instant) {
        // An instant fault is over as soon as it happened; it may end others (restart ends crash).
        event(entry, "stop", { index });
        report.stopped++;
        for (const a of [...active.values()]) {
          if (a.entry.target === entry.target && kind.ends?.includes(a.entry.fault)) {
            active.delete(a.index);
            report.stopped++;
            event(a.entry, "stop", { index: a.index, endedBy: index });
          }
        }
      } else active.set(index, { index, entry, stop: stop ?? null });
    } catch (err) {
      fail(entry, index, "start", err);
    }
  };

  // Steps of one target run in order; different targets do not wait for each other, so a
  // slow restart of n2 does not delay n1's partition.
  const chains = new Map<string, Promise<void>>();
  const settleAll = () => withTimeout(Promise.all(chains.values()), stopTimeoutMs).catch(() => undefined);
  const enqueue = (target: string, run: () => Promise<void>) => {
    const next = (chains.get(target) ?? Promise.resolve()).then(run, run);
    chains.set(target, next);
  };

  for (const [i, step] of steps.entries()) {
    await sleepUnlessAborted(step.at - (performance.now() - origin), waitSignal);
    if (waitSignal.aborted) {
      report.skipped = steps.slice(i).filter((s) => s.action === "start").length;
      break;
    }
    const entry = schedule[step.index] as FaultEntry;
    if (entry.fault === "heal" && entry.target === "*") {
      await settleAll();
      await startOne(step.index);
    } else if (step.action === "start") enqueue(entry.target, () => startOne(step.index));
    else
      enqueue(entry.target, async () => {
        const a = active.get(step.index);
        if (a) await stopOne(a, {});
      });
  }
  await settleAll();
  if (!waitSignal.aborted && options.healAtMs !== undefined) {
    await sleepUnlessAborted(options.healAtMs - (performance.now() - origin), waitSignal);
  }
  report.aborted = signal.aborted;
  await stopAll(() => true, { healed: true });
  return report;
}
