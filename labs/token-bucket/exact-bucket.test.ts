import { describe, expect, it } from "vitest";
import {
  CORRECT_RULES,
  exactStep,
  formatTokens,
  UNITS_PER_TOKEN,
  type ExactState,
} from "./exact-bucket";

const bucket = { capacity: 5, refillPerSecond: 20 }; // one token every 50 ms
const T = UNITS_PER_TOKEN;

/** Decisions of the exact bucket on a literal chain of (now ms, cost). */
function decide(chain: Array<[number, number]>, config = bucket): boolean[] {
  let state: ExactState | null = null;
  return chain.map(([now, cost]) => {
    const step = exactStep(state, now, cost, config);
    state = step.state;
    return step.allowed;
  });
}

describe("exactStep (the grader's integer token bucket)", () => {
  it("starts a new user full: a request costing the whole capacity is admitted", () => {
    const step = exactStep(null, 1_000, 5, bucket);
    expect(step).toMatchObject({
      allowed: true,
      full: true,
      before: 5 * T,
      state: { units: 0, at: 1_000 },
    });
  });

  it("refills exactly one token per 50 ms and admits on exactly enough tokens", () => {
    expect(
      decide([
        [0, 5],
        [49, 1],
        [50, 1],
        [100, 1],
        [149, 1],
      ]),
    ).toEqual([true, false, true, true, false]);
  });

  it("caps at capacity however long the user was idle", () => {
    expect(
      decide([
        [0, 5],
        [60_000, 5],
        [60_000, 1],
      ]),
    ).toEqual([true, true, false]);
  });

  it("spends `cost` tokens and nothing on a rejection", () => {
    // 0: 5→2; 10 ms: 2.2 < 3 rejected, unchanged; 50 ms: 2 + 1 = 3 → admitted.
    expect(
      decide([
        [0, 3],
        [10, 3],
        [50, 3],
      ]),
    ).toEqual([true, false, true]);
  });

  it("treats a `now` earlier than the last as no time passed", () => {
    const after = exactStep({ units: 0, at: 100 }, 90, 1, bucket);
    expect(after).toMatchObject({ allowed: false, before: 0, state: { at: 100 } });
  });

  it("is exact for rates in steps of 0.5/s (no rounding on the way)", () => {
    const half = { capacity: 1, refillPerSecond: 0.5 };
    expect(
      decide(
        [
          [0, 1],
          [1_999, 1],
          [2_000, 1],
        ],
        half,
      ),
    ).toEqual([true, false, true]);
  });

  it("can follow a decision it would not take (a student's call on an exact tie)", () => {
    const step = exactStep({ units: T, at: 0 }, 0, 1, bucket, CORRECT_RULES, false);
    expect(step).toMatchObject({ allowed: false, state: { units: T } });
  });

  it("prints token counts briefly", () => {
    expect(formatTokens(1.6 * T)).toBe("1.6");
    expect(formatTokens(5 * T)).toBe("5");
    expect(formatTokens(0.04 * T)).toBe("0.04");
  });
});
