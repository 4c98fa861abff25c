/**
 * The fencing lab end to end with real processes: every stored solution gets the grade its
 * expected.json promises, the sleeping client is shown paused on the map while its lease
 * runs out, and no process outlives the run. Code that does not load fails clearly.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import type { LabEvent } from "@/lib/labs/types";
import { describeSolutions, nodePids, redisUrl } from "@/tests/support/cluster-lab-solutions";

await describeSolutions("fencing", ["fence", "predict"], (_c, _run, events) => {
  const pauses = events.filter((e) => e.kind === "fault" && e.fault === "pause" && e.target === "n3").map((e) => (e.kind === "fault" ? e.action : ""));
  expect(pauses).toEqual(["start", "stop"]);
});

describe("fencing lab runs", () => {
  it("an admit that does not compile fails with the compiler's words, before any process starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await runLabInProcess("fencing", "fence", { code: "export function admit( {" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:fence:", emit: (e) => events.push(e) });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(nodePids(events)).toEqual([]);
  });

  it("an admit that returns the wrong shape is told what the storage expects", { timeout: 60_000 }, async () => {
    const grade = await runLabInProcess("fencing", "fence", { code: "export function admit(state, request) { return true; }" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:fence:" });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/admit must return \{ ok: boolean, state \}/);
  });
});
