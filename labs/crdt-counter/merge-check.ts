/**
 * The merge laws on the student's own `merge`, before any replica starts: loading their code
 * here also turns a program that does not compile or lacks an export into a clear failure
 * instead of three nodes that never start.
 */
import fc from "fast-check";
import { checkMergeLaws, type MergeLawsResult } from "@/lib/checkers";
import { createSandbox } from "@/lib/sandbox";
import { NODES } from "./settings";

export const PROGRAM_EXPORTS = ["init", "handle", "tick", "merge"];

const counts = fc.dictionary(fc.constantFrom(...NODES), fc.nat({ max: 50 }));
/** G-counter state: node id → that node's count. */
export const G_STATE = counts;
/** PN-counter state: increments and decrements, each a G-counter. */
export const PN_STATE = fc.record({ p: counts, n: counts });

export async function checkStudentMerge(code: string, state: fc.Arbitrary<unknown>, seed: number): Promise<MergeLawsResult> {
  const box = await createSandbox(code, { exports: PROGRAM_EXPORTS, callTimeoutMs: 100, totalTimeMs: 10_000 });
  try {
    return checkMergeLaws((a, b) => box.call("merge", a, b), state, { seed, numRuns: 100 });
  } finally {
    box.dispose();
  }
}
