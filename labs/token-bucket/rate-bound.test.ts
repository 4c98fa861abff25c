import { describe, expect, it } from "vitest";
import { firstBoundViolation } from "./rate-bound";

const bound = { burst: 6, perSecond: 5 };
const at = (...ms: number[]) => ms.map((m) => ({ us: m * 1000 }));

describe("firstBoundViolation (burst + rate × T, every window, in integers)", () => {
  it("accepts a full bucket's burst and then one every 200 ms, to the microsecond", () => {
    expect(firstBoundViolation(at(0, 0, 0, 0, 0, 0, 200, 400, 600), bound)).toBeNull();
  });

  it("finds one request too many at once", () => {
    const v = firstBoundViolation(at(0, 0, 0, 0, 0, 0, 0), bound);
    expect(v).toMatchObject({ admitted: 7, fromUs: 0, toUs: 0, allowed: 6 });
  });

  it("finds a refill a little too fast (5.5/s) within the first second", () => {
    const times = [0, 0, 0, 0, 0, 0, ...[1, 2, 3, 4, 5].map((k) => Math.ceil((k * 1000) / 5.5))];
    const v = firstBoundViolation(at(...times), bound);
    expect(v).toMatchObject({ admitted: 7, fromUs: 0, toUs: 182_000 });
  });

  it("is off by no slack: one microsecond early is a violation", () => {
    expect(firstBoundViolation([...at(0, 0, 0, 0, 0, 0), { us: 199_999 }], bound)).not.toBeNull();
    expect(firstBoundViolation([...at(0, 0, 0, 0, 0, 0), { us: 200_000 }], bound)).toBeNull();
  });

  it("looks at windows that start anywhere, not only at the first request", () => {
    const v = firstBoundViolation(at(0, 5_000, 5_000, 5_000, 5_000, 5_000, 5_000, 5_100), bound);
    expect(v).toMatchObject({ admitted: 7, fromUs: 5_000_000, toUs: 5_100_000 });
  });
});
