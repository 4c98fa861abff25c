/**
 * One grade for both implement tasks, checks in the order that names the real mistake: did
 * the program run; did every replica answer; was every acknowledged add counted exactly once
 * on every replica (none lost, none doubled); do the replicas agree; and is the merge a
 * merge (commutative, associative, idempotent) even where this run did not exercise it.
 */
import { checkConvergence, checkCounter, type MergeLawsResult } from "@/lib/checkers";
import type { Grade } from "@/lib/labs/types";
import type { CounterRun } from "./scenario";

const DOUBLED_HINT =
  "Gossip repeats itself and the network duplicates messages, so a replica sees the same state many times. Merging must be idempotent: take the maximum per node, never add what a peer reports.";
const LOST_HINT =
  "Keep one count per node and merge per node. A single total cannot be merged: max loses the adds another replica made meanwhile, and a replica must keep gossiping its state until every peer has it.";

export function gradeCounter(run: CounterRun, laws: MergeLawsResult): Grade {
  const details = { finalReads: run.finalReads, mergeLaws: laws.message };
  if (run.programErrors.length > 0) {
    return { verdict: "fail", diagnosis: `Your program failed while the replicas ran: ${run.programErrors.join("; ")}.`, hint: "Each step must return { state, send? } and never throw.", details };
  }
  const silent = Object.entries(run.finalReads).filter(([, v]) => typeof v !== "number").map(([node]) => node);
  if (silent.length > 0) {
    return { verdict: "fail", diagnosis: `${silent.join(", ")} did not answer a read with a number after the heal.`, hint: 'A "read" message must be answered with { type: "read_ok", value, in_reply_to: its msg_id }.', details };
  }
  const counter = checkCounter(run.history, { finalReads: run.finalReads });
  if (counter.verdict === "illegal") {
    const doubled = counter.violations.some((v) => v.kind === "too-high");
    return { verdict: "fail", diagnosis: counter.message, hint: doubled ? DOUBLED_HINT : LOST_HINT, details };
  }
  const agreed = checkConvergence(run.finalReads);
  if (agreed.verdict === "illegal") return { verdict: "fail", diagnosis: `${agreed.message} A replicated counter must end equal everywhere once the network is whole.`, hint: LOST_HINT, details };
  if (laws.verdict === "illegal") return { verdict: "fail", diagnosis: `The run came out right, but your merge is not a merge: ${laws.message}`, hint: DOUBLED_HINT, details };
  const acknowledged = counter.acknowledged.length;
  return {
    verdict: "pass",
    diagnosis: `Every replica reads ${String(Object.values(run.finalReads)[0])}: each of the ${acknowledged} acknowledged adds counted exactly once, through duplicated and reordered messages and a partition, and your merge is commutative, associative and idempotent.`,
    details,
  };
}
