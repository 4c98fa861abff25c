import { ConfigurationCache } from "./configuration-cache";
import type { Model } from "./model";
import { StateTable } from "./state-table";

export type SearchResult<S> = (
  | { verdict: "ok"; order: number[] }
  | { verdict: "illegal"; prefix: number[]; stateAfterPrefix: S; blocked: number }
  | { verdict: "unknown" }
) & {
  /** Configurations the search remembered (absent when it did not search). */
  configurations?: number;
};

/** What the search needs of an operation: its real-time interval and its prepared input. */
export interface SearchOp<I> {
  call: number;
  /** Infinity for an operation whose outcome is unknown. */
  ret: number;
  input: I;
}

const NONE = -1;
const DEADLINE_CHECK_EVERY = 1024;

/**
 * Wing–Gong linearizability search with Lowe's memoisation, as in Porcupine's checkSingle.
 * Hand-written: no maintained npm package implements it.
 *
 * Call and return events sit in a doubly linked list in real-time order. The search walks
 * it, tentatively linearizing each call whose step is legal (lifting the call and its
 * return out of the list); reaching a return means that operation was not linearized
 * before it finished, so it backtracks. A cache of (set of linearized operations, state)
 * pairs prunes orders that reach a configuration already explored.
 *
 * One shortcut beyond Porcupine's: an operation that cannot change the state (a read), met
 * while it may be linearized (every operation that returned before it was called already is)
 * and legal in the current state, is linearized there for good: the orders that put it later
 * are not tried. Sound because any valid order that places it later stays valid with it moved
 * here — it leaves every state as it was, and nothing that must precede it is left. So when
 * the configuration after it fails (or was seen before, hence failed), the one before it fails
 * too and the search backtracks past both. Read-heavy histories shed most of their branching.
 *
 * Indices in the result refer to positions in `ops`.
 */
export function searchLinearization<S, I>(
  model: Model<S, I>,
  ops: readonly SearchOp<I>[],
  deadline: number,
  maxConfigurations?: number,
): SearchResult<S> {
  const search = startSearch(model, ops, maxConfigurations);
  for (;;) {
    const result = search(DEADLINE_CHECK_EVERY);
    if (result) return result;
    if (performance.now() > deadline) return { verdict: "unknown" };
  }
}

/**
 * A resumable search: each call runs at most `maxSteps` steps and returns the result, or
 * null when it is not done yet. Lets the checker interleave keys the way Porcupine runs
 * them in parallel, so one hard key cannot hide an easy illegal one.
 */
