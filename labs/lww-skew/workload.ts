/**
 * The implement task's writes, planned from the seed before the run. Each key is written by
 * c0 through n1 (whose clock is ahead) a few times, then by c1 and c2 in turn through n2 and
 * n3 — each write only after the previous one to that key was acknowledged, so every write
 * is provably newer than the last. The shape is fixed so that every wrong clock loses a
 * write on every seed: n1's stamps outrank the next writes under wall clocks; n1 takes more
 * writes than any other replica, so a counter never advanced on receive stays behind it; and
 * n2 and n3 alternate inside the skew window, so stamps that only tie (max without +1) lose
 * a write whichever way node ids break the tie. The seed picks who follows n1 and the pauses.
 */
import { createRng } from "@/lib/labs/rng";

export const KEYS = ["x", "y"];
/** Writes through n1 that open each key. */
export const N1_WRITES = 3;
/** Pause between n1's own writes: only one replica, so no gossip to wait for. */
const SAME_NODE_PAUSE_MS = { min: 40, max: 80 };
/** Pause before a write through another replica: gossip (every tick) reaches it well within. */
export const HANDOVER_PAUSE_MS = { min: 120, max: 200 };

export interface PlannedPut {
  key: string;
  /** The client: process i writes through NODES[i]. */
  process: number;
  /** `x4`: the fourth write of x; unique per key, so a read names the write it came from. */
  value: string;
  /** How long to wait, after the previous write was acknowledged, before sending this one. */
  pauseMs: number;
}

export function planWrites(seed: number): PlannedPut[] {
  const rng = createRng(seed).fork("writes");
  const plan: PlannedPut[] = [];
  for (const key of KEYS) {
    const [first, second] = rng.shuffle([1, 2]) as [number, number];
    const writers = [...Array<number>(N1_WRITES).fill(0), first, second, first, second];
    writers.forEach((process, i) => {
      const range = i > 0 && writers[i - 1] === process ? SAME_NODE_PAUSE_MS : HANDOVER_PAUSE_MS;
      plan.push({ key, process, value: `${key}${i + 1}`, pauseMs: rng.int(range.min, range.max) });
    });
  }
  return plan;
}
