import { describe, expect, it } from "vitest";
import { DecisionChains } from "./decision-chain";
import { gradeImplement } from "./grade-implement";
import type { Request } from "./workload";

const request = (index: number, cost: number, callTime: number): Request => ({
  index,
  process: 2,
  user: "main",
  phase: "burst",
  cost,
  callTime,
  allowed: true,
});

describe("gradeImplement", () => {
  it("names the first wrong decision, the tokens the bucket held, and makes it the witness", () => {
    const chains = new DecisionChains<Request>({ capacity: 5, refillPerSecond: 20 });
    chains.add({
      user: "main",
      seq: 1,
      now: 1_000,
      cost: 5,
      allowed: true,
      ref: request(0, 5, 10),
    });
    // 30 ms later: 0.6 tokens, yet a cost-1 request was admitted (a bucket that ignores cost).
    const wrong = request(2, 1, 41);
    chains.add({ user: "main", seq: 2, now: 1_030, cost: 1, allowed: true, ref: wrong });
    const grade = gradeImplement({
      chains,
      mismatch: chains.firstMismatch(),
      replayedAlone: null,
      requests: 2,
    });
    expect(grade.verdict).toBe("fail");
    expect(grade.diagnosis).toContain(
      "The main user's request 2 (process 2, cost 1, at 0.04 s): the bucket held 0.6 tokens, so it must be rejected; your allow() admitted it.",
    );
    expect(grade.diagnosis).toContain("whatever its cost");
    expect(grade.witness).toMatchObject({
      kind: "wrong-decision",
      op: { index: 2, process: 2, key: "main", value: 1, outcome: "ok" },
    });
  });

  it("passes a chain with every decision exact, including the full-bucket boundary", () => {
    const chains = new DecisionChains<Request>({ capacity: 5, refillPerSecond: 20 });
    chains.add({ user: "main", seq: 1, now: 0, cost: 5, allowed: true, ref: request(0, 5, 1) });
    chains.add({ user: "main", seq: 2, now: 49, cost: 1, allowed: false, ref: request(2, 1, 50) });
    const grade = gradeImplement({ chains, mismatch: null, replayedAlone: null, requests: 2 });
    expect(grade).toMatchObject({
      verdict: "pass",
      details: { decisionsChecked: 2, fullBucketBoundaries: 1 },
    });
  });
});
