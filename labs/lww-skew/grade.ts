/**
 * The implement task's grade, checks in the order that names the real mistake: did the
 * program run; did every replica answer every get; was every put acknowledged; is every
 * value read one a client wrote; was any acknowledged write lost; do the replicas agree.
 */
import { canonicalJson, checkConvergence } from "@/lib/checkers";
import { witnessOp } from "@/lib/checkers/witness-op";
import { pairOperations } from "@/lib/history/operations";
import type { Grade } from "@/lib/labs/types";
import { notExercised } from "@/lib/labs/workload-tally";
import { describePut, findLostWrite } from "./lost-write";
import type { StoreRun } from "./scenario";
import { skewWindowMissed } from "./skew-window";
import { SKEW_MS, SKEWED_NODE } from "./settings";

const LOST_HINT = `${SKEWED_NODE}'s stamps are ${SKEW_MS} ms in the future, so for ${SKEW_MS} ms every wall-clock stamp from the other replicas loses to them. Each write here was made by a replica that had already heard (by gossip) of the write before it: stamp a write so that it outranks everything its replica has heard of. What must a replica do with the stamps it receives?`;
const TIE_HINT = `The write that won did not come from ${SKEWED_NODE}: two writes got the same stamp and the node id decided. A write must be stamped strictly above every stamp its replica has seen, not merely as high.`;
const REPLY_HINT = 'Answer "put" with { type: "put_ok" } and "get" with { type: "get_ok", value } (null for a key never written), each with in_reply_to: the message\'s msg_id.';

export function gradeStore(run: StoreRun): Grade {
  const details = { finalReads: run.finalReads };
  if (run.programErrors.length > 0) {
    return { verdict: "fail", diagnosis: `Your program failed while the replicas ran: ${run.programErrors.join("; ")}.`, hint: "Each step must return { state, send? } and never throw.", details };
  }
  const silent = Object.entries(run.finalReads).flatMap(([node, reads]) => run.keys.filter((k) => reads[k] === undefined).map((k) => `${node} (get ${k})`));
  if (silent.length > 0) return { verdict: "fail", diagnosis: `No answer after the heal from ${silent.join(", ")}.`, hint: REPLY_HINT, details };

  const operations = pairOperations(run.history);
  const puts = operations.filter((op) => op.f === "put");
  const unacked = puts.find((op) => op.outcome !== "ok");
  if (unacked) {
    const op = witnessOp(unacked);
    return { verdict: "fail", diagnosis: `${describePut(op)} (operation ${op.index}), was never acknowledged: ${unacked.error ?? "no put_ok"}.`, hint: REPLY_HINT, witness: { kind: "unacknowledged", op }, details };
  }
  const written = new Set(puts.map((op) => `${op.key}=${canonicalJson(op.input)}`));
  for (const [node, reads] of Object.entries(run.finalReads)) {
    for (const [key, value] of Object.entries(reads)) {
      if (value !== null && !written.has(`${key}=${canonicalJson(value)}`)) {
        return { verdict: "fail", diagnosis: `${node} answered get ${key} with ${canonicalJson(value)}, which no client wrote.`, hint: "get_ok's value is the value a client put (a string), not your stored entry with its stamp.", details };
      }
    }
  }
  const lost = findLostWrite(run);
  if (lost.story) {
    const tie = lost.story.winner && lost.story.winner.node !== SKEWED_NODE;
    return { verdict: "fail", diagnosis: lost.story.description, hint: tie ? TIE_HINT : LOST_HINT, witness: lost.story.witness, details: { ...details, lostWrites: lost.result.lost.length } };
  }
  const agreed = checkConvergence(run.finalReads);
  if (agreed.verdict === "illegal") {
    return { verdict: "fail", diagnosis: `${agreed.message} Once the clocks are right and the network is quiet, every replica must read the same.`, hint: "A write reaches the other replicas only if your replica tells them: gossip what you hold, and keep what you receive when its stamp is higher.", details };
  }
  // Every failure above holds whenever the writes came; a pass means something only inside the skew.
  const missed = skewWindowMissed(run);
  if (missed) return notExercised(missed, details);
  const values = run.keys.map((k) => `${k} = ${canonicalJson(Object.values(run.finalReads)[0]?.[k] ?? null)}`).join(", ");
  return {
    verdict: "pass",
    diagnosis: `Every replica reads ${values} — the last acknowledged write of each key — although ${SKEWED_NODE}'s clock ran ${SKEW_MS} ms ahead: none of the ${lost.result.checked} acknowledged writes was lost.`,
    details,
  };
}
