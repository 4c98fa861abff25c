import { describe, expect, it } from "vitest";
import { checkLinearizable } from "@/lib/checkers";
import { HistoryFormatError } from "@/lib/history/errors";
import { readHistoryFile } from "@/lib/history/load";
import type { History } from "@/lib/history/types";
import { fail, info, inv, ok } from "./history-builder";

const register = (history: History) => checkLinearizable(history, { model: "register" });
const kv = (history: History, splitByKey = true) =>
  checkLinearizable(history, { model: "kv", splitByKey });

describe("register: linearizable histories", () => {
  it("accepts a sequential write then read", () => {
    const result = register([
      inv(0, "write", 1),
      ok(0, "write", 1),
      inv(1, "read"),
      ok(1, "read", 1),
    ]);
    expect(result.verdict).toBe("ok");
    expect(result.witness).toBeUndefined();
    expect(result.keys).toEqual([
      expect.objectContaining({ key: null, verdict: "ok", operations: 2 }),
    ]);
  });

  it("lets a read overlapping a write see either the old or the new value", () => {
    for (const seen of [null, 1]) {
      const result = register([
        inv(0, "write", 1),
        inv(1, "read"),
        ok(1, "read", seen),
        ok(0, "write", 1),
        inv(1, "read"),
        ok(1, "read", 1),
      ]);
      expect(result.verdict).toBe("ok");
    }
  });

  it("orders two overlapping writes either way, as later reads require", () => {
    const history = (last: number) => [
      inv(0, "write", 1),
      inv(1, "write", 2),
      ok(0, "write", 1),
      ok(1, "write", 2),
      inv(2, "read"),
      ok(2, "read", last),
    ];
    expect(register(history(1)).verdict).toBe("ok");
    expect(register(history(2)).verdict).toBe("ok");
  });
});

describe("register: illegal histories and their witness", () => {
  it("rejects a stale read after an acknowledged write, naming the read", () => {
    const result = register([
      inv(0, "write", 1),
      ok(0, "write", 1),
      inv(0, "write", 2),
      ok(0, "write", 2),
      inv(1, "read"),
      ok(1, "read", 1),
    ]);
    expect(result.verdict).toBe("illegal");
    expect(result.witness).toMatchObject({
      key: null,
      prefix: [
        { index: 0, process: 0, f: "write", value: 1, outcome: "ok" },
        { index: 2, process: 0, f: "write", value: 2, outcome: "ok" },
      ],
      stateAfterPrefix: 2,
      blocked: { index: 4, process: 1, f: "read", value: 1, outcome: "ok" },
    });
    expect(result.witness?.message).toContain("process 1's read 1 (operation 4)");
  });

  it("rejects a value that un-happens: a read sees 1, a later read sees the initial value", () => {
    const result = register([
      inv(0, "write", 1),
      inv(1, "read"),
      ok(1, "read", 1),
      inv(2, "read"),
      ok(2, "read", null),
    ]);
    expect(result.verdict).toBe("illegal");
    expect(result.witness?.blocked).toMatchObject({ index: 3, process: 2, f: "read", value: null });
  });

  it("rejects a read of a value nobody wrote, with an empty prefix", () => {
    const result = register([inv(0, "read"), ok(0, "read", 7)]);
    expect(result.verdict).toBe("illegal");
    expect(result.witness).toMatchObject({
      prefix: [],
      stateAfterPrefix: null,
      blocked: { index: 0, value: 7 },
    });
  });
});

