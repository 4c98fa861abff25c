import fc from "fast-check";
import { canonicalJson } from "./convergence";

export type MergeLaw = "commutative" | "associative" | "idempotent";

export interface MergeLawsOptions {
  /** Generated cases per law (default 200): bounds the time a check takes. */
  numRuns?: number;
  /** The lab run's seed; the same seed gives the same cases and counterexample (default 0). */
  seed?: number;
}

export interface MergeLawFailure {
  law: MergeLaw;
  /** The shrunk counterexample: the states the law failed on, named a, b, c as in the message. */
  states: Record<string, unknown>;
  /** The two sides of the law as canonical JSON, cut to about 2 KB (absent when the merge threw). */
  sides?: { left: string; right: string };
  /** What the merge threw, when it threw. */
  threw?: string;
  message: string;
}

export interface MergeLawsResult {
  verdict: "ok" | "illegal";
  seed: number;
  numRuns: number;
  /** Every law that failed; after a throw no further law is tried (each would throw too). */
  failures: MergeLawFailure[];
  message: string;
}

/** One law: its states, and the two expressions that must be equal. */
interface LawSpec {
  names: string[];
  left: string;
  right: string;
  sides: <S>(merge: (a: S, b: S) => S, s: S[]) => [S, S];
  why: string;
}

const LAWS: Record<MergeLaw, LawSpec> = {
  commutative: {
    names: ["a", "b"],
    left: "merge(a, b)",
    right: "merge(b, a)",
    sides: (m, [a, b]) => [m(a!, b!), m(b!, a!)],
    why: "replicas that receive the same states in a different order would diverge",
  },
  associative: {
    names: ["a", "b", "c"],
    left: "merge(merge(a, b), c)",
    right: "merge(a, merge(b, c))",
    sides: (m, [a, b, c]) => [m(m(a!, b!), c!), m(a!, m(b!, c!))],
    why: "replicas that merge the same states in a different grouping would diverge",
  },
  idempotent: {
    names: ["a"],
    left: "merge(a, a)",
    right: "a",
    sides: (m, [a]) => [m(a!, a!), a!],
    why: "a state delivered twice (a retried sync) would change the result",
  },
};

const ORDER: MergeLaw[] = ["commutative", "associative", "idempotent"];

const MAX_JSON = 2000;

/**
 * Checks that a CRDT merge is commutative, associative and idempotent on states drawn from
 * `arbitraryState`, comparing results by canonical JSON (so states must be JSON values). Every
 * call gets fresh copies of its arguments, so a merge that updates one in place is judged by
 * what it returns. A merge that throws is a failure, not an exception. The merge runs
 * synchronously: one that never returns must be stopped by its sandbox.
 */
export function checkMergeLaws<S>(
  merge: (a: S, b: S) => S,
  arbitraryState: fc.Arbitrary<S>,
  options: MergeLawsOptions = {},
): MergeLawsResult {
  const numRuns = options.numRuns ?? 200;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(numRuns) || numRuns < 1)
    throw new RangeError(`numRuns must be a positive integer, not ${numRuns}`);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, not ${seed}`);
  const fresh = (a: S, b: S) => merge(structuredClone(a), structuredClone(b));
  const failures: MergeLawFailure[] = [];
  for (const law of ORDER) {
    const spec = LAWS[law];
    const arbitraries = spec.names.map(() => arbitraryState);
    const run = fc.check(
      fc.property(fc.tuple(...arbitraries), (states) => holds(spec, fresh, states)),
      { numRuns, seed },
    );
    if (!run.failed || !run.counterexample) continue;
    const failure = explain(law, fresh, run.counterexample[0]);
    failures.push(failure);
    if (failure.threw !== undefined) break;
  }
  const message =
    failures.length === 0
      ? `Your merge is commutative, associative and idempotent on ${numRuns} generated cases each (seed ${seed}).`
      : failures.map((f) => f.message).join(" ");
  return { verdict: failures.length === 0 ? "ok" : "illegal", seed, numRuns, failures, message };
}

function holds<S>(spec: LawSpec, merge: (a: S, b: S) => S, states: S[]): boolean {
  const [left, right] = spec.sides(merge, states);
  return canonicalJson(left) === canonicalJson(right);
}

/** Runs the law once more on the shrunk states to say what each side came to, or what was thrown. */
function explain<S>(law: MergeLaw, merge: (a: S, b: S) => S, states: S[]): MergeLawFailure {
  const spec = LAWS[law];
  const named = Object.fromEntries(spec.names.map((name, i) => [name, states[i]]));
  const given = spec.names
    .map((name, i) => `${name} = ${cut(canonicalJson(states[i]))}`)
    .join(", ");
  let left: string;
  let right: string;
  try {
    const [l, r] = spec.sides(merge, states);
    left = cut(canonicalJson(l));
    right = cut(canonicalJson(r));
  } catch (error) {
    const threw = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      law,
      states: named,
      threw,
      message: `Your merge threw: ${threw} — on ${given} (while checking that it is ${law}).`,
    };
  }
  const message =
    left === right
      ? `Your merge broke the ${law} law on ${given}, but gave equal results when run again: is it deterministic?`
      : law === "idempotent"
        ? `Your merge is not idempotent: merging a state with itself changed it. With ${given}, ` +
          `merge(a, a) = ${left}. Merging must leave a state it already contains unchanged: ${spec.why}.`
        : `Your merge is not ${law}: with ${given}, ${spec.left} = ${left} but ${spec.right} = ${right}; ${spec.why}.`;
  return { law, states: named, sides: { left, right }, message };
}

function cut(json: string): string {
  return json.length <= MAX_JSON
    ? json
    : `${json.slice(0, MAX_JSON)}… (${json.length - MAX_JSON} more characters)`;
}
