/**
 * The read-your-writes lab end to end with real node processes: every stored solution gets
 * the grade its expected.json promises, the run shows the leader shipping entries to its
 * followers on the replica map and the lag as a fault, and no node outlives it. Code that
 * does not load fails clearly, before any node starts.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import type { LabEvent } from "@/lib/labs/types";
import { describeSolutions, nodePids, redisUrl } from "@/tests/support/cluster-lab-solutions";

const options = { seed: 1, redisUrl, redisPrefix: "faultline-test:read-your-writes:" };

await describeSolutions("read-your-writes", ["sessions", "break-lag"], (c, _run, events) => {
  expect(events.some((e) => e.kind === "message" && e.from === "n1" && e.to === "n2" && e.type === "replicate")).toBe(true);
  expect(events.some((e) => e.kind === "fault" && e.fault === "latency" && e.target === "n1→n2")).toBe(c.solution !== "wrong-no-lag");
  if (c.taskId === "sessions" && c.solution === "reference") {
    expect(events.some((e) => e.kind === "fault" && e.fault === "crash" && e.action === "start" && e.target === "n3")).toBe(true);
    expect(events.some((e) => e.kind === "state" && e.subject === "n3" && e.state === "down")).toBe(true);
  }
});

describe("read-your-writes lab runs", () => {
  it("code that does not compile fails with the compiler's words, before any node starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await runLabInProcess("read-your-writes", "sessions", { code: "export function routeRead( {" }, { ...options, emit: (e) => events.push(e) });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(nodePids(events)).toEqual([]);
  });

  it("code without afterRead is told which export is missing", { timeout: 60_000 }, async () => {
    const code = "export function afterWrite(s) { return s; }\nexport function routeRead(s, up) { return { node: up[0] }; }";
    const grade = await runLabInProcess("read-your-writes", "sessions", { code }, options);
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/afterRead/);
  });

  it("a route to a node that does not exist fails with the balancer's words", { timeout: 60_000 }, async () => {
    const code = "export function afterWrite(s) { return s; }\nexport function afterRead(s) { return s; }\nexport function routeRead() { return { node: 'n9' }; }";
    const grade = await runLabInProcess("read-your-writes", "sessions", { code }, options);
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/routeRead must return \{ node, minPosition\? \} with node one of n1, n2, n3/);
  });
});
