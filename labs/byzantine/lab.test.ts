/**
 * The byzantine lab end to end with real replica processes: every stored solution gets the
 * grade its expected.json promises, the traitor's lie shows as a fault on the map, and no
 * replica outlives the run. Code that does not load fails clearly, before any replica starts.
 */
import { describe, expect, it } from "vitest";
import { runLabInProcess } from "@/lib/labs";
import type { LabEvent } from "@/lib/labs/types";
import { describeSolutions, nodePids, redisUrl } from "@/tests/support/cluster-lab-solutions";
import { rolesFor } from "./scenario";

await describeSolutions("byzantine", ["vote", "configure-n"], (_c, _run, events) =>
  expect(events.some((e) => e.kind === "fault" && e.fault === "lie" && e.action === "start")).toBe(true));

describe("byzantine lab runs", () => {
  it("a vote that does not compile fails with the compiler's words, before any replica starts", { timeout: 60_000 }, async () => {
    const events: LabEvent[] = [];
    const grade = await runLabInProcess("byzantine", "vote", { code: "export function vote( {" }, { seed: 1, redisUrl, redisPrefix: "faultline-test:byz:", emit: (e) => events.push(e) });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/line 1|expected|Unexpected/i);
    expect(nodePids(events)).toEqual([]);
  });

  it("a vote that makes up a value is told so, with the replies it was given", { timeout: 60_000 }, async () => {
    const code = 'export function vote(replies) { return replies.length ? { value: "mine", version: 99 } : null; }';
    const grade = await runLabInProcess("byzantine", "vote", { code }, { seed: 1, redisUrl, redisPrefix: "faultline-test:byz:" });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toMatch(/not the \{ value, version \} of any reply/);
  });

  it("on every seed the slow replica is never the traitor, and every honest replica is slow in some round", () => {
    for (let seed = 0; seed < 200; seed++) {
      const { traitor, slowByRound } = rolesFor(4, seed);
      expect(slowByRound).not.toContain(traitor);
      expect(new Set(slowByRound).size).toBe(3);
    }
  });
});
