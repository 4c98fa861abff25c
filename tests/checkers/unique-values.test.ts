import { describe, expect, it } from "vitest";
import { checkLinearizable, type LinearizabilityResult } from "@/lib/checkers";
import type { History } from "@/lib/history/types";
import { fail, info, inv, ok } from "./history-builder";
import { generateHistory, random } from "./register-histories";

type ModelName = "register" | "kv";
const auto = (h: History, model: ModelName = "register") => checkLinearizable(h, { model });
const search = (h: History, model: ModelName = "register") =>
  checkLinearizable(h, { model, method: "search", timeBudgetMs: 20_000 });

/** Both methods on one history: the same verdict, and the polynomial one really ran. */
function both(history: History, model: ModelName = "register"): LinearizabilityResult {
  const poly = auto(history, model);
  const searched = search(history, model);
  expect(poly.keys.every((k) => k.method === "unique-values")).toBe(true);
  expect(searched.keys.every((k) => k.method === "search")).toBe(true);
  expect(poly.verdict).toBe(searched.verdict);
  return poly;
}

describe("unique-values path: edge cases, against the search", () => {
  it("rejects the initial value read after a write completed, naming that read", () => {
    const result = both([
      inv(0, "write", 1),
      ok(0, "write", 1),
      inv(1, "read"),
      ok(1, "read", null),
    ]);
    expect(result.verdict).toBe("illegal");
    expect(result.witness).toMatchObject({
      prefix: [{ index: 0, f: "write", value: 1 }],
      stateAfterPrefix: 1,
      blocked: { index: 2, f: "read", value: null },
    });
  });

  it("accepts the initial value read while the first write is in flight", () => {
    const history = [inv(0, "write", 1), inv(1, "read"), ok(1, "read", null), ok(0, "write", 1)];
    expect(both(history).verdict).toBe("ok");
  });

  it("lets an info write that is read later take effect after its client gave up", () => {
    const start = [inv(0, "write", 1), info(0, "write", 1), inv(1, "read"), ok(1, "read", null)];
    expect(both([...start, inv(1, "read"), ok(1, "read", 1)]).verdict).toBe("ok");
    // Once read, it happened: the initial value cannot come back.
    const back = both([
      ...start,
      inv(1, "read"),
      ok(1, "read", 1),
      inv(2, "read"),
      ok(2, "read", null),
    ]);
    expect(back.verdict).toBe("illegal");
    expect(back.witness?.blocked).toMatchObject({ index: 6, value: null });
  });

  it("drops an info write that nobody read", () => {
    const history = [
      inv(0, "write", 1),
      info(0, "write", 1),
      inv(1, "write", 2),
      ok(1, "write", 2),
      inv(2, "read"),
      ok(2, "read", 2),
    ];
    expect(both(history).verdict).toBe("ok");
  });

  it("rejects a read of a value nobody wrote, and one of a failed write", () => {
    const never = both([inv(0, "write", 1), ok(0, "write", 1), inv(1, "read"), ok(1, "read", 7)]);
    expect(never.verdict).toBe("illegal");
    expect(never.witness?.blocked).toMatchObject({ index: 2, value: 7 });
    const failed = both([
      inv(0, "write", 3),
      fail(0, "write", 3),
      inv(1, "read"),
      ok(1, "read", 3),
    ]);
    expect(failed.verdict).toBe("illegal");
    expect(failed.witness?.blocked).toMatchObject({ index: 2, value: 3 });
  });

  it("rejects a read that finished before its write started", () => {
    const result = both([inv(1, "read"), ok(1, "read", 1), inv(0, "write", 1), ok(0, "write", 1)]);
    expect(result.verdict).toBe("illegal");
    expect(result.witness?.blocked).toMatchObject({ index: 0, f: "read", value: 1 });
  });

  it("rejects two overlapping writes read in opposite orders, at the read that closes the cycle", () => {
    const history = [
      inv(0, "write", 1),
      inv(1, "write", 2),
      inv(2, "read"),
      ok(2, "read", 1),
      inv(2, "read"),
      ok(2, "read", 2),
      inv(3, "read"),
      ok(3, "read", 2),
      inv(3, "read"),
      ok(3, "read", 1),
      ok(0, "write", 1),
      ok(1, "write", 2),
    ];
    const result = both(history);
    expect(result.verdict).toBe("illegal");
    expect(result.witness?.blocked).toMatchObject({ index: 8, process: 3, value: 1 });
    // The second reader seeing 2 twice agrees with the first: fine.
    const agreeing = history.map((e, i) => (i === 9 ? ok(3, "read", 2) : e));
    expect(both(agreeing).verdict).toBe("ok");
  });

  it("rejects a new-old inversion during a write", () => {
    const result = both([
      inv(0, "write", 1),
      inv(1, "read"),
      ok(1, "read", 1),
      inv(2, "read"),
      ok(2, "read", null),
      ok(0, "write", 1),
    ]);
    expect(result.verdict).toBe("illegal");
    expect(result.witness?.blocked).toMatchObject({ index: 3, process: 2, value: null });
  });

  it("falls back to the search when a value is written twice, or with cas or append", () => {
    const twice = [inv(0, "write", 1), ok(0, "write", 1), inv(0, "write", 1), ok(0, "write", 1)];
    expect(auto(twice).keys[0]?.method).toBe("search");
    expect(auto([inv(0, "write", null), ok(0, "write", null)]).keys[0]?.method).toBe("search");
    expect(auto([inv(0, "cas", [null, 1]), ok(0, "cas", [null, 1])]).keys[0]?.method).toBe(
      "search",
    );
    const kv = auto([inv(0, "append", "a", "x"), ok(0, "append", "a", "x")], "kv");
    expect(kv.keys[0]?.method).toBe("search");
  });
});

