import type { Model } from "./model";
import type { SearchOp, SearchResult } from "./search";
import { checkUniqueValues, writesAreUnique, type AccessOp } from "./unique-values";

/**
 * The polynomial check for one key, answering in the search's terms; null when it does not
 * apply (cas, append, a value written twice or the initial value written) so the caller
 * runs the search. Its orders are replayed through the model and checked against real
 * time before they are reported: a wrong order would be a bug, and falls back too.
 */
export function uniqueValuesCheck<S, I>(
  model: Model<S, I>,
  ops: readonly SearchOp<I>[],
): SearchResult<S> | null {
  if (!model.access) return null;
  const accesses: AccessOp[] = [];
  for (const op of ops) {
    const access = model.access(op.input);
    if (!access) return null;
    accesses.push({ ...access, call: op.call, ret: op.ret });
  }
  if (!writesAreUnique(accesses)) return null;
  const result = checkUniqueValues(accesses);
  if (!result) return null;
  const order = result.verdict === "ok" ? result.order : result.prefix;
  const state = replay(model, ops, order);
  if (state === undefined || !respectsRealTime(ops, order)) return null;
  if (result.verdict === "ok") return completes(ops, order) ? { verdict: "ok", order } : null;
  return { verdict: "illegal", prefix: order, stateAfterPrefix: state, blocked: result.blocked };
}

function replay<S, I>(model: Model<S, I>, ops: readonly SearchOp<I>[], order: number[]) {
  let state: S | undefined = model.init();
  for (const i of order) if (state !== undefined) state = model.step(state, ops[i]!.input);
  return state;
}

/** No operation is ordered after one that was invoked after it returned. */
function respectsRealTime<I>(ops: readonly SearchOp<I>[], order: number[]): boolean {
  let earliestReturnAfter = Infinity;
  for (let k = order.length - 1; k >= 0; k--) {
    const op = ops[order[k]!]!;
    if (op.call > earliestReturnAfter) return false;
    earliestReturnAfter = Math.min(earliestReturnAfter, op.ret);
  }
  return true;
}

/** Every operation that returned is in the order (only unknown outcomes may be left out). */
function completes<I>(ops: readonly SearchOp<I>[], order: number[]): boolean {
  const placed = new Set(order);
  return ops.every((op, i) => op.ret === Infinity || placed.has(i));
}
