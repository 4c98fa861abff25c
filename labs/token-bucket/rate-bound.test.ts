import { describe, expect, it } from "vitest";
import { idealDecisions, takeToken } from "./model";
import { worstRateBoundViolation } from "./rate-bound";

const bucket = { capacity: 3, refillPerSecond: 2 };

describe("takeToken", () => {
  it("starts full, spends, refills by elapsed time and caps at capacity", () => {
    let s = takeToken(null, 0, 1, bucket).state;
    expect(s.tokens).toBe(2);
    s = takeToken(s, 500, 1, bucket).state; // +1 token after 0.5 s at 2/s
    expect(s.tokens).toBe(2);
    expect(takeToken(s, 60_000, 1, bucket).state.tokens).toBe(2); // capped at 3 then spent
    expect(takeToken({ tokens: 0.5, updatedAt: 0 }, 0, 1, bucket).allowed).toBe(false);
  });

  it("an ideal bucket admits the burst then the refill rate", () => {
    expect(idealDecisions([0, 0, 0, 0, 100, 500], bucket)).toEqual([
      true,
      true,
      true,
      false,
      false,
      true,
    ]);
  });
});

describe("worstRateBoundViolation (rolling windows, via lib/checkers)", () => {
  it("accepts a history within capacity + rate × window", () => {
    expect(worstRateBoundViolation([0, 0, 0, 500, 1000, 1500], bucket)).toBeNull();
  });

  it("finds the window that exceeds its bound the most", () => {
    // 8 admits within 0.5 s; a 3-token bucket refilling 2/s allows 3 + 2 × 1 = 5 in 1 s.
    const v = worstRateBoundViolation([0, 0, 0, 0, 100, 200, 300, 500, 5000], bucket);
    expect(v).toEqual({ fromMs: 0, toMs: 250, admitted: 6, allowed: 3 });
  });

  it("tolerates one extra admission of slack for clock rounding", () => {
    expect(worstRateBoundViolation([0, 0, 0, 0], bucket)).toBeNull();
    expect(worstRateBoundViolation([0, 0, 0, 0], bucket, 0)).not.toBeNull();
  });
});
