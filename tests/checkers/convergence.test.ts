import { describe, expect, it } from "vitest";
import { checkConvergence } from "@/lib/checkers";

describe("checkConvergence", () => {
  it("accepts equal maps whatever their key order", () => {
    const result = checkConvergence({
      n1: { a: 1, b: [1, 2] },
      n2: { b: [1, 2], a: 1 },
      n3: { a: 1, b: [1, 2] },
    });
    expect(result).toMatchObject({
      verdict: "ok",
      divergentKeys: [],
      message: "All 3 nodes converged.",
    });
    expect(result.groups).toHaveLength(1);
  });

  it("groups diverged nodes and names the keys they disagree on", () => {
    const result = checkConvergence({
      n1: { a: 1, b: 2 },
      n2: { a: 1, b: 3 },
      n3: { a: 1, b: 2, c: 0 },
    });
    expect(result.verdict).toBe("illegal");
    expect(result.groups.map((g) => g.nodes)).toEqual([["n1"], ["n2"], ["n3"]]);
    expect(result.divergentKeys).toEqual(["b", "c"]);
    expect(result.message).toContain('they disagree on "b", "c"');
  });

  it("compares scalar states too, largest group first", () => {
    const result = checkConvergence({ a: 5, b: 4, c: 5 });
    expect(result.groups).toEqual([
      { state: 5, nodes: ["a", "c"] },
      { state: 4, nodes: ["b"] },
    ]);
  });

  it("needs at least one node", () => {
    expect(() => checkConvergence({})).toThrow(/at least one node/);
  });
});