export function startSearch<S, I>(
  model: Model<S, I>,
  ops: readonly SearchOp<I>[],
  maxConfigurations?: number,
): (maxSteps: number) => SearchResult<S> | null {
  const n = ops.length;
  const { next, prev, opOf, match, isCall } = linkedEvents(ops);
  const head = 2 * n;
  const zobrist = zobristKeys(n);
  const states = new StateTable(
    model,
    ops.map((op) => op.input),
  );
  const bits = new Int32Array(Math.ceil(n / 32) || 1);
  const cache = new ConfigurationCache(bits.length, (a, b) => states.same(a, b), maxConfigurations);
  const stackEntries = new Int32Array(n);
  const stackStates = new Int32Array(n);
  const readOnly = Uint8Array.from(ops, (op) => (model.readOnly?.(op.input) ? 1 : 0));
  let depth = 0;
  // The deepest prefix so far. Only the part of the stack below which it changed since the
  // last copy is copied again (`unchangedBelow`), not the whole stack.
  const bestPrefix = new Int32Array(n);
  let bestDepth = -1;
  let bestState = states.intern(model.init());
  states.keep(bestState);
  let bestBlocked = NONE;
  let unchangedBelow = 0;
  // The loop's position survives between slices here; it runs on local copies for speed.
  let savedState = bestState;
  let savedEntry = next[head]!;
  let savedHash = 0;
  const illegal = (): SearchResult<S> => ({
    verdict: "illegal",
    configurations: cache.size,
    prefix: Array.from(bestPrefix.subarray(0, bestDepth)),
    stateAfterPrefix: states.states[bestState]!,
    blocked: bestBlocked,
  });

  return (maxSteps: number) => {
    let state = savedState;
    let entry = savedEntry;
    let bitsHash = savedHash;
    for (let steps = 0; next[head] !== NONE; steps++) {
      if (steps === maxSteps) {
        savedState = state;
        savedEntry = entry;
        savedHash = bitsHash;
        return null;
      }
      if (isCall[entry]) {
        const op = opOf[entry]!;
        const after = states.step(state, op);
        if (after !== -1) {
          if (cache.full) return { verdict: "unknown", configurations: cache.size };
          bits[op >>> 5]! ^= 1 << (op & 31);
          if (cache.add(hashOf(bitsHash ^ zobrist[op]!, states.hashOf(after)), bits, after)) {
            states.keep(after);
            bitsHash ^= zobrist[op]!;
            stackEntries[depth] = entry;
            stackStates[depth++] = state;
            state = after;
            // Lift the call and its return out of the list.
            const m = match[entry]!;
            next[prev[entry]!] = next[entry]!;
            prev[next[entry]!] = prev[entry]!;
            next[prev[m]!] = next[m]!;
            if (next[m] !== NONE) prev[next[m]!] = prev[m]!;
            entry = next[head]!;
            continue;
          }
          bits[op >>> 5]! ^= 1 << (op & 31);
          // A read whose configuration was explored before: this one fails as well.
          if (!readOnly[op]) {
            entry = next[entry]!;
            continue;
          }
        } else {
          entry = next[entry]!;
          continue;
        }
      } else if (depth > bestDepth) {
        // This operation returned without having been linearized: the deepest prefix so far.
        for (let k = unchangedBelow; k < depth; k++) bestPrefix[k] = opOf[stackEntries[k]!]!;
        bestDepth = depth;
        bestState = state;
        bestBlocked = opOf[entry]!;
        unchangedBelow = depth;
      }
      // Undo the latest choice, and every read linearized for good on the way down to it.
      let undone: number;
      do {
        if (depth === 0) return illegal();
        undone = stackEntries[--depth]!;
        state = stackStates[depth]!;
        const op = opOf[undone]!;
        bits[op >>> 5]! ^= 1 << (op & 31);
        bitsHash ^= zobrist[op]!;
        // Put the call and its return back where they were.
        const m = match[undone]!;
        next[prev[m]!] = m;
        if (next[m] !== NONE) prev[next[m]!] = m;
        prev[next[undone]!] = undone;
        next[prev[undone]!] = undone;
      } while (readOnly[opOf[undone]!]);
      if (depth < unchangedBelow) unchangedBelow = depth;
      entry = next[undone]!;
    }
    return {
      verdict: "ok",
      configurations: cache.size,
      order: Array.from(stackEntries.subarray(0, depth), (e) => opOf[e]!),
    };
  };
}

const hashOf = (bitsHash: number, stateHash: number) => bitsHash ^ Math.imul(stateHash, 0x9e3779b1);

/** Events in real-time order (calls before returns at equal ranks), linked after a head node. */
function linkedEvents<I>(ops: readonly SearchOp<I>[]) {
  const n = ops.length;
  const events: { time: number; isCall: boolean; op: number }[] = [];
  ops.forEach((op, i) => {
    events.push({ time: op.call, isCall: true, op: i });
    events.push({ time: op.ret, isCall: false, op: i });
  });
  events.sort((a, b) =>
    a.time === b.time ? Number(b.isCall) - Number(a.isCall) || a.op - b.op : a.time - b.time,
  );
  const head = 2 * n;
  const next = new Int32Array(2 * n + 1).fill(NONE);
  const prev = new Int32Array(2 * n + 1).fill(NONE);
  const opOf = new Int32Array(2 * n);
  const match = new Int32Array(2 * n);
  const isCall = new Uint8Array(2 * n);
  const callEvent = new Int32Array(n);
  let last = head;
  events.forEach((event, e) => {
    opOf[e] = event.op;
    isCall[e] = event.isCall ? 1 : 0;
    if (event.isCall) callEvent[event.op] = e;
    else match[callEvent[event.op]!] = e;
    next[last] = e;
    prev[e] = last;
    last = e;
  });
  return { next, prev, opOf, match, isCall };
}

/** Deterministic random 32-bit keys per operation (splitmix32), XORed into a set hash. */
function zobristKeys(n: number): Int32Array {
  const keys = new Int32Array(n);
  let seed = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    seed = (seed + 0x9e3779b9) | 0;
    let z = seed;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    keys[i] = z ^ (z >>> 16);
  }
  return keys;
}
