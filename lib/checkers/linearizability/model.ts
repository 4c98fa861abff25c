import type { Operation } from "@/lib/history/operations";

/**
 * A sequential specification in Porcupine's shape: pure functions, no I/O.
 * `prepare` turns each recorded operation into a step input once, so the search loop only
 * calls `step`; it returns null for an operation that cannot have had an effect (dropped).
 */
export interface Model<S, I> {
  readonly name: string;
  prepare(op: Operation): I | null;
  init(): S;
  /** The state after `input`, or undefined when its observed output is impossible from `state`. */
  step(state: S, input: I): S | undefined;
  equal(a: S, b: S): boolean;
  /** A 32-bit hash consistent with `equal`; it keeps the search's cache buckets small. */
  hash(state: S): number;
  /**
   * Whether the states reachable with these inputs are few (say, one per written value),
   * so that the search interns them and memoises steps. Absent: false.
   */
  fewStates?(inputs: readonly I[]): boolean;
  /**
   * Whether `input` can never change the state (a read, a cas that observed a mismatch). The
   * search linearizes such an operation as soon as it may, without trying orders that put it
   * later (see search.ts). Absent: false. A wrong true makes the checker fail right answers.
   */
  readOnly?(input: I): boolean;
  /** A JSON-friendly view of a state, for witnesses. */
  describe(state: S): unknown;
  /**
   * For the polynomial unique-values check: the input as a plain read or write of a
   * canonical value (null = the initial value), or null when it is neither (cas, append).
   */
  access?(input: I): Access | null;
}

export interface Access {
  write: boolean;
  value: string | null;
}

export type ModelName = "register" | "kv";
