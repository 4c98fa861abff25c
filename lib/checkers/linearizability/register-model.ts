import { HistoryFormatError } from "@/lib/history/errors";
import type { Operation } from "@/lib/history/operations";
import type { Model } from "./model";
import { stringHash } from "./string-hash";

/** Canonical JSON of a value so that equal values compare equal with ===; null = absent. */
type Value = string | null;

export type RegisterInput =
  | { f: "read"; value: Value }
  | { f: "write"; value: Value }
  | { f: "cas"; from: Value; to: Value; result: "ok" | "compare-failed" | "unknown" };

const canon = (v: unknown): Value => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * A single register with read, write and compare-and-set — Porcupine's etcd model. A failed
 * cas is kept: it observed that the register did not hold `from`. A cas with an unknown
 * outcome applies if it matches; the search may also place it after everything (no effect).
 */
export const registerModel: Model<Value, RegisterInput> = {
  name: "register",
  prepare(op: Operation): RegisterInput | null {
    switch (op.f) {
      case "read":
        if (op.outcome !== "ok") return null; // an unanswered read constrains nothing
        if (op.output === undefined) {
          throw new HistoryFormatError(
            `operation ${op.index}: a read that completed ok needs the value it observed (null when absent)`,
          );
        }
        return { f: "read", value: canon(op.output) };
      case "write":
        return op.outcome === "fail" ? null : { f: "write", value: canon(op.input) };
      case "cas": {
        if (!Array.isArray(op.input) || op.input.length !== 2) {
          throw new HistoryFormatError(
            `operation ${op.index}: a cas value must be [from, to], got ${JSON.stringify(op.input)}`,
          );
        }
        const result =
          op.outcome === "ok" ? "ok" : op.outcome === "fail" ? "compare-failed" : "unknown";
        return { f: "cas", from: canon(op.input[0]), to: canon(op.input[1]), result };
      }
      default:
        throw new HistoryFormatError(
          `operation ${op.index}: the register model knows read, write and cas, not "${op.f}" (use the kv model for get/put/append)`,
        );
    }
  },
  init: () => null,
  step(state, input) {
    switch (input.f) {
      case "read":
        return state === input.value ? state : undefined;
      case "write":
        return input.value;
      case "cas":
        if (input.result === "ok") return state === input.from ? input.to : undefined;
        if (input.result === "compare-failed") return state !== input.from ? state : undefined;
        return state === input.from ? input.to : state;
    }
  },
  equal: (a, b) => a === b,
  hash: (state) => (state === null ? 0x5bd1e995 : stringHash(state)),
  describe: (state) => (state === null ? null : JSON.parse(state)),
};
