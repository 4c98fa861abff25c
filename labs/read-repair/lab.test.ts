/**
 * The read-repair lab end to end with real replica processes: every stored solution gets the
 * grade its expected.json promises, the run streams node-to-node messages (the read fan-out
 * and write-backs on the replica map), and no replica outlives it. Code that does not load
 * fails clearly, before any replica starts.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import type { LabEvent } from "@/lib/labs/types";
import { describeSolutions, nodePids, redisUrl } from "@/tests/support/cluster-lab-solutions";

await describeSolutions("read-repair", ["repair", "predict"], (_c, _run, events) =>
  expect(events.some((e) => e.kind === "message" && e.phase === "recv" && e.from.startsWith("n") && e.to.startsWith("n"))).toBe(true));

describe("read-repair lab runs", () => {
  it("a program that does not compile fails with the compiler's words, before any replica starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await runLabInProcess("read-repair", "repair", { code: "export function repair( {" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:rr:", emit: (e) => events.push(e) });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(nodePids(events)).toEqual([]);
  });

  it("a program without repair is told which export is missing", { timeout: 60_000 }, async () => {
    const grade = await runLabInProcess("read-repair", "repair", { code: "export function fix() { return null; }" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:rr:" });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/repair/);
  });

  it("a decision that is not one of the replies fails with the store's words", { timeout: 60_000 }, async () => {
    const code = 'export function repair(replies) { return { value: "made up", version: { n: 99, by: "n9" }, writeBack: [] }; }';
    const grade = await runLabInProcess("read-repair", "repair", { code }, { seed: 1, redisUrl, redisPrefix: "faultline-test:rr:" });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/not one of the replies/);
  });
});
