/**
 * The leader-follower lab end to end with real node processes: every stored solution gets the
 * grade its expected.json promises, the run streams the leader's log shipping to its followers
 * and the lab's faults (the replica map and the fault timeline), a failover names the promoted
 * leader, and no node outlives the run. The answer space is closed: a mode outside it is refused.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import type { LabEvent } from "@/lib/labs/types";
import { describeSolutions, redisUrl } from "@/tests/support/cluster-lab-solutions";
import { percentile } from "./latency";

await describeSolutions("leader-follower", ["configure-mode", "predict"], (_c, _run, events) => {
  expect(events.some((e) => e.kind === "message" && e.phase === "recv" && e.from === "n1" && e.type === "append")).toBe(true);
  expect(events.some((e) => e.kind === "fault" && e.fault === "crash" && e.target === "n1")).toBe(true);
  expect(events.some((e) => e.kind === "state" && e.detail?.value === "leader" && e.subject !== "n1")).toBe(true);
});

describe("leader-follower lab", () => {
  it("refuses an answer outside the answer space before any node starts", { timeout: 30_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await runLabInProcess("leader-follower", "configure-mode", { mode: "quorum", syncAcks: 3, strict: false }, { seed: 1, redisUrl, redisPrefix: "faultline-test:leader-follower:", emit: (e) => events.push(e) });
    expect(grade.verdict).toBe("error");
    expect(grade.errorKind).toBe("invalid-answer");
    expect(events.some((e) => e.kind === "state")).toBe(false);
  });

  it("measures latency percentiles by nearest rank", () => {
    expect(percentile([5, 1, 400], 50)).toBe(5);
    expect(percentile([5, 1, 400], 99)).toBe(400);
    expect(percentile([], 99)).toBe(0);
  });
});
