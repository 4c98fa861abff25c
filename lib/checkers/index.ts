export {
  checkLinearizable,
  type IllegalWitness,
  type KeyResult,
  type LinearizabilityOptions,
  type LinearizabilityResult,
  type Verdict,
  type WitnessOp,
} from "./linearizability/check";
export { registerModel } from "./linearizability/register-model";
export { kvModel } from "./linearizability/kv-model";
export { keyedModel } from "./linearizability/keyed-model";
export type { Model, ModelName } from "./linearizability/model";
