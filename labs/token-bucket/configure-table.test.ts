import { describe, expect, it } from "vitest";
import { configureAnswer, type ConfigureAnswer } from "./tasks/configure";
import { configureVerdictTable, theory } from "./tasks/configure-table";

describe("configure: the answer space and what theory says of it", () => {
  const space: ConfigureAnswer[] = [];
  for (let capacity = 1; capacity <= 20; capacity++)
    for (let half = 1; half <= 40; half++)
      for (const scope of ["per-user", "global"] as const)
        space.push({ capacity, refillPerSecond: half / 2, scope });

  it("the form accepts exactly the stated space (1600 answers)", () => {
    expect(space.every((a) => configureAnswer.safeParse(a).success)).toBe(true);
    expect(
      configureAnswer.safeParse({ capacity: 6, refillPerSecond: 4.25, scope: "per-user" }).success,
    ).toBe(false);
    expect(
      configureAnswer.safeParse({ capacity: 21, refillPerSecond: 4, scope: "per-user" }).success,
    ).toBe(false);
    expect(space).toHaveLength(1600);
  });

  it("passes exactly capacity 6 with refill 4 to 5, per user", () => {
    const passing = space.filter(
      (a) => theory(a.capacity, a.refillPerSecond, a.scope).verdict === "pass",
    );
    expect(passing).toEqual(
      [4, 4.5, 5].map((r) => ({ capacity: 6, refillPerSecond: r, scope: "per-user" })),
    );
  });

  it("the verdict table covers the passing set and every neighbour of it", () => {
    const names = configureVerdictTable().map((r) => r.name);
    for (const c of [5, 6, 7])
      for (const r of [3.5, 4, 4.5, 5, 5.5]) expect(names).toContain(`c=${c} r=${r}`);
    expect(names).toContain("c=6 r=5 global");
  });
});
