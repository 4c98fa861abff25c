import { HistoryFormatError } from "./errors";
import type { History, HistoryOp } from "./types";

export type Outcome = "ok" | "fail" | "info";

/** One client operation: an invoke paired with its completion. */
export interface Operation {
  /** Position of the invoke in the history array (for pointing at it in a UI). */
  index: number;
  /** Position of the completion, or null when the history ends with it in flight. */
  completionIndex: number | null;
  process: number;
  f: string;
  key?: string;
  /** The invoke's value (write: the value; cas: [from, to]). */
  input: unknown;
  /** The completion's value (read/get ok: what was observed). */
  output: unknown;
  /** `info` also stands for an invoke that never completed. */
  outcome: Outcome;
  /** Rank of the invoke in real-time order. */
  call: number;
  /** Rank of the completion in real-time order; Infinity when the outcome is unknown. */
  ret: number;
  /** Rank of the completion event whatever its type (info included); Infinity if none. */
  end: number;
  /** Milliseconds, when the history carries times. */
  callTime?: number;
  retTime?: number;
  node?: string;
  error?: string;
}

/**
 * Pairs every invoke with its process's next completion. Events are ordered by `time` when
 * every event has one (ties keep history order), otherwise by their order in the history.
 */
export function pairOperations(history: History): Operation[] {
  const order = realTimeOrder(history);
  const inFlight = new Map<number, Operation>();
  const operations: Operation[] = [];
  order.forEach((index, rank) => {
    const event = history[index] as HistoryOp;
    if (event.type === "invoke") {
      const open = inFlight.get(event.process);
      if (open) {
        throw new HistoryFormatError(
          `operation ${index}: process ${event.process} invoked ${event.f} while its ${open.f} (operation ${open.index}) ` +
            "was still in flight; a process has one operation in flight at a time (give a client whose call " +
            "timed out a new process id, as Jepsen does)",
        );
      }
      const op: Operation = {
        index,
        completionIndex: null,
        process: event.process,
        f: event.f,
        ...(event.key === undefined ? {} : { key: event.key }),
        input: event.value,
        output: undefined,
        outcome: "info",
        call: rank,
        ret: Infinity,
        end: Infinity,
        ...(event.time === undefined ? {} : { callTime: event.time }),
        ...(event.node === undefined ? {} : { node: event.node }),
      };
      inFlight.set(event.process, op);
      operations.push(op);
      return;
    }
    const op = inFlight.get(event.process);
    if (!op) {
      throw new HistoryFormatError(
        `operation ${index}: process ${event.process} completed ${event.f} (${event.type}) without an invoke in flight`,
      );
    }
    if (op.f !== event.f) {
      throw new HistoryFormatError(
        `operation ${index}: process ${event.process} completed ${event.f} but had invoked ${op.f} (operation ${op.index})`,
      );
    }
    inFlight.delete(event.process);
    op.completionIndex = index;
    op.outcome = event.type;
    op.output = event.value;
    if (event.node !== undefined) op.node = event.node;
    if (event.error !== undefined) op.error = event.error;
    if (event.time !== undefined) op.retTime = event.time;
    op.end = rank;
    // An info completion may still take effect at any later time, so its return is infinity.
    if (event.type !== "info") op.ret = rank;
  });
  return operations;
}

function realTimeOrder(history: History): number[] {
  const indices = history.map((_, i) => i);
  if (history.length === 0 || !history.every((op) => typeof op.time === "number")) return indices;
  return indices.sort(
    (a, b) => (history[a]!.time as number) - (history[b]!.time as number) || a - b,
  );
}
