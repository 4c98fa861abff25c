import { describe, expect, it } from "vitest";
import { checkSiblingsKept } from "@/lib/checkers";
import { HistoryFormatError } from "@/lib/history/errors";
import { fail, info, inv, ok } from "./history-builder";

const w = (value: string, context?: string[]) => (context ? { value, context } : { value });

// Processes 0 and 1 write "a" and "b" to key k at the same time, neither having read the other.
const concurrentAB = [
  inv(0, "write", w("a"), "k"),
  inv(1, "write", w("b"), "k"),
  ok(0, "write", w("a"), "k"),
  ok(1, "write", w("b"), "k"),
];

// Then process 2 reads both and writes "c" over them.
const resolvedByC = [
  ...concurrentAB,
  inv(2, "write", w("c", ["a", "b"]), "k"),
  ok(2, "write", w("c", ["a", "b"]), "k"),
];

const final = (value: unknown, node = "n1") => ({ key: "k", node, value });

describe("checkSiblingsKept", () => {
  it("accepts concurrent writes kept as siblings, in any order, on every node", () => {
    const result = checkSiblingsKept(concurrentAB, {
      finalReads: [final(["b", "a"]), final(["a", "b"], "n2")],
    });
    expect(result.verdict).toBe("ok");
    expect(result.mustKeep.map((op) => op.value)).toEqual(["a", "b"]);
    expect(result.message).toContain("kept the 2 acknowledged write(s) that had to stay");
  });

  it("fails last-writer-wins silently dropping a concurrent write", () => {
    const result = checkSiblingsKept(concurrentAB, { finalReads: [final(["b"])] });
    expect(result.verdict).toBe("illegal");
    expect(result.violations).toEqual([
      expect.objectContaining({
        kind: "dropped",
        key: "k",
        node: "n1",
        value: "a",
        write: expect.objectContaining({ index: 0, process: 0, value: "a" }),
        other: expect.objectContaining({ index: 1, process: 1, value: "b" }),
        finalValues: ["b"],
      }),
    ]);
    const message = result.violations[0]!.message;
    expect(message).toContain(
      `Dropped sibling: process 0's write "a" (operation 0) and process 1's write "b" (operation 1) were concurrent`,
    );
    expect(message).toContain(`node n1's final read of key "k" returned ["b"]`);
    expect(result.message).toContain("1 sibling error; first: Dropped sibling");
  });

  it("checks each node's final read on its own", () => {
    const result = checkSiblingsKept(concurrentAB, {
      finalReads: [final(["a", "b"]), final(["a"], "n2")],
    });
    expect(result.violations.map((v) => [v.node, v.value])).toEqual([["n2", "b"]]);
  });

  it("accepts a write that read both siblings replacing them", () => {
    const result = checkSiblingsKept(resolvedByC, { finalReads: [final(["c"])] });
    expect(result.verdict).toBe("ok");
    expect(result.superseded.map((op) => op.value)).toEqual(["a", "b"]);
  });

  it("fails a superseded value that comes back as a sibling", () => {
    const result = checkSiblingsKept(resolvedByC, { finalReads: [final(["a", "c"])] });
    expect(result.verdict).toBe("illegal");
    expect(result.violations).toEqual([
      expect.objectContaining({
        kind: "resurrected",
        value: "a",
        write: expect.objectContaining({ index: 0 }),
        other: expect.objectContaining({ index: 4, value: "c" }),
      }),
    ]);
    expect(result.violations[0]!.message).toBe(
      `Resurrected sibling: process 0's write "a" (operation 0) was replaced by process 2's write "c" (operation 4), ` +
        `which had read it; yet node n1's final read of key "k" returned ["a", "c"], still showing "a".`,
    );
  });

  it("keeps a sibling the replacing write had not read", () => {
    const partial = [
      ...concurrentAB,
      inv(2, "write", w("c", ["b"]), "k"),
      ok(2, "write", w("c", ["b"]), "k"),
    ];
    expect(checkSiblingsKept(partial, { finalReads: [final(["a", "c"])] }).verdict).toBe("ok");
    const dropped = checkSiblingsKept(partial, { finalReads: [final(["c"])] });
    expect(dropped.violations.map((v) => [v.kind, v.value])).toEqual([["dropped", "a"]]);
  });

  it("does not ask for a sibling when the overlapping write had read the other", () => {
    // b overlaps a in real time, but its client had already read a: b replaces a.
    const history = [
      inv(0, "write", w("a"), "k"),
      inv(1, "write", w("b", ["a"]), "k"),
      ok(0, "write", w("a"), "k"),
      ok(1, "write", w("b", ["a"]), "k"),
    ];
    expect(checkSiblingsKept(history, { finalReads: [final(["b"])] }).verdict).toBe("ok");
    // So b had no concurrent partner, and a later blind write may replace it.
    const later = [...history, inv(2, "write", w("c"), "k"), ok(2, "write", w("c"), "k")];
    const result = checkSiblingsKept(later, { finalReads: [final(["c"])] });
    expect(result.verdict).toBe("ok");
    expect(result.mustKeep.map((op) => op.value)).toEqual(["c"]);
  });

  it("lets a later blind write replace an earlier one, but not lose the last write", () => {
    const sequential = [
      inv(0, "write", w("a"), "k"),
      ok(0, "write", w("a"), "k"),
      inv(1, "write", w("b"), "k"),
      ok(1, "write", w("b"), "k"),
    ];
    expect(checkSiblingsKept(sequential, { finalReads: [final(["b"])] }).verdict).toBe("ok");
    expect(checkSiblingsKept(sequential, { finalReads: [final(["a", "b"])] }).verdict).toBe("ok");
    const lost = checkSiblingsKept(sequential, { finalReads: [final(["a"])] });
    expect(lost.violations).toEqual([
      expect.objectContaining({ kind: "dropped", value: "b", finalValues: ["a"] }),
    ]);
    expect(lost.violations[0]).not.toHaveProperty("other");
    expect(lost.violations[0]!.message).toContain(
      `Dropped write: process 1's write "b" (operation 2) was acknowledged, no write read and replaced it`,
    );
  });

  it("allows a write of unknown outcome either way, and what it read either way until it shows up", () => {
    const history = [
      ...concurrentAB,
      inv(2, "write", w("c", ["a"]), "k"),
      info(2, "write", w("c", ["a"]), "k"),
    ];
    for (const siblings of [["a", "b"], ["b"], ["b", "c"]]) {
      const result = checkSiblingsKept(history, { finalReads: [final(siblings)] });
      expect(result.verdict, JSON.stringify(siblings)).toBe("ok");
      expect(result.indeterminate.map((op) => op.value)).toEqual(["c"]);
      expect(result.message).toContain(
        "1 write(s) with an unknown outcome were allowed either way",
      );
    }
    // c is in the read, so it happened, and it had read a: a must be gone.
    const result = checkSiblingsKept(history, { finalReads: [final(["a", "b", "c"])] });
    expect(result.violations.map((v) => [v.kind, v.value, v.other?.value])).toEqual([
      ["resurrected", "a", "c"],
    ]);
    // b was read by no one: it must stay whatever c did.
    const withoutB = checkSiblingsKept(history, { finalReads: [final(["a", "c"])] });
    expect(withoutB.violations.map((v) => [v.kind, v.value])).toEqual([
      ["dropped", "b"],
      ["resurrected", "a"],
    ]);
  });

  it("fails a value that was never written, or only by a write that failed", () => {
    const history = [...concurrentAB, inv(2, "write", w("x"), "k"), fail(2, "write", w("x"), "k")];
    const result = checkSiblingsKept(history, { finalReads: [final(["a", "b", "x", "zz"])] });
    expect(result.violations.map((v) => [v.kind, v.value, v.write?.index])).toEqual([
      ["phantom", "x", 4],
      ["phantom", "zz", undefined],
    ]);
    expect(result.violations[0]!.message).toContain(
      `but "x" was written only by process 2's write "x" (operation 4), which failed.`,
    );
    expect(result.violations[1]!.message).toContain(`but "zz" was never written.`);
  });

  it("takes null as an empty key and a lone value as one sibling", () => {
    expect(checkSiblingsKept(concurrentAB, { finalReads: [final(null)] }).violations).toHaveLength(
      2,
    );
    const lone = checkSiblingsKept(concurrentAB, { finalReads: [final("a")] });
    expect(lone.violations.map((v) => v.value)).toEqual(["b"]);
  });

  it("checks keys apart and reports keys with no final read", () => {
    const history = [
      inv(0, "write", w("a"), "x"),
      inv(1, "write", w("a"), "y"),
      ok(0, "write", w("a"), "x"),
      ok(1, "write", w("a"), "y"),
    ];
    const result = checkSiblingsKept(history, { finalReads: [{ key: "x", value: ["a"] }] });
    expect(result).toMatchObject({ verdict: "ok", unreadKeys: ["y"] });
    expect(result.message).toContain("(1 key(s) had no final read)");
  });

  it("refuses a write that is not { value, context? } or repeats a value", () => {
    expect(() =>
      checkSiblingsKept([inv(0, "write", "a", "k"), ok(0, "write", "a", "k")], { finalReads: [] }),
    ).toThrow(HistoryFormatError);
    const repeated = [...concurrentAB, inv(2, "write", w("a"), "k"), ok(2, "write", w("a"), "k")];
    expect(() => checkSiblingsKept(repeated, { finalReads: [] })).toThrow(/distinct value/);
  });
});
