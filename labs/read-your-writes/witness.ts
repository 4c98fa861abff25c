/** A grade's witness: the read a diagnosis is about, with the write or earlier read it is compared with. */
import { witnessOp } from "@/lib/checkers";
import { pairOperations } from "@/lib/history/operations";
import type { History } from "@/lib/history/types";
import type { GradeWitness } from "@/lib/labs/types";

export function witnessOf(history: History, kind: string, index: number, relatedIndex?: number): { witness?: GradeWitness } {
  const ops = pairOperations(history);
  const op = ops.find((o) => o.index === index);
  const related = ops.filter((o) => relatedIndex !== undefined && o.index === relatedIndex).map(witnessOp);
  return op ? { witness: { kind, op: witnessOp(op), ...(related.length > 0 ? { related } : {}) } } : {};
}
