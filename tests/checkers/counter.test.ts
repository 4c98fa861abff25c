import { describe, expect, it } from "vitest";
import { checkCounter } from "@/lib/checkers";
import { HistoryFormatError } from "@/lib/history/errors";
import type { HistoryOp } from "@/lib/history/types";
import { fail, info, inv, ok } from "./history-builder";

/** n acknowledged adds of `delta`, one after another, from processes 0, 1, 2, ... */
function adds(n: number, delta = 1): HistoryOp[] {
  return Array.from({ length: n }, (_, p) => [inv(p, "add", delta), ok(p, "add", delta)]).flat();
}

describe("checkCounter", () => {
  it("accepts final reads that count every acknowledged increment once", () => {
    const result = checkCounter(adds(3), { finalReads: { n1: 3, n2: 3 } });
    expect(result).toMatchObject({ verdict: "ok", violations: [], finalRange: { min: 3, max: 3 } });
    expect(result.acknowledged.map((op) => op.index)).toEqual([0, 2, 4]);
    expect(result.message).toContain("counted each of the 3 acknowledged adds exactly once");
  });

  it("fails a lost increment, saying how many", () => {
    const result = checkCounter(adds(5), { finalReads: { n1: 5, n2: 2 } });
    expect(result.verdict).toBe("illegal");
    expect(result.violations).toEqual([
      expect.objectContaining({ kind: "too-low", node: "n2", value: 2, by: 3 }),
    ]);
    expect(result.message).toBe(
      "Node n2's final value is 2, but 5 increments were acknowledged: lost 3 acknowledged increments.",
    );
  });

  it("fails an increment applied twice (a retry applied on top of the original)", () => {
    const result = checkCounter(adds(5), { finalReads: { n1: 6 } });
    expect(result.violations).toEqual([
      expect.objectContaining({ kind: "too-high", node: "n1", by: 1 }),
    ]);
    expect(result.message).toBe(
      "Node n1's final value is 6, but 5 increments were acknowledged: counted 1 more than was ever sent (an increment applied twice?).",
    );
  });

  it("fails a counter that counts replica replies instead of operations", () => {
    const result = checkCounter(adds(4), { finalReads: { n1: 12 } });
    expect(result.message).toContain("counted 8 more than were ever sent");
    expect(result.message).toContain(
      "It is exactly 3 times the acknowledged total: is each add counted once per reply (per replica) instead of once?",
    );
  });

  it("shows the first three violations in the message and counts the rest", () => {
    const result = checkCounter(adds(1), { finalReads: { a: 0, b: 0, c: 0, d: 0, e: 0 } });
    expect(result.violations).toHaveLength(5);
    expect(result.message.match(/final value is 0/g)).toHaveLength(3);
    expect(result.message).toMatch(/\(and 2 more violations\)$/);
  });

  it("fails a failed add that took effect, and says so", () => {
    const history = [...adds(3), inv(3, "add", 1), fail(3, "add", 1)];
    const result = checkCounter(history, { finalReads: { n1: 4 } });
    expect(result.verdict).toBe("illegal");
    expect(result.message).toContain("Some adds failed: a failed add must not take effect.");
  });

  it("allows an add of unknown outcome to count or not, and nothing beyond", () => {
    const history = [...adds(2), inv(2, "add", 1), info(2, "add", 1)];
    const result = checkCounter(history, { finalReads: { n1: 2, n2: 3 } });
    expect(result).toMatchObject({ verdict: "ok", finalRange: { min: 2, max: 3 } });
    expect(result.indeterminate.map((op) => op.index)).toEqual([4]);
    expect(result.message).toContain("with 1 of unknown outcome allowed either way");
    const wrong = checkCounter(history, { finalReads: { n1: 1, n2: 4 } });
    expect(wrong.violations.map((v) => [v.node, v.kind, v.by])).toEqual([
      ["n1", "too-low", 1],
      ["n2", "too-high", 1],
    ]);
    expect(wrong.violations[0]!.message).toBe(
      "Node n1's final value is 1, but 2 increments were acknowledged (2 to 3 counting the 1 with an unknown outcome): " +
        "lost 1 acknowledged increment.",
    );
  });

  it("handles a PN counter: negative deltas widen the range downward", () => {
    const history = [
      inv(0, "add", 5),
      ok(0, "add", 5),
      inv(1, "add", -2),
      ok(1, "add", -2),
      inv(2, "add", 3),
      info(2, "add", 3),
      inv(3, "add", -4),
      info(3, "add", -4),
    ];
    const result = checkCounter(history, { finalReads: { a: -1, b: 3, c: 6, d: 2 } });
    expect(result).toMatchObject({ verdict: "ok", finalRange: { min: -1, max: 6 } });
    const wrong = checkCounter(history, { finalReads: { a: -2, b: 7 } });
    expect(wrong.violations.map((v) => v.message)).toEqual([
      "Node a's final value is -2, but acknowledged adds total 3 (-1 to 6 counting the 2 with an unknown outcome): " +
        "1 too low — an acknowledged increment lost, or a decrement applied twice?",
      "Node b's final value is 7, but acknowledged adds total 3 (-1 to 6 counting the 2 with an unknown outcome): " +
        "1 too high — an increment applied twice, or an acknowledged decrement lost?",
    ]);
  });

  it("speaks of amounts when the deltas are not all 1", () => {
    const history = [inv(0, "add", 10), ok(0, "add", 10), inv(1, "add", 5), ok(1, "add", 5)];
    const result = checkCounter(history, { finalReads: { n1: 10 } });
    expect(result.message).toBe(
      "Node n1's final value is 10, but adds worth 15 were acknowledged: lost acknowledged adds worth 5.",
    );
  });

  it("does not flag float rounding in fractional deltas", () => {
    const history = [inv(0, "add", 0.1), ok(0, "add", 0.1), inv(1, "add", 0.2), ok(1, "add", 0.2)];
    expect(checkCounter(history, { finalReads: { n1: 0.3 } }).verdict).toBe("ok");
  });

  it("takes null as a counter never created, and fails a value that is no number", () => {
    expect(checkCounter([], { finalReads: { n1: null } }).verdict).toBe("ok");
    const result = checkCounter(adds(1), { finalReads: { n1: "1" } });
    expect(result.violations).toEqual([
      expect.objectContaining({ kind: "not-a-number", node: "n1", value: "1" }),
    ]);
    expect(result.message).toBe(`Node n1's final value is "1", not a number.`);
  });

  describe("reads during the run", () => {
    it("allows a read to see an add still in flight, or to lag behind (a CRDT counter)", () => {
      const history = [
        ...adds(2),
        inv(5, "add", 1),
        inv(6, "read"),
        ok(6, "read", 3), // sees the in-flight add
        inv(7, "read"),
        ok(7, "read", 0), // a replica that has not heard of anything yet
        ok(5, "add", 1),
      ];
      expect(checkCounter(history, { finalReads: { n1: 3 } }).verdict).toBe("ok");
    });

    it("fails a read above everything sent before it returned", () => {
      const history = [
        ...adds(2),
        inv(6, "read"),
        ok(6, "read", 3),
        inv(5, "add", 1),
        ok(5, "add", 1),
      ];
      const result = checkCounter(history, { finalReads: { n1: 3 } });
      expect(result.violations).toEqual([
        expect.objectContaining({
          kind: "too-high",
          read: expect.objectContaining({ index: 4, process: 6, value: 3 }),
          allowed: { min: 0, max: 2 },
          by: 1,
        }),
      ]);
      expect(result.message).toBe(
        "process 6's read 3 (operation 4) returned 3, but only 2 increments had been sent before it returned: " +
          "it counted an increment twice, or one never sent.",
      );
    });

    it("holds reads to the acknowledged adds only when the counter promises it", () => {
      const history = [...adds(2), inv(6, "read"), ok(6, "read", 1)];
      expect(checkCounter(history, { finalReads: { n1: 2 } }).verdict).toBe("ok");
      const strict = checkCounter(history, { finalReads: { n1: 2 }, readsSeeAcknowledged: true });
      expect(strict.violations).toEqual([
        expect.objectContaining({
          kind: "too-low",
          read: expect.objectContaining({ index: 4 }),
          by: 1,
        }),
      ]);
      expect(strict.message).toContain(
        "but 2 increments had been acknowledged before it began: a read must see every acknowledged add.",
      );
    });

    it("fails a PN read below every decrement sent", () => {
      const history = [inv(0, "add", -1), ok(0, "add", -1), inv(1, "read"), ok(1, "read", -2)];
      const result = checkCounter(history, { finalReads: { n1: -1 } });
      expect(result.violations.map((v) => [v.kind, v.read?.index, v.allowed])).toEqual([
        ["too-low", 2, { min: -1, max: 0 }],
      ]);
    });

    it("ignores reads that failed or whose outcome is unknown", () => {
      const history = [inv(1, "read"), fail(1, "read", 99), inv(2, "read"), info(2, "read", 99)];
      expect(checkCounter(history, { finalReads: { n1: 0 } }).verdict).toBe("ok");
    });
  });

  it("refuses an add without a numeric delta, and more than one counter", () => {
    expect(() =>
      checkCounter([inv(0, "add", "one"), ok(0, "add", "one")], { finalReads: {} }),
    ).toThrow(HistoryFormatError);
    const twoKeys = [
      inv(0, "add", 1, "x"),
      ok(0, "add", 1, "x"),
      inv(1, "add", 1, "y"),
      ok(1, "add", 1, "y"),
    ];
    expect(() => checkCounter(twoKeys, { finalReads: {} })).toThrow(/split it by key/);
  });
});
