/**
 * The lww-skew lab end to end with real replica processes: every stored solution gets the
 * grade its expected.json promises, a lost write is the grade's witness, and no replica
 * outlives the run. A program that does not load fails clearly, before any replica starts.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import type { LabEvent } from "@/lib/labs/types";
import { describeSolutions, nodePids, redisUrl } from "@/tests/support/cluster-lab-solutions";

await describeSolutions("lww-skew", ["predict", "implement"], (_c, run, events) => {
  const lostWrite = run.grade.diagnosis.includes("Lost write");
  expect(run.grade.witness?.kind === "lost-write").toBe(lostWrite);
  if (lostWrite) expect(run.grade.diagnosis).toContain(`operation ${run.grade.witness!.op.index}`);
  expect(events.some((e) => e.kind === "fault" && JSON.stringify(e).includes("clock-skew"))).toBe(true);
});

describe("lww-skew lab runs", () => {
  it("a program that does not compile fails with the compiler's words, before any replica starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await runLabInProcess("lww-skew", "implement", { code: "export function init( {" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:lww:", emit: (e) => events.push(e) });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(nodePids(events)).toEqual([]);
  });
});
