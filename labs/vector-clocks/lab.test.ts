/**
 * The vector-clocks lab end to end with real replica processes: every stored solution gets
 * the grade its expected.json promises, the run streams messages and node states (the
 * replica map), and no replica outlives it. Code that does not load fails clearly.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import type { LabEvent } from "@/lib/labs/types";
import { describeSolutions, nodePids, redisUrl } from "@/tests/support/cluster-lab-solutions";

await describeSolutions("vector-clocks", ["siblings", "predict"], (_c, _run, events) =>
  expect(events.some((e) => e.kind === "message" && e.phase === "recv" && e.from.startsWith("n"))).toBe(true));

describe("vector-clocks lab runs", () => {
  it("a program that does not compile fails with the compiler's words, before any replica starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await runLabInProcess("vector-clocks", "siblings", { code: "export function compare( {" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:crdt:", emit: (e) => events.push(e) });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(nodePids(events)).toEqual([]);
  });

  it("a program without mergeSiblings is told which export is missing", { timeout: 60_000 }, async () => {
    const grade = await runLabInProcess("vector-clocks", "siblings", { code: 'export function compare() { return "equal"; }' }, { seed: 1, redisUrl, redisPrefix: "faultline-test:vc:" });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/mergeSiblings/);
  });
});