describe("register: outcomes other than ok", () => {
  it("treats an info write as possibly applied, at any later time", () => {
    const start = [inv(0, "write", 1), info(0, "write", 1)];
    expect(register([...start, inv(1, "read"), ok(1, "read", 1)]).verdict).toBe("ok");
    expect(register([...start, inv(1, "read"), ok(1, "read", null)]).verdict).toBe("ok");
    // It took effect long after its client gave up: null first, then 1.
    expect(
      register([...start, inv(1, "read"), ok(1, "read", null), inv(1, "read"), ok(1, "read", 1)])
        .verdict,
    ).toBe("ok");
  });

  it("treats an invoke with no completion like info", () => {
    expect(register([inv(0, "write", 1), inv(1, "read"), ok(1, "read", 1)]).verdict).toBe("ok");
    expect(register([inv(0, "write", 1), inv(1, "read"), ok(1, "read", null)]).verdict).toBe("ok");
  });

  it("drops a failed write: its value can never be read", () => {
    const result = register([
      inv(0, "write", 3),
      fail(0, "write", 3),
      inv(1, "read"),
      ok(1, "read", 3),
    ]);
    expect(result.verdict).toBe("illegal");
    expect(result.witness?.prefix).toEqual([]);
  });

  it("drops reads that failed or timed out, whatever they carry", () => {
    const history = [
      inv(0, "write", 1),
      ok(0, "write", 1),
      inv(1, "read"),
      fail(1, "read"),
      inv(1, "read"),
      info(1, "read", 99),
    ];
    expect(register(history)).toMatchObject({ verdict: "ok", keys: [{ operations: 1 }] });
  });

  it("keeps a failed cas as an observation that the compare did not match", () => {
    const written = [inv(0, "write", 1), ok(0, "write", 1)];
    expect(register([...written, inv(1, "cas", [5, 2]), fail(1, "cas", [5, 2])]).verdict).toBe(
      "ok",
    );
    const bad = register([...written, inv(1, "cas", [1, 2]), fail(1, "cas", [1, 2])]);
    expect(bad.verdict).toBe("illegal");
    expect(bad.witness?.blocked).toMatchObject({ f: "cas", value: [1, 2], outcome: "fail" });
  });

  it("applies an ok cas only when it matches", () => {
    const written = [inv(0, "write", 1), ok(0, "write", 1)];
    const after = (v: number) => [inv(2, "read"), ok(2, "read", v)];
    expect(
      register([...written, inv(1, "cas", [1, 2]), ok(1, "cas", [1, 2]), ...after(2)]).verdict,
    ).toBe("ok");
    expect(register([...written, inv(1, "cas", [3, 2]), ok(1, "cas", [3, 2])]).verdict).toBe(
      "illegal",
    );
  });

  it("lets an info cas take effect or not", () => {
    const start = [
      inv(0, "write", 1),
      ok(0, "write", 1),
      inv(1, "cas", [1, 2]),
      info(1, "cas", [1, 2]),
    ];
    expect(register([...start, inv(2, "read"), ok(2, "read", 2)]).verdict).toBe("ok");
    expect(register([...start, inv(2, "read"), ok(2, "read", 1)]).verdict).toBe("ok");
  });

  it("answers unknown when the time budget runs out, never a guess", async () => {
    const hard = await readHistoryFile("tests/fixtures/porcupine/etcd/etcd_002.log");
    const result = checkLinearizable(hard, { model: "register", timeBudgetMs: 1 });
    expect(result.verdict).toBe("unknown");
    expect(result.witness).toBeUndefined();
    expect(result.keys[0]?.verdict).toBe("unknown");
  });
});

describe("kv: split by key", () => {
  const appends = [
    inv(0, "append", "a", "x"),
    inv(1, "append", "b", "x"),
    ok(0, "append", "a", "x"),
    ok(1, "append", "b", "x"),
    inv(2, "put", "p", "y"),
    ok(2, "put", "p", "y"),
  ];

  it("accepts either order of concurrent appends, and reports each key", () => {
    for (const seen of ["ab", "ba"]) {
      const result = kv([...appends, inv(3, "get", null, "x"), ok(3, "get", seen, "x")]);
      expect(result.verdict).toBe("ok");
      expect(result.keys.map((k) => [k.key, k.verdict, k.operations])).toEqual([
        ["x", "ok", 3],
        ["y", "ok", 1],
      ]);
    }
  });

  it("names the key and the get that cannot be placed", () => {
    const result = kv([...appends, inv(3, "get", null, "y"), ok(3, "get", "", "y")]);
    expect(result.verdict).toBe("illegal");
    expect(result.witness).toMatchObject({
      key: "y",
      prefix: [{ f: "put", key: "y", value: "p" }],
      stateAfterPrefix: "p",
      blocked: { index: 6, process: 3, f: "get", key: "y", value: "" },
    });
  });

  it('reads an absent key as the empty string (null or "")', () => {
    expect(kv([inv(0, "get", null, "z"), ok(0, "get", null, "z")]).verdict).toBe("ok");
    expect(kv([inv(0, "get", null, "z"), ok(0, "get", "", "z")]).verdict).toBe("ok");
  });

  it("reaches the same verdicts unsplit", () => {
    expect(kv([...appends, inv(3, "get", null, "x"), ok(3, "get", "ba", "x")], false).verdict).toBe(
      "ok",
    );
    expect(kv([...appends, inv(3, "get", null, "x"), ok(3, "get", "b", "x")], false).verdict).toBe(
      "illegal",
    );
  });
});

describe("bad input", () => {
  it("rejects a completion with no invoke", () => {
    expect(() => register([ok(0, "write", 1)])).toThrow(
      /process 0 completed write \(ok\) without an invoke/,
    );
  });

  it("rejects two operations in flight on one process", () => {
    expect(() => register([inv(0, "write", 1), inv(0, "read")])).toThrow(HistoryFormatError);
  });

  it("rejects an operation the model does not know", () => {
    expect(() => register([inv(0, "get", null, "k"), ok(0, "get", "", "k")])).toThrow(
      /use the kv model/,
    );
    expect(() => kv([inv(0, "cas", [1, 2]), ok(0, "cas", [1, 2])])).toThrow(
      /use the register model/,
    );
  });

  it("rejects a malformed cas value", () => {
    expect(() => register([inv(0, "cas", 3), ok(0, "cas", 3)])).toThrow(/must be \[from, to\]/);
  });
});
