/**
 * Records the Jepsen-style history of a run and streams it: every invoke and completion
 * becomes an `op` event at once, and each completion a `metric` event ({ ok: 1 } etc.)
 * that the lab kit sums into 100 ms buckets.
 */
import type { History, HistoryOp } from "@/lib/history/types";
import type { LabEvent } from "@/lib/labs/types";

export class Recorder {
  readonly history: History = [];

  constructor(
    private readonly now: () => number,
    private readonly emit: (event: LabEvent) => void,
  ) {}

  record(op: Omit<HistoryOp, "time">): HistoryOp {
    const entry: HistoryOp = { ...op, time: this.now() };
    this.history.push(entry);
    this.emit({ kind: "op", t: entry.time as number, op: entry });
    if (entry.type !== "invoke") this.emit({ kind: "metric", t: entry.time as number, counters: { [entry.type]: 1 } });
    return entry;
  }
}
