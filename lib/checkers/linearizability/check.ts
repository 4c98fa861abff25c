import { pairOperations, type Operation } from "@/lib/history/operations";
import type { History } from "@/lib/history/types";
import { keyedModel } from "./keyed-model";
import { kvModel } from "./kv-model";
import type { Model, ModelName } from "./model";
import { registerModel } from "./register-model";
import { startSearch, type SearchOp, type SearchResult } from "./search";
import { uniqueValuesCheck } from "./unique-values-check";
import { witnessOp, type WitnessOp } from "../witness-op";

export type Verdict = "ok" | "illegal" | "unknown";

export interface LinearizabilityOptions {
  model: ModelName;
  /** Total time for all keys; past it the verdict is "unknown". Default 10 000 ms. */
  timeBudgetMs?: number;
  /** Check each key on its own (P-compositionality). Default true; false is the slow baseline. */
  splitByKey?: boolean;
  /**
   * "auto" (default): the polynomial unique-values check for each key whose writes all write
   * distinct values, the Wing–Gong search otherwise. "search": always the search.
   */
  method?: "auto" | "search";
  /** Most configurations one key's search may remember before answering "unknown". */
  maxConfigurations?: number;
}

export type Method = "unique-values" | "search";

export interface IllegalWitness {
  /** The key whose sub-history is not linearizable (null: operations without a key). */
  key: string | null;
  /** The longest linearizable prefix the search found, in linearization order. */
  prefix: WitnessOp[];
  /** The model state after that prefix. */
  stateAfterPrefix: unknown;
  /** The operation that had to take effect next (it had returned) but cannot be placed. */
  blocked: WitnessOp;
  message: string;
}

export interface KeyResult {
  key: string | null;
  /** "unknown" also when the check stopped early because another key was illegal. */
  verdict: Verdict;
  operations: number;
  elapsedMs: number;
  /** How this key was decided. */
  method: Method;
  /** Configurations the search remembered before its verdict (search only). */
  configurations?: number;
}

export interface LinearizabilityResult {
  verdict: Verdict;
  witness?: IllegalWitness;
  keys: KeyResult[];
  operations: number;
  elapsedMs: number;
}

const DEFAULT_BUDGET_MS = 10_000;
const SLICE_STEPS = 4096;

/**
 * Checks a history against a register or key-value model. Semantics: `info` (or no
 * completion) may or may not have taken effect; `fail` did not and is dropped, except a
 * failed cas, which observed a mismatch; unanswered reads are dropped.
 */
export function checkLinearizable(
  history: History,
  options: LinearizabilityOptions,
): LinearizabilityResult {
  const started = performance.now();
  const deadline = started + (options.timeBudgetMs ?? DEFAULT_BUDGET_MS);
  const operations = pairOperations(history);
  const model: Model<unknown, unknown> = (
    options.model === "kv" ? kvModel : registerModel
  ) as Model<unknown, unknown>;
  const partitions =
    options.splitByKey === false ? [{ key: null, ops: operations }] : partitionByKey(operations);
  const chosen =
    options.splitByKey === false ? (keyedModel(model) as Model<unknown, unknown>) : model;

  const searches = partitions.map(({ key, ops }) => {
    const prepared = prepare(chosen, ops);
    const keyStarted = performance.now();
    const decided =
      options.method === "search" || options.splitByKey === false
        ? null
        : uniqueValuesCheck(chosen, prepared);
    return {
      key,
      prepared,
      method: (decided ? "unique-values" : "search") as Method,
      next: decided ? () => decided : startSearch(chosen, prepared, options.maxConfigurations),
      elapsedMs: performance.now() - keyStarted,
      result: undefined as SearchResult<unknown> | undefined,
    };
  });
  // Round-robin slices stand in for Porcupine's parallel goroutines: the first illegal key
  // ends the check, even when another key is slow.
  let witness: IllegalWitness | undefined;
  let running = searches;
  while (running.length > 0 && witness === undefined && performance.now() < deadline) {
    for (const search of running) {
      const sliceStarted = performance.now();
      search.result = search.next(SLICE_STEPS) ?? undefined;
      search.elapsedMs += performance.now() - sliceStarted;
      if (search.result?.verdict === "illegal") {
        witness = illegalWitness(chosen, search.key, search.prepared, search.result);
        break;
      }
      if (performance.now() >= deadline) break;
    }
    running = running.filter((search) => search.result === undefined);
  }
  const keys: KeyResult[] = searches.map((search) => ({
    key: search.key,
    verdict: search.result?.verdict ?? "unknown",
    operations: search.prepared.length,
    elapsedMs: search.elapsedMs,
    method: search.method,
    ...(search.result?.configurations === undefined
      ? {}
      : { configurations: search.result.configurations }),
  }));
  const verdict: Verdict = witness
    ? "illegal"
    : keys.some((k) => k.verdict === "unknown")
      ? "unknown"
      : "ok";
  return {
    verdict,
    ...(witness ? { witness } : {}),
    keys,
    operations: operations.length,
    elapsedMs: performance.now() - started,
  };
}

function illegalWitness(
  model: Model<unknown, unknown>,
  key: string | null,
  prepared: { op: Operation }[],
  result: Extract<SearchResult<unknown>, { verdict: "illegal" }>,
): IllegalWitness {
  const show = (i: number) => witnessOp(prepared[i]!.op);
  const prefix = result.prefix.map(show);
  const blocked = show(result.blocked);
  const stateAfterPrefix = model.describe(result.stateAfterPrefix);
  return {
    key,
    prefix,
    stateAfterPrefix,
    blocked,
    message: explain(key, prefix.length, stateAfterPrefix, blocked),
  };
}

function partitionByKey(operations: Operation[]): { key: string | null; ops: Operation[] }[] {
  const byKey = new Map<string | null, Operation[]>();
  for (const op of operations) {
    const key = op.key ?? null;
    const list = byKey.get(key);
    if (list) list.push(op);
    else byKey.set(key, [op]);
  }
  return [...byKey].map(([key, ops]) => ({ key, ops }));
}

function prepare<I>(
  model: Model<unknown, I>,
  ops: Operation[],
): (SearchOp<I> & { op: Operation })[] {
  const prepared: (SearchOp<I> & { op: Operation })[] = [];
  for (const op of ops) {
    const input = model.prepare(op);
    if (input !== null) prepared.push({ call: op.call, ret: op.ret, input, op });
  }
  return prepared;
}

function explain(
  key: string | null,
  prefixLength: number,
  state: unknown,
  blocked: WitnessOp,
): string {
  const where = key === null ? "" : ` on key ${JSON.stringify(key)}`;
  const what = `${blocked.f} ${JSON.stringify(blocked.value ?? null)}${blocked.outcome === "fail" ? " (failed)" : ""}`;
  return (
    `Not linearizable${where}: after the longest valid order found (${prefixLength} operations, state ` +
    `${JSON.stringify(state)}), process ${blocked.process}'s ${what} (operation ${blocked.index}) had already ` +
    "returned but cannot take effect in any order consistent with real time."
  );
}
