/**
 * The siblings grade: did the replicas run the student's functions without failing, did every
 * replica answer, and do the final siblings keep every acknowledged concurrent write (none
 * silently dropped) and nothing a later write had read and replaced (no false siblings)?
 */
import { checkSiblingsKept } from "@/lib/checkers";
import type { Grade } from "@/lib/labs/types";
import { FINAL_READ_ATTEMPTS, FINAL_READ_TIMEOUT_MS, NODES } from "./settings";
import type { SiblingsRun } from "./scenario";

export function gradeSiblings(run: SiblingsRun): Grade {
  const details = { finalReads: run.finalReads };
  if (run.programErrors.length > 0) {
    return { verdict: "fail", diagnosis: `Your functions failed inside the replicas: ${run.programErrors.join("; ")}.`, hint: "compare must return one of before / after / equal / concurrent, and mergeSiblings an array of { value, vv }.", details };
  }
  const answered = new Set(run.finalReads.map((r) => r.node));
  const silent = NODES.filter((n) => !answered.has(n));
  // What the replicas that did answer hold is judged first: a false sibling there names the
  // mistake, and keeping every sibling is also what makes a replica too busy to answer.
  const result = checkSiblingsKept(run.history, { finalReads: run.finalReads });
  if (silent.length > 0 && result.verdict !== "illegal")
    return { verdict: "fail", diagnosis: `${silent.join(", ")} did not answer the final read (${FINAL_READ_ATTEMPTS} tries of ${FINAL_READ_TIMEOUT_MS / 1000} s each).`, hint: "compare and mergeSiblings run on every message a replica gets: a replica too busy to answer is usually merging a sibling list that only grows.", details };
  if (result.verdict === "illegal") {
    const first = result.violations[0]!;
    const hint =
      first.kind === "dropped"
        ? "Two writes whose vectors are concurrent (neither is before the other) must both stay as siblings; only a write whose vector is after another may replace it."
        : first.kind === "resurrected"
          ? "A write whose vector is after a sibling's (its client had read that sibling) replaces it: drop every sibling the incoming one is after, and ignore an incoming one that an existing sibling is after or equal to."
          : "Keep only values that were written.";
    return { verdict: "fail", diagnosis: result.message, hint, ...(first.write ? { witness: { kind: `sibling-${first.kind}`, op: first.write } } : {}), details };
  }
  const kept = run.finalReads[0]?.value as unknown[];
  return {
    verdict: "pass",
    diagnosis: `Every replica ends with the same ${kept.length} sibling${kept.length === 1 ? "" : "s"}: every acknowledged write that was concurrent with another is kept, and every write a later one had read was replaced — no write lost, no false sibling.`,
    details,
  };
}
