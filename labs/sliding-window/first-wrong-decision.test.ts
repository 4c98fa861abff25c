import { describe, expect, it } from "vitest";
import { firstWrongDecision } from "./first-wrong-decision";

const rule = { windowMs: 1_000, limit: 2 };
const seq = (...ds: [number, boolean][]) => ds.map(([at, allowed]) => ({ at, allowed }));

describe("firstWrongDecision: a sliding log's decisions, checked both ways", () => {
  it("accepts exactly the sliding log: an entry leaves the window one window after it came", () => {
    expect(
      firstWrongDecision(
        seq([0, true], [1, true], [999, false], [1000, true], [1000, false], [1001, true]),
        rule,
      ),
    ).toBeNull();
  });

  it("finds an over-admission, with what the window held", () => {
    const w = firstWrongDecision(seq([0, true], [500, true], [999, true]), rule);
    expect(w).toMatchObject({ position: 2, inWindow: 2, admit: false });
  });

  it("finds an under-admission: rejecting with room to spare is wrong too", () => {
    const w = firstWrongDecision(seq([0, true], [0, true], [1000, false]), rule);
    expect(w).toMatchObject({ position: 2, inWindow: 0, admit: true });
  });

  it("rejected requests take no room", () => {
    expect(
      firstWrongDecision(
        seq([0, true], [0, true], [0, false], [500, false], [1000, true], [1000, true]),
        rule,
      ),
    ).toBeNull();
  });

  it("stops at an unknown outcome", () => {
    expect(
      firstWrongDecision(
        [{ at: 0 }, { at: 1, allowed: true }, { at: 2, allowed: true }, { at: 3, allowed: true }],
        rule,
      ),
    ).toBeNull();
  });
});
