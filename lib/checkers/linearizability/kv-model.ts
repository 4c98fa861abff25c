import { HistoryFormatError } from "@/lib/history/errors";
import type { Operation } from "@/lib/history/operations";
import type { Model } from "./model";
import { concatHash, stringHash, stringHashPower } from "./string-hash";

export interface KvInput {
  f: "get" | "put" | "append";
  value: string;
  hash: number;
  power: number;
}

/** A key's value with its hash kept up to date, so long appended values hash in O(1). */
export interface KvState {
  value: string;
  hash: number;
}

// Jepsen's kv workload stores strings; an absent key reads as "" (its initial value).
const text = (v: unknown): string =>
  typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v);

const input = (f: KvInput["f"], raw: unknown): KvInput => {
  const value = text(raw);
  return { f, value, hash: stringHash(value), power: stringHashPower(value) };
};

/**
 * The state of ONE key of a key-value map with get, put and append (Porcupine's kv model).
 * The checker splits a history by key and runs this per key (P-compositionality);
 * `keyedModel` lifts it to the whole map for an unsplit check.
 */
export const kvModel: Model<KvState, KvInput> = {
  name: "kv",
  prepare(op: Operation): KvInput | null {
    switch (op.f) {
      case "get":
        return op.outcome === "ok" ? input("get", op.output) : null;
      case "put":
      case "append":
        return op.outcome === "fail" ? null : input(op.f, op.input);
      default:
        throw new HistoryFormatError(
          `operation ${op.index}: the kv model knows get, put and append, not "${op.f}" (use the register model for read/write/cas)`,
        );
    }
  },
  init: () => ({ value: "", hash: 0 }),
  step(state, op) {
    if (op.f === "get")
      return state.hash === op.hash && state.value === op.value ? state : undefined;
    if (op.f === "put") return { value: op.value, hash: op.hash };
    return { value: state.value + op.value, hash: concatHash(state.hash, op.hash, op.power) };
  },
  readOnly: (input) => input.f === "get",
  equal: (a, b) => a === b || (a.hash === b.hash && a.value === b.value),
  hash: (state) => state.hash,
  // Without appends every state is "" or a value some put wrote; appends make new ones.
  fewStates: (inputs) => !inputs.some((input) => input.f === "append"),
  describe: (state) => state.value,
  // "" is the initial value: a put of "" makes the written values not unique.
  access: (input) =>
    input.f === "append"
      ? null
      : { write: input.f === "put", value: input.value === "" ? null : input.value },
};
