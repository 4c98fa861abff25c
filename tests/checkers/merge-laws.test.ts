import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkMergeLaws } from "@/lib/checkers";

type GCounter = Record<string, number>;

const gCounter = fc.dictionary(fc.constantFrom("n1", "n2", "n3"), fc.nat(100));

function pointwise(a: GCounter, b: GCounter, f: (x: number, y: number) => number): GCounter {
  const out: GCounter = {};
  for (const node of new Set([...Object.keys(a), ...Object.keys(b)])) {
    out[node] =
      a[node] === undefined ? b[node]! : b[node] === undefined ? a[node] : f(a[node], b[node]);
  }
  return out;
}

const maxMerge = (a: GCounter, b: GCounter) => pointwise(a, b, Math.max);

interface PNCounter {
  p: GCounter;
  n: GCounter;
}

const pnCounter = fc.record({ p: gCounter, n: gCounter });

/** LWW-element-set: the latest timestamp each element was added and removed at. */
interface LwwSet {
  adds: Record<string, number>;
  removes: Record<string, number>;
}

const element = fc.constantFrom("x", "y", "z");
const lwwSet = fc.record({
  adds: fc.dictionary(element, fc.nat(20)),
  removes: fc.dictionary(element, fc.nat(20)),
});

describe("checkMergeLaws", () => {
  it("accepts correct CRDT merges: G-counter, PN counter, LWW-element-set", () => {
    expect(checkMergeLaws(maxMerge, gCounter, { seed: 1 })).toMatchObject({
      verdict: "ok",
      failures: [],
      numRuns: 200,
      message:
        "Your merge is commutative, associative and idempotent on 200 generated cases each (seed 1).",
    });
    const pn = (a: PNCounter, b: PNCounter) => ({ p: maxMerge(a.p, b.p), n: maxMerge(a.n, b.n) });
    expect(checkMergeLaws(pn, pnCounter, { seed: 2 }).verdict).toBe("ok");
    const lww = (a: LwwSet, b: LwwSet) => ({
      adds: maxMerge(a.adds, b.adds),
      removes: maxMerge(a.removes, b.removes),
    });
    expect(checkMergeLaws(lww, lwwSet, { seed: 3 }).verdict).toBe("ok");
  });

  it("judges a merge that updates its first argument in place by what it returns", () => {
    const inPlace = (a: GCounter, b: GCounter) => {
      for (const [node, count] of Object.entries(b)) a[node] = Math.max(a[node] ?? 0, count);
      return a;
    };
    expect(checkMergeLaws(inPlace, gCounter, { seed: 4 }).verdict).toBe("ok");
  });

  it("does not let an in-place merge hide a broken law by changing the states it is compared with", () => {
    const sumInPlace = (a: GCounter, b: GCounter) => {
      for (const [node, count] of Object.entries(b)) a[node] = (a[node] ?? 0) + count;
      return a;
    };
    const result = checkMergeLaws(sumInPlace, gCounter, { seed: 5 });
    expect(result.failures.map((f) => f.law)).toEqual(["idempotent"]);
    expect(Object.values(result.failures[0]!.states.a as GCounter)).toEqual([1]);
  });

  it("fails sum instead of max as not idempotent, with a shrunk counterexample", () => {
    const sum = (a: GCounter, b: GCounter) => pointwise(a, b, (x, y) => x + y);
    const result = checkMergeLaws(sum, gCounter, { seed: 5 });
    expect(result.verdict).toBe("illegal");
    expect(result.failures.map((f) => f.law)).toEqual(["idempotent"]);
    const [failure] = result.failures;
    // Shrinking leaves one node with the smallest count that breaks the law.
    expect(Object.values(failure!.states.a as GCounter)).toEqual([1]);
    const node = Object.keys(failure!.states.a as GCounter)[0];
    expect(failure!.sides).toEqual({ left: `{"${node}":2}`, right: `{"${node}":1}` });
    expect(result.message).toBe(
      `Your merge is not idempotent: merging a state with itself changed it. With a = {"${node}":1}, ` +
        `merge(a, a) = {"${node}":2}. Merging must leave a state it already contains unchanged: ` +
        "a state delivered twice (a retried sync) would change the result.",
    );
  });

  it('fails "take left" as not commutative', () => {
    const result = checkMergeLaws((a: GCounter) => a, gCounter, { seed: 6 });
    expect(result.failures.map((f) => f.law)).toEqual(["commutative"]);
    const { a, b } = result.failures[0]!.states;
    expect(a).not.toEqual(b);
    expect(result.message).toMatch(
      /^Your merge is not commutative: with a = .+, b = .+, merge\(a, b\) = .+ but merge\(b, a\) = .+; replicas that receive/,
    );
  });

  it("fails an averaging merge as not associative", () => {
    const average = (a: number, b: number) => Math.floor((a + b) / 2);
    const result = checkMergeLaws(average, fc.integer({ min: 0, max: 1000 }), { seed: 7 });
    expect(result.failures.map((f) => f.law)).toEqual(["associative"]);
    const { a, b, c } = result.failures[0]!.states as Record<string, number>;
    expect(average(average(a!, b!), c!)).not.toBe(average(a!, average(b!, c!)));
    expect(result.message).toContain("Your merge is not associative: with a = ");
    expect(result.message).toContain("merge(merge(a, b), c) = ");
  });

  it("names every law a merge breaks", () => {
    // Subtraction breaks all three.
    const result = checkMergeLaws(
      (a: number, b: number) => a - b,
      fc.integer({ min: -50, max: 50 }),
      {
        seed: 8,
      },
    );
    expect(result.failures.map((f) => f.law)).toEqual(["commutative", "associative", "idempotent"]);
  });

  it("turns a merge that throws into a failure, not an exception", () => {
    const throwing = (a: GCounter, b: GCounter) => {
      if (Object.keys(b).length > 1) throw new TypeError("cannot read properties of undefined");
      return maxMerge(a, b);
    };
    const result = checkMergeLaws(throwing, gCounter, { seed: 9 });
    expect(result.verdict).toBe("illegal");
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({
      law: "commutative",
      threw: "TypeError: cannot read properties of undefined",
    });
    expect(result.failures[0]).not.toHaveProperty("sides");
    expect(result.message).toMatch(
      /^Your merge threw: TypeError: cannot read properties of undefined — on a = .+, b = .+ \(while checking that it is commutative\)\.$/,
    );
  });

  it("reports a thrown non-Error too", () => {
    const result = checkMergeLaws(
      () => {
        throw "nope";
      },
      fc.nat(),
      { seed: 10 },
    );
    expect(result.failures[0]?.threw).toBe("nope");
  });

  it("gives the same counterexample for the same seed", () => {
    const takeLeft = (a: LwwSet) => a;
    const first = checkMergeLaws(takeLeft, lwwSet, { seed: 1234 });
    const again = checkMergeLaws(takeLeft, lwwSet, { seed: 1234 });
    expect(first.verdict).toBe("illegal");
    expect(again.failures).toEqual(first.failures);
    expect(again.message).toBe(first.message);
  });

  it("runs the merge a bounded number of times", () => {
    let calls = 0;
    const counted = (a: GCounter, b: GCounter) => {
      calls++;
      return maxMerge(a, b);
    };
    const result = checkMergeLaws(counted, gCounter, { numRuns: 10, seed: 11 });
    expect(result).toMatchObject({ verdict: "ok", numRuns: 10 });
    // 10 cases each: 2 calls for commutativity, 4 for associativity, 1 for idempotence.
    expect(calls).toBe(70);
  });

  it("cuts long states in the message to about 2 KB", () => {
    const concat = (a: string, b: string) => a + b;
    const result = checkMergeLaws(concat, fc.constant("x".repeat(5000)), { seed: 12, numRuns: 5 });
    expect(result.failures.map((f) => f.law)).toEqual(["idempotent"]);
    const { left, right } = result.failures[0]!.sides!;
    expect(left.length).toBeLessThan(2100);
    expect(left).toMatch(/… \(8002 more characters\)$/);
    expect(right).toMatch(/… \(3002 more characters\)$/);
    expect(result.message.length).toBeLessThan(7000);
  });

  it("refuses a number of runs that is not a positive integer", () => {
    expect(() => checkMergeLaws(maxMerge, gCounter, { numRuns: 0 })).toThrow(RangeError);
    expect(() => checkMergeLaws(maxMerge, gCounter, { seed: Number.NaN })).toThrow(RangeError);
  });
});
