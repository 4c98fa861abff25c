import { describe, expect, it } from "vitest";
import { DecisionChains, type Committed } from "./decision-chain";
import { CORRECT_RULES, exactStep, type BucketRules, type ExactState } from "./exact-bucket";
import { explainMismatch } from "./explain-mismatch";
import { MISTAKES } from "./mistakes";

const bucket = { capacity: 5, refillPerSecond: 20 };

/** The traffic the lab sends, in miniature: full-bucket boundary, burst, idle, burst; a quiet probe. */
const MAIN: Array<[number, number]> = [
  [0, 5],
  [5, 1],
  [20, 2],
  [40, 1],
  [55, 1],
  [70, 3],
  [100, 1],
  [130, 2],
  [160, 1],
  [200, 1],
  [700, 5],
  [700, 1],
  [710, 2],
  [760, 1],
  [800, 3],
];
const QUIET: Array<[number, number]> = [
  [0, 5],
  [20, 4],
  [320, 2],
];

/** A user's chain as a bucket with these rules would decide it. */
function chainOf(user: string, times: Array<[number, number]>, rules: BucketRules): Committed[] {
  let state: ExactState | null = null;
  return times.map(([now, cost], i) => {
    const step = exactStep(state, now, cost, bucket, rules);
    state = step.state;
    return { user, seq: i + 1, now, cost, allowed: step.allowed, ref: null };
  });
}

function grade(rules: BucketRules) {
  const chains = new DecisionChains(bucket);
  // Replies arrive out of order across connections: feed them reversed.
  for (const d of [...chainOf("main", MAIN, rules), ...chainOf("quiet", QUIET, rules)].reverse())
    chains.add(d);
  return chains;
}

describe("DecisionChains (exact grading of committed decisions)", () => {
  it("accepts the correct bucket, checking every decision in commit order", () => {
    const chains = grade(CORRECT_RULES);
    expect(chains.firstMismatch()).toBeNull();
    expect(chains.checked).toBe(MAIN.length + QUIET.length);
    expect(chains.fullBucketBoundaries).toBe(3);
    expect(chains.unchecked).toBe(0);
  });

  it.each(MISTAKES.map((m) => [m.id, m] as const))("catches %s and names it", (id, mistake) => {
    const chains = grade(mistake.rules);
    const m = chains.firstMismatch();
    expect(m).not.toBeNull();
    expect(explainMismatch(m!, chains.chains, bucket, null).kind).toBe(id);
  });

  it("rejecting a full bucket's whole-capacity request is never excused", () => {
    const chains = new DecisionChains(bucket);
    chains.add({ user: "u", seq: 1, now: 0, cost: 5, allowed: false, ref: null });
    expect(chains.firstMismatch()).toMatchObject({
      position: 0,
      ideal: { full: true, allowed: true },
    });
  });

  it("excuses either call on an exact tie below capacity, and follows it", () => {
    const chains = new DecisionChains(bucket);
    chains.add({ user: "u", seq: 1, now: 0, cost: 5, allowed: true, ref: null });
    chains.add({ user: "u", seq: 2, now: 50, cost: 1, allowed: false, ref: null }); // exactly 1 token
    chains.add({ user: "u", seq: 3, now: 50, cost: 1, allowed: true, ref: null }); // still 1 token
    expect(chains.firstMismatch()).toBeNull();
    expect(chains.ties).toBe(2);
  });

  it("an admission with fewer tokens than the cost is the witness", () => {
    const chains = new DecisionChains<string>(bucket);
    chains.add({ user: "u", seq: 1, now: 0, cost: 5, allowed: true, ref: "first" });
    chains.add({ user: "u", seq: 2, now: 30, cost: 1, allowed: true, ref: "second" });
    expect(chains.firstMismatch()).toMatchObject({
      position: 1,
      decision: { ref: "second" },
      ideal: { allowed: false },
    });
  });

  it("a global variable shared across users shows in a per-user chain, and a replay alone exposes it", () => {
    // One bucket for both users: the second user's first request finds it empty.
    const shared = chainOf(
      "shared",
      [
        [0, 5],
        [1, 5],
      ],
      CORRECT_RULES,
    );
    const chains = new DecisionChains(bucket);
    chains.add({ ...shared[0]!, user: "a", seq: 1 });
    chains.add({ ...shared[1]!, user: "b", seq: 1 });
    const m = chains.firstMismatch()!;
    expect(m.decision.user).toBe("b");
    expect(explainMismatch(m, chains.chains, bucket, [true]).kind).toBe("shared-state");
  });
});
