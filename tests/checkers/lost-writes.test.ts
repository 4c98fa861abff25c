import { describe, expect, it } from "vitest";
import { checkLostWrites } from "@/lib/checkers";
import { info, inv, ok } from "./history-builder";

describe("checkLostWrites", () => {
  it("finds an acknowledged append missing from the final read", () => {
    const result = checkLostWrites([
      inv(0, "append", "a", "k"),
      ok(0, "append", "a", "k"),
      inv(1, "append", "b", "k"),
      ok(1, "append", "b", "k"),
      inv(2, "get", null, "k"),
      ok(2, "get", "a", "k"),
    ]);
    expect(result.verdict).toBe("illegal");
    expect(result.checked).toBe(2);
    expect(result.lost).toEqual([
      expect.objectContaining({
        key: "k",
        write: expect.objectContaining({ index: 2, process: 1, value: "b" }),
        finalValues: ["a"],
      }),
    ]);
    expect(result.lost[0]?.message).toContain(
      'process 1\'s append "b" (operation 2) was acknowledged',
    );
  });

  it("finds an acknowledged write replaced by an older value after failover", () => {
    const result = checkLostWrites(
      [inv(0, "write", 1), ok(0, "write", 1), inv(0, "write", 2), ok(0, "write", 2)],
      { finalReads: [{ node: "n2", value: 1 }] },
    );
    expect(result.lost.map((l) => l.write.value)).toEqual([2]);
  });

  it("does not count a write overwritten by a later or concurrent write as lost", () => {
    const result = checkLostWrites([
      inv(0, "put", "a", "k"),
      ok(0, "put", "a", "k"),
      inv(0, "put", "b", "k"),
      inv(1, "put", "c", "k"),
      ok(0, "put", "b", "k"),
      ok(1, "put", "c", "k"),
      inv(2, "get", null, "k"),
      ok(2, "get", "b", "k"),
    ]);
    expect(result).toMatchObject({ verdict: "ok", checked: 3, lost: [] });
  });

  it("counts a write as kept when any final read reflects it, lost when all miss it", () => {
    const history = [inv(0, "write", 1), ok(0, "write", 1)];
    expect(checkLostWrites(history, { finalReads: [{ value: null }, { value: 1 }] }).verdict).toBe(
      "ok",
    );
    expect(
      checkLostWrites(history, { finalReads: [{ value: null }, { value: null }] }).verdict,
    ).toBe("illegal");
  });

  it("ignores unacknowledged writes and reports keys with no final read", () => {
    const result = checkLostWrites([
      inv(0, "write", 1, "x"),
      info(0, "write", 1, "x"),
      inv(1, "write", 5, "y"),
      ok(1, "write", 5, "y"),
      inv(2, "read", null, "x"),
      ok(2, "read", null, "x"),
    ]);
    expect(result).toMatchObject({ verdict: "ok", checked: 0, unreadKeys: ["y"] });
  });

  it("takes as final only the reads that began after every write to the key", () => {
    const result = checkLostWrites([
      inv(1, "read"),
      inv(0, "write", 1),
      ok(0, "write", 1),
      ok(1, "read", null), // began before the write finished: not a final read
      inv(1, "read"),
      ok(1, "read", 1),
    ]);
    expect(result).toMatchObject({ verdict: "ok", checked: 1 });
  });
});
