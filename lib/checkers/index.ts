/**
 * Checkers: pure functions over recorded histories (lib/history), each returning a verdict
 * and a readable witness. Linearizability has three outcomes (ok / illegal / unknown when the
 * time budget or the search's memory cap runs out); the others are ok / illegal. Keys whose
 * writes all write distinct values are decided in polynomial time (keys[i].method).
 *   checkLinearizable(history, { model: "register" | "kv", timeBudgetMs?, splitByKey?, method?, maxConfigurations? })
 *   findStaleReads(history)                       — reads older than an acknowledged write
 *   checkLostWrites(history, { finalReads? })     — acknowledged writes missing at the end
 *   checkConvergence({ [node]: finalState })      — did the replicas end equal?
 *   checkSiblingsKept(history, { finalReads })    — concurrent writes kept as siblings, superseded ones gone
 *   checkCounter(history, { finalReads })         — each acknowledged add counted once: none lost, none doubled
 *   checkMergeLaws(merge, arbitraryState, { numRuns?, seed? }) — commutative, associative, idempotent
 *   checkRateBound(admittedTimes, { windowMs, bound }) — most admitted in any rolling window
 */
export {
  checkLinearizable,
  type IllegalWitness,
  type KeyResult,
  type LinearizabilityOptions,
  type LinearizabilityResult,
  type Method,
  type Verdict,
} from "./linearizability/check";
export { registerModel } from "./linearizability/register-model";
export { kvModel } from "./linearizability/kv-model";
export { keyedModel } from "./linearizability/keyed-model";
export type { Model, ModelName } from "./linearizability/model";
export { describeOp, witnessAt, witnessOp, type WitnessOp } from "./witness-op";
export {
  checkLostWrites,
  type FinalRead,
  type LostWrite,
  type LostWritesOptions,
  type LostWritesResult,
} from "./lost-writes";
export { findStaleReads, type StaleRead, type StaleReadsResult } from "./stale-reads";
export {
  checkConvergence,
  canonicalJson,
  type ConvergenceGroup,
  type ConvergenceResult,
} from "./convergence";
export {
  checkRateBound,
  type RateBoundOptions,
  type RateBoundResult,
  type RateKeyResult,
  type RateWindow,
} from "./rate-window";
export {
  checkSiblingsKept,
  type SiblingViolation,
  type SiblingWrite,
  type SiblingsOptions,
  type SiblingsResult,
} from "./siblings";
export {
  checkCounter,
  type CounterOptions,
  type CounterRange,
  type CounterResult,
  type CounterViolation,
} from "./counter";
export {
  checkMergeLaws,
  type MergeLaw,
  type MergeLawFailure,
  type MergeLawsOptions,
  type MergeLawsResult,
} from "./merge-laws";
