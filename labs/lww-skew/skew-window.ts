/**
 * What the lab's story needs and a starved machine can skip: every write after n1's lands
 * while n1's clock is still ahead of it. A wall-clock store loses such a write because n1's
 * stamp is SKEW_MS in the future; a write acknowledged later than that would win even there,
 * and a wrong clock would pass. Says what happened instead, or null when the story held.
 */
import { pairOperations } from "@/lib/history/operations";
import { NODES, SKEW_MS, SKEWED_NODE } from "./settings";
import type { StoreRun } from "./scenario";

/** A write's stamp is taken between its call and its acknowledgement: judge by the far ends. */
export function skewWindowMissed(run: StoreRun): string | null {
  const puts = pairOperations(run.history).filter((op) => op.f === "put");
  const skewed = NODES.indexOf(SKEWED_NODE);
  for (const key of run.keys) {
    const ofKey = puts.filter((op) => op.key === key).sort((a, b) => a.call - b.call);
    const lastSkewed = ofKey.filter((op) => op.process === skewed).at(-1);
    if (lastSkewed?.callTime === undefined) continue;
    for (const op of ofKey.filter((o) => o.call > lastSkewed.call && o.process !== skewed)) {
      const after = op.retTime === undefined || !Number.isFinite(op.retTime) ? null : op.retTime - lastSkewed.callTime;
      if (after === null || after >= SKEW_MS)
        return `the write of ${key} through ${NODES[op.process]} was acknowledged ${after === null ? "never" : `${Math.round(after)} ms after ${SKEWED_NODE}'s last write of ${key} was sent`}, and the story needs it inside the ${SKEW_MS} ms ${SKEWED_NODE}'s clock runs ahead`;
    }
  }
  return null;
}
