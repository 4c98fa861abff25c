/**
 * Words for the lost-writes checker's finding, in the lab's terms: which client's put through
 * which replica was acknowledged and then lost, and which older write every replica kept
 * instead — plus the witness the grade carries, so diagnosis and highlighted operation agree.
 */
import { canonicalJson, checkLostWrites, type FinalRead, type LostWritesResult, type WitnessOp } from "@/lib/checkers";
import { formatMs, witnessOp } from "@/lib/checkers/witness-op";
import { pairOperations } from "@/lib/history/operations";
import type { History } from "@/lib/history/types";
import type { GradeWitness } from "@/lib/labs/types";
import type { FinalReads, StoreRun } from "./scenario";
import { NODES } from "./settings";

export interface LostWriteFinding {
  result: LostWritesResult;
  /** The first lost write, told as a story; null when none was lost. */
  story: { description: string; witness: GradeWitness; winner: WitnessOp | null } | null;
}

/** `x = "x4", put by c1 through n2` — the value first, since it names the write. */
export function describePut(op: WitnessOp): string {
  return `${op.key ?? "?"} = ${JSON.stringify(op.value)}, put by c${op.process} through ${op.node ?? NODES[op.process] ?? "?"}`;
}

const at = (t: number | undefined) => (t === undefined ? "?" : `${formatMs(t)} ms`);

export function finalReadList(finalReads: FinalReads): FinalRead[] {
  return Object.entries(finalReads).flatMap(([node, reads]) => Object.entries(reads).map(([key, value]) => ({ key, node, value })));
}

export function findLostWrite(run: StoreRun): LostWriteFinding {
  const result = checkLostWrites(run.history, { finalReads: finalReadList(run.finalReads) });
  const lost = result.lost[0];
  if (!lost) return { result, story: null };
  const finals = [...new Set(lost.finalValues.map((v) => canonicalJson(v ?? null)))];
  const winner = finals.length === 1 ? putThatWrote(run.history, lost.key, finals[0]!) : null;
  const write = lost.write;
  const kept = finals.length === 1 ? `every replica reads ${lost.key} = ${finals[0]}` : `the replicas read ${lost.key} = ${finals.join(", ")}`;
  const description =
    `Lost write: ${describePut(write)} (operation ${write.index}), was acknowledged at ${at(write.retTime)}` +
    (winner ? `, after ${describePut(winner)}, had been acknowledged at ${at(winner.retTime)}; yet after gossip ${kept} — the older write won.` : `; yet after gossip ${kept}.`);
  return { result, story: { description, winner, witness: { kind: "lost-write", op: write, ...(winner ? { related: [winner] } : {}) } } };
}

function putThatWrote(history: History, key: string | null, value: string): WitnessOp | null {
  const op = pairOperations(history).find((o) => o.f === "put" && (o.key ?? null) === key && canonicalJson(o.input) === value);
  return op ? witnessOp(op) : null;
}
