import { describe, expect, it } from "vitest";
import { checkRateBound } from "@/lib/checkers";

describe("checkRateBound", () => {
  it("finds a boundary burst that aligned fixed windows would split in two", () => {
    // 5 at the end of one second and 5 at the start of the next: 10 within 200 ms.
    const times = [900, 920, 940, 960, 980, 1000, 1020, 1040, 1060, 1080];
    const result = checkRateBound({ alice: times }, { windowMs: 1000, bound: 5 });
    expect(result.verdict).toBe("illegal");
    expect(result.worst).toEqual({ key: "alice", start: 900, end: 1900, count: 10 });
    expect(result.message).toContain(
      "admitted 10 requests in the 1000 ms window [900, 1900) ms, over the bound of 5",
    );
  });

  it("treats the window as half-open: a request exactly W later starts a new window", () => {
    const result = checkRateBound({ k: [0, 100, 200] }, { windowMs: 100, bound: 1 });
    expect(result.verdict).toBe("ok");
    expect(result.worst?.count).toBe(1);
  });

  it("reports each key, sorts unsorted input and lists only the keys over the bound", () => {
    const admitted = [
      { key: "a", time: 50 },
      { key: "b", time: 10 },
      { key: "a", time: 0 },
      { key: "b", time: 500 },
      { key: "a", time: 99 },
    ];
    const result = checkRateBound(admitted, { windowMs: 100, bound: 2 });
    expect(result.keys).toEqual([
      { key: "a", admitted: 3, worst: { key: "a", start: 0, end: 100, count: 3 } },
      { key: "b", admitted: 2, worst: { key: "b", start: 10, end: 110, count: 1 } },
    ]);
    expect(result.violations.map((v) => v.key)).toEqual(["a"]);
  });

  it("is ok with nothing admitted", () => {
    expect(checkRateBound({}, { windowMs: 10, bound: 0 })).toMatchObject({
      verdict: "ok",
      worst: null,
    });
  });

  it("rejects a window or bound that makes no sense", () => {
    expect(() => checkRateBound({}, { windowMs: 0, bound: 1 })).toThrow(
      /windowMs must be a positive/,
    );
    expect(() => checkRateBound({}, { windowMs: 10, bound: 1.5 })).toThrow(
      /bound must be a whole number/,
    );
    expect(() => checkRateBound({ k: [Number.NaN] }, { windowMs: 10, bound: 1 })).toThrow(
      /not a number/,
    );
  });
});
