import { HistoryFormatError } from "@/lib/history/errors";
import type { Operation } from "@/lib/history/operations";
import type { Model } from "./model";
import { stringHash } from "./string-hash";

/** Canonical JSON of a value so that equal values compare equal with ===; null = absent. */
type Value = string | null;

/** A value with its hash, built once per input so the search never rehashes a state. */
export interface RegisterState {
  value: Value;
  hash: number;
}

export type RegisterInput =
  | { f: "read"; value: Value }
  | { f: "write"; value: Value; state: RegisterState }
  | {
      f: "cas";
      from: Value;
      to: Value;
      state: RegisterState;
      result: "ok" | "compare-failed" | "unknown";
    };

const canon = (v: unknown): Value => (v === null || v === undefined ? null : JSON.stringify(v));
const stateOf = (value: Value): RegisterState => ({
  value,
  hash: value === null ? 0x5bd1e995 : stringHash(value),
});
const INITIAL = stateOf(null);

/**
 * A single register with read, write and compare-and-set — Porcupine's etcd model. A failed
 * cas is kept: it observed that the register did not hold `from`. A cas with an unknown
 * outcome applies if it matches; the search may also place it after everything (no effect).
 */
export const registerModel: Model<RegisterState, RegisterInput> = {
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
      case "write": {
        if (op.outcome === "fail") return null;
        const value = canon(op.input);
        return { f: "write", value, state: stateOf(value) };
      }
      case "cas": {
        if (!Array.isArray(op.input) || op.input.length !== 2) {
          throw new HistoryFormatError(
            `operation ${op.index}: a cas value must be [from, to], got ${JSON.stringify(op.input)}`,
          );
        }
        const result =
          op.outcome === "ok" ? "ok" : op.outcome === "fail" ? "compare-failed" : "unknown";
        const to = canon(op.input[1]);
        return { f: "cas", from: canon(op.input[0]), to, state: stateOf(to), result };
      }
      default:
        throw new HistoryFormatError(
          `operation ${op.index}: the register model knows read, write and cas, not "${op.f}" (use the kv model for get/put/append)`,
        );
    }
  },
  init: () => INITIAL,
  step(state, input) {
    switch (input.f) {
      case "read":
        return state.value === input.value ? state : undefined;
      case "write":
        return input.state;
      case "cas":
        if (input.result === "ok") return state.value === input.from ? input.state : undefined;
        if (input.result === "compare-failed")
          return state.value !== input.from ? state : undefined;
        return state.value === input.from ? input.state : state;
    }
  },
  readOnly: (input) => input.f === "read" || (input.f === "cas" && input.result === "compare-failed"),
  equal: (a, b) => a === b || a.value === b.value,
  hash: (state) => state.hash,
  // Every state is the initial one or a value some write or cas wrote.
  fewStates: () => true,
  describe: (state) => (state.value === null ? null : JSON.parse(state.value)),
  access: (input) =>
    input.f === "cas" ? null : { write: input.f === "write", value: input.value },
};
