/**
 * Finds stale reads for a readable diagnosis: a get that returned a value which an
 * acknowledged put had certainly overwritten before the get began. The linearizability
 * checker decides pass/fail; this names the read, the write it missed and the replica.
 */
import type { History, HistoryOp } from "@/lib/history/types";

interface Completed {
  op: HistoryOp;
  invokedAt: number;
  completedAt: number;
}

export interface StaleRead {
  read: Completed;
  /** The newest put acknowledged before the read began that overwrote the value read. */
  missed: Completed;
}

function completedOps(history: History): Completed[] {
  const invokes = new Map<number, HistoryOp>();
  const out: Completed[] = [];
  for (const op of history) {
    if (op.type === "invoke") invokes.set(op.process, op);
    else {
      const inv = invokes.get(op.process);
      invokes.delete(op.process);
      if (op.type === "ok" && inv) out.push({ op, invokedAt: inv.time ?? 0, completedAt: op.time ?? 0 });
    }
  }
  return out;
}

/**
 * A get of key k returning v is stale when some put w2 to k was acknowledged before the get
 * began, and v is either nothing or the value of a put acknowledged before w2 began (so w2
 * certainly came after it). Puts with unknown outcome never count as proof.
 */
export function findStaleReads(history: History): StaleRead[] {
  const done = completedOps(history);
  const puts = done.filter((c) => c.op.f === "put");
  const stale: StaleRead[] = [];
  for (const read of done.filter((c) => c.op.f === "get")) {
    const key = read.op.key;
    const source = read.op.value === null ? null : puts.find((p) => p.op.key === key && p.op.value === read.op.value);
    if (read.op.value !== null && !source) continue;
    const overwriters = puts.filter(
      (w2) => w2.op.key === key && w2.completedAt < read.invokedAt && w2 !== source && (source === null || (source !== undefined && source.completedAt < w2.invokedAt)),
    );
    const missed = overwriters.reduce<Completed | undefined>((a, b) => (!a || b.completedAt > a.completedAt ? b : a), undefined);
    if (missed) stale.push({ read, missed });
  }
  return stale;
}

export function describeStaleRead({ read, missed }: StaleRead): string {
  const got = read.op.value === null ? "nothing (as if the key was never written)" : `"${String(read.op.value)}"`;
  return (
    `client c${read.op.process} read ${read.op.key} at ${Math.round(read.invokedAt)} ms and got ${got} from replica ${read.op.node ?? "?"}, ` +
    `although put ${missed.op.key}="${String(missed.op.value)}" had been acknowledged at ${Math.round(missed.completedAt)} ms`
  );
}