/** Randomly changes reads to another value (written or not), or a write into a duplicate-free stray. */
function mutate(history: History, seed: number): History {
  const rand = random(seed);
  const values = history
    .filter((e) => e.type === "invoke" && e.value !== undefined)
    .map((e) => e.value);
  return history.map((e) => {
    if (e.type !== "ok" || (e.f !== "read" && e.f !== "get") || rand() > 0.3) return e;
    const pick = rand();
    const initial = e.f === "get" ? "" : null;
    const value =
      pick < 0.15 ? initial : pick < 0.2 ? "never" : values[Math.floor(rand() * values.length)];
    return { ...e, value: value ?? initial };
  });
}

describe("unique-values path: same verdict as the search on random histories", () => {
  it.each([
    ["register", 3000],
    ["kv", 600],
  ] as const)("%s: %i seeded histories, linearizable and not", (model, count) => {
    const verdicts = { ok: 0, illegal: 0 };
    for (let seed = 1; seed <= count; seed++) {
      const rand = random(seed * 7919);
      const generated = generateHistory({
        seed,
        model,
        keys: 2,
        operations: 3 + Math.floor(rand() * 10),
        clients: 2 + Math.floor(rand() * 3),
        infoWrites: 0.15,
        failures: 0.1,
      });
      const history = seed % 2 === 0 ? mutate(generated, seed) : generated;
      const poly = auto(history, model);
      const searched = search(history, model);
      expect(
        poly.keys.every((k) => k.method === "unique-values"),
        `seed ${seed}`,
      ).toBe(true);
      expect(poly.verdict, `seed ${seed}: ${JSON.stringify(history)}`).toBe(searched.verdict);
      if (poly.verdict === "illegal") expect(poly.witness?.key).toBe(searched.witness?.key);
      verdicts[poly.verdict as "ok" | "illegal"]++;
    }
    expect(verdicts.ok).toBeGreaterThan(count / 4);
    expect(verdicts.illegal).toBeGreaterThan(count / 10);
  });
});
