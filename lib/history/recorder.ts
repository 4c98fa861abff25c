/**
 * Records a run's Jepsen-style history as it happens and streams it: every invoke and
 * completion becomes an `op` event at once. An op's index in `history` is its place among
 * the run's op events — the number a grade's witness and the timeline share — so a lab
 * that records every op here never counts them itself.
 */
import type { LabEvent } from "@/lib/labs/types";
import type { History, HistoryOp } from "./types";

/** How a call ended: ok (with what it returned), a definite failure, or unknown (it may have happened). */
export type CallOutcome =
  | { ok: true; value?: unknown; node?: string }
  | { ok: false; definite: boolean; error: string };

export interface RecorderOptions {
  /** Counters to emit as a `metric` event with each completion (the UI sums them per 100 ms). Default { <type>: 1 }. */
  metrics?: (op: HistoryOp) => Record<string, number> | null;
}

export class HistoryRecorder {
  readonly history: History = [];

  constructor(
    private readonly now: () => number,
    private readonly emit: (event: LabEvent) => void,
    private readonly options: RecorderOptions = {},
  ) {}

  /** Records `op` at `time` (default: now); returns its index in the history. */
  record(op: Omit<HistoryOp, "time">, time = this.now()): number {
    const entry: HistoryOp = { ...op, time };
    const index = this.history.push(entry) - 1;
    this.emit({ kind: "op", t: time, op: entry });
    if (entry.type !== "invoke") {
      const counters = this.options.metrics ? this.options.metrics(entry) : { [entry.type]: 1 };
      if (counters) this.emit({ kind: "metric", t: time, counters });
    }
    return index;
  }

  /**
   * One client call: records the invoke, runs it, records ok / fail / info. A definite
   * failure (the call surely did nothing) is `fail`; an unknown outcome is `info`, which
   * checkers treat as "may have happened".
   */
  async call(op: Omit<HistoryOp, "time" | "type">, run: () => Promise<CallOutcome>): Promise<CallOutcome> {
    this.record({ ...op, type: "invoke" });
    const outcome = await run().catch((err: Error): CallOutcome => ({ ok: false, definite: false, error: err.message }));
    if (outcome.ok) {
      this.record({ ...op, type: "ok", ...("value" in outcome ? { value: outcome.value } : {}), ...(outcome.node ? { node: outcome.node } : {}) });
    } else {
      this.record({ ...op, type: outcome.definite ? "fail" : "info", error: outcome.error });
    }
    return outcome;
  }
}
