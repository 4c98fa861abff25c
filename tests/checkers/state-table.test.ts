import { describe, expect, it } from "vitest";
import type { Model } from "@/lib/checkers/linearizability/model";
import { StateTable } from "@/lib/checkers/linearizability/state-table";

/** A counter whose states are boxed numbers, so equal states are different objects. */
const counter: Model<{ n: number }, number> = {
  name: "counter",
  prepare: () => null,
  init: () => ({ n: 0 }),
  step: (state, add) => (add < 0 && state.n === 0 ? undefined : { n: state.n + add }),
  equal: (a, b) => a.n === b.n,
  hash: (state) => Math.imul(state.n, 0x85ebca6b),
  describe: (state) => state.n,
};

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

  it("stops interning when states do not repeat, and still knows equal states", () => {
    const table = new StateTable(counter, [1]);
    let id = table.intern({ n: 0 });
    for (let i = 0; i < 5000; i++) id = table.step(id, 0);
    expect(table.states[id]).toEqual({ n: 5000 });
    // Past the trial, an equal state gets a new id; `same` tells the cache they are equal.
    const again = table.intern({ n: 5000 });
    expect(again).not.toBe(id);
    expect(table.same(again, id)).toBe(true);
    expect(table.hashOf(again)).toBe(table.hashOf(id));
    expect(table.same(again, table.intern({ n: 4999 }))).toBe(false);
    // Below the trial it still interns.
    const small = new StateTable(counter, [1]);
    expect(small.intern({ n: 7 })).toBe(small.intern({ n: 7 }));
  });
});
