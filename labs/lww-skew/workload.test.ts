/** The implement task's write plan has the shape every wrong clock needs to show, on every seed. */
import { describe, expect, it } from "vitest";
import { verifySeeds } from "@/lib/labs/verify";
import { SKEW_MS } from "./settings";
import { HANDOVER_PAUSE_MS, KEYS, N1_WRITES, planWrites } from "./workload";

describe("planWrites", () => {
  for (const seed of [...verifySeeds(), 4242]) {
    it(`seed ${seed}: each key opens with n1's writes, then n2 and n3 alternate well inside the skew`, () => {
      const plan = planWrites(seed);
      expect(plan).toEqual(planWrites(seed));
      for (const key of KEYS) {
        const writes = plan.filter((w) => w.key === key);
        const writers = writes.map((w) => w.process);
        expect(writers.slice(0, N1_WRITES)).toEqual(Array(N1_WRITES).fill(0));
        const [a, b, c, d] = writers.slice(N1_WRITES);
        expect(new Set([a, b])).toEqual(new Set([1, 2]));
        expect([c, d]).toEqual([a, b]);
        expect(new Set(writes.map((w) => w.value)).size).toBe(writes.length);
        const handovers = writes.slice(N1_WRITES);
        expect(handovers.every((w) => w.pauseMs >= HANDOVER_PAUSE_MS.min)).toBe(true);
        // The whole alternation fits in half the skew, leaving room for slow replies.
        expect(handovers.reduce((sum, w) => sum + w.pauseMs, 0)).toBeLessThan(SKEW_MS / 2);
      }
    });
  }
  it("the seed decides who follows n1", () => {
    const first = new Set(verifySeeds().map((seed) => planWrites(seed)[N1_WRITES]!.process));
    expect(first).toEqual(new Set([1, 2]));
  });
});
