import { describe, expect, it } from "vitest";
import type { Model } from "@/lib/checkers/linearizability/model";
import { StateTable } from "@/lib/checkers/linearizability/state-table";

/** A counter whose states are boxed numbers, so equal states are different objects. */
const growing: Model<{ n: number }, number> = {
  name: "counter",
  prepare: () => null,
  init: () => ({ n: 0 }),
  step: (state, add) => (add < 0 && state.n === 0 ? undefined : { n: state.n + add }),
  equal: (a, b) => a.n === b.n,
  hash: (state) => Math.imul(state.n, 0x85ebca6b),
  describe: (state) => state.n,
};
/** The same model, saying its states are few: the table interns them. */
const counter: Model<{ n: number }, number> = { ...growing, fewStates: () => true };

describe("the search's state table", () => {
  it("gives equal states one id while states repeat, and memoises steps", () => {
    const table = new StateTable(counter, [1, -1]);
    const zero = table.intern({ n: 0 });
    expect(table.intern({ n: 0 })).toBe(zero);
    expect(table.step(zero, 1)).toBe(-1); // -1 from 0 is illegal
    for (let i = 0; i < 20; i++) {
      const one = table.step(zero, 0);
      expect(table.states[one]).toEqual({ n: 1 });
      expect(table.step(one, 1)).toBe(zero);
      expect(table.step(zero, 1)).toBe(-1);
    }
    expect(table.states).toHaveLength(2);
  });

  it("gives a model whose states are many a new id per state, and still knows equal ones", () => {
    const table = new StateTable(growing, [1]);
    let id = table.intern({ n: 0 });
    table.keep(id);
    for (let i = 0; i < 5000; i++) {
      id = table.step(id, 0);
      table.keep(id); // as the search does for a configuration it had not seen
    }
    expect(table.states[id]).toEqual({ n: 5000 });
    // An equal state gets a new id; `same` tells the cache they are equal.
    const again = table.intern({ n: 5000 });
    expect(again).not.toBe(id);
    expect(table.same(again, id)).toBe(true);
    expect(table.hashOf(again)).toBe(table.hashOf(id));
    table.keep(again);
    expect(table.same(again, table.intern({ n: 4999 }))).toBe(false);
    // An id that was not kept is given to the next new state.
    const unkept = table.intern({ n: 1 });
    expect(table.intern({ n: 2 })).toBe(unkept);
    expect(table.states[unkept]).toBeUndefined();
    expect(table.states).toHaveLength(5002);
  });
});
