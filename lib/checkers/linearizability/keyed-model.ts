import type { Operation } from "@/lib/history/operations";
import type { Model } from "./model";
import { stringHash } from "./string-hash";

export interface KeyedInput<I> {
  key: string;
  input: I;
}

/**
 * Lifts a one-key model to a map of independent keys, for checking a history without
 * splitting it (the baseline the split-by-key speed-up is measured against).
 */
export function keyedModel<S, I>(model: Model<S, I>): Model<ReadonlyMap<string, S>, KeyedInput<I>> {
  const get = (state: ReadonlyMap<string, S>, key: string) =>
    state.has(key) ? (state.get(key) as S) : model.init();
  return {
    name: `${model.name} (all keys)`,
    prepare(op: Operation) {
      const input = model.prepare(op);
      return input === null ? null : { key: op.key ?? "", input };
    },
    init: () => new Map<string, S>(),
    readOnly: model.readOnly && (({ input }) => model.readOnly!(input)),
    step(state, { key, input }) {
      const next = model.step(get(state, key), input);
      if (next === undefined) return undefined;
      const copy = new Map(state);
      copy.set(key, next);
      return copy;
    },
    equal(a, b) {
      for (const key of new Set([...a.keys(), ...b.keys()])) {
        if (!model.equal(get(a, key), get(b, key))) return false;
      }
      return true;
    },
    hash(state) {
      // Order-independent, and a key at its initial state counts as absent (as in `equal`).
      const initial = model.hash(model.init());
      let h = 0;
      for (const [key, value] of state) {
        const valueHash = model.hash(value);
        if (valueHash !== initial) h ^= Math.imul(stringHash(key) ^ valueHash, 0x9e3779b1);
      }
      return h;
    },
    describe: (state) =>
      Object.fromEntries([...state].map(([key, value]) => [key, model.describe(value)])),
  };
}
