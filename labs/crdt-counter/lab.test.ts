/**
 * The crdt-counter lab end to end with real replica processes: every stored solution gets
 * the grade its expected.json promises, the run streams messages and node states (the
 * replica map), and no replica outlives it. A program that does not load fails clearly.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import type { LabEvent } from "@/lib/labs/types";
import { describeSolutions, nodePids, redisUrl } from "@/tests/support/cluster-lab-solutions";

await describeSolutions("crdt-counter", ["g-counter", "pn-counter", "predict"], (c, _run, events) =>
  expect(events.some((e) => e.kind === "message" && e.phase === "recv" && e.from.startsWith("n"))).toBe(c.solution !== "wrong-no-gossip"));

describe("crdt-counter lab runs", () => {
  it("a program that does not compile fails with the compiler's words, before any replica starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await runLabInProcess("crdt-counter", "g-counter", { code: "export function init( {" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:crdt:", emit: (e) => events.push(e) });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(nodePids(events)).toEqual([]);
  });

  it("a program without merge is told which export is missing", { timeout: 60_000 }, async () => {
    const grade = await runLabInProcess("crdt-counter", "g-counter", { code: "export function init() { return {}; }\nexport function handle(s: unknown) { return { state: s }; }\nexport function tick(s: unknown) { return { state: s }; }" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:crdt:" });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/merge/);
  });
});
