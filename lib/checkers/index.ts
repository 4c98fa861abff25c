export {
  checkLinearizable,
  type IllegalWitness,
  type KeyResult,
  type LinearizabilityOptions,
  type LinearizabilityResult,
  type Verdict,
} from "./linearizability/check";
export { registerModel } from "./linearizability/register-model";
export { kvModel } from "./linearizability/kv-model";
export { keyedModel } from "./linearizability/keyed-model";
export type { Model, ModelName } from "./linearizability/model";
export { describeOp, witnessOp, type WitnessOp } from "./witness-op";
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
