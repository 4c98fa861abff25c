export { defineLab, LabDefinitionError } from "./define";
export {
  LABS_DIR,
  listLabIds,
  listLabs,
  loadAllLabs,
  loadLab,
  type LabLoadFailure,
  type LabsDirOption,
} from "./discover";
export { LabFailure, LabNotFoundError, LabRunError, RunAborted, throwIfAborted } from "./errors";
export { buildManifest } from "./manifest";
export { scaffoldLab, type ScaffoldOptions } from "./scaffold";
export { MetricBuckets } from "./metric-buckets";
export { runPhases, type OnTeardown, type PhasePlan } from "./phases";
export { createRng, mulberry32, type Rng } from "./rng";
export { runLabInProcess, type InProcessRunOptions } from "./run-in-process";
export {
  listSolutions,
  matchExpectation,
  readExpectations,
  readSolution,
  type SolutionExpectation,
} from "./solutions";
export type * from "./types";
export { runSolution, solutionCases, type SolutionCase, type SolutionRun } from "./check-solutions";
