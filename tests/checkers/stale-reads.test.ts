import { describe, expect, it } from "vitest";
import { findStaleReads } from "@/lib/checkers";
import type { HistoryOp } from "@/lib/history/types";
import { fail, info, inv, ok } from "./history-builder";

const at = (op: HistoryOp, time: number): HistoryOp => ({ ...op, time });

describe("findStaleReads", () => {
  it("finds a read of an overwritten value and explains it with times", () => {
    const result = findStaleReads([
      at(inv(0, "write", 1, "x"), 10),
      at(ok(0, "write", 1, "x"), 20),
      at(inv(0, "write", 2, "x"), 30),
      at(ok(0, "write", 2, "x"), 40),
      at(inv(1, "read", null, "x"), 50),
      at(ok(1, "read", 1, "x"), 60),
    ]);
    expect(result.verdict).toBe("illegal");
    expect(result.staleReads).toHaveLength(1);
    const [stale] = result.staleReads;
    expect(stale).toMatchObject({
      key: "x",
      read: { index: 4, process: 1, value: 1, callTime: 50 },
      newer: { index: 2, process: 0, value: 2 },
      writtenBy: [{ index: 0 }],
    });
    expect(stale?.message).toBe(
      "Stale read of key \"x\": process 1's read 1 (operation 4 at 50–60 ms) returned 1, but process 0's write 2 " +
        "(operation 2 at 30–40 ms) had been acknowledged before the read began; that value was written by " +
        "process 0's write 1 (operation 0 at 10–20 ms), which finished before that write began.",
    );
  });

  it('flags a read of the initial value after an acknowledged write (kv get of "")', () => {
    const result = findStaleReads([
      inv(0, "put", "a", "k"),
      ok(0, "put", "a", "k"),
      inv(1, "get", null, "k"),
      ok(1, "get", "", "k"),
    ]);
    expect(result.staleReads[0]?.writtenBy).toEqual([]);
    expect(result.staleReads[0]?.message).toContain("returned the initial value");
  });

  it("does not flag reads concurrent with the newer write, or of concurrent writes", () => {
    const result = findStaleReads([
      inv(0, "write", 1),
      inv(1, "write", 2),
      ok(0, "write", 1),
      ok(1, "write", 2),
      inv(2, "read"),
      ok(2, "read", 1), // 1 and 2 overlapped: either may be last
      inv(0, "write", 3),
      inv(2, "read"),
      ok(2, "read", 2), // began before write 3 was acknowledged
      ok(0, "write", 3),
    ]);
    expect(result).toMatchObject({ verdict: "ok", staleReads: [] });
  });

  it("counts info writes as possible sources but never as acknowledged, and ignores failed ones", () => {
    const result = findStaleReads([
      inv(0, "write", 1),
      info(0, "write", 1),
      inv(1, "write", 2),
      ok(1, "write", 2),
      inv(2, "read"),
      ok(2, "read", 1), // the info write may have landed after write 2
      inv(3, "write", 9),
      fail(3, "write", 9),
    ]);
    expect(result.verdict).toBe("ok");
  });

  it("treats a successful cas as a write of its new value", () => {
    const result = findStaleReads([
      inv(0, "write", 1),
      ok(0, "write", 1),
      inv(0, "cas", [1, 2]),
      ok(0, "cas", [1, 2]),
      inv(1, "read"),
      ok(1, "read", 1),
    ]);
    expect(result.staleReads[0]?.newer).toMatchObject({ f: "cas", value: [1, 2] });
  });
});
