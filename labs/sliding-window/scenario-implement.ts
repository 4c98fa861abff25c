/**
 * The implement task's traffic (lab ms; window 1 000 ms, limit 10). Each user shows a family
 * of mistakes on every seed; the seed only moves the split of the first window and the heavy
 * user's phase.
 */
import type { Rng } from "@/lib/labs/rng";
import { LIMIT, WINDOW_MS } from "./settings";
import type { Burst } from "./traffic";

export const EDGE = "edge";
export const HEAVY = "heavy";
export const BOUNDARY = "boundary";
export const USERS = [EDGE, HEAVY, BOUNDARY];
const HEAVY_UNTIL = WINDOW_MS + WINDOW_MS / 2;

export function implementBursts(rng: Rng): Burst[] {
  // 3–6 at 0 ms and the rest at 1 ms: at 1 000 ms exactly the first group leaves the window and
  // the second stays, so trimming one millisecond too much or too little both show.
  const first = rng.int(3, 6);
  const edge: Burst[] = [
    { at: 0, user: EDGE, count: first, phase: "filling the window", fault: "burst" },
    { at: 1, user: EDGE, count: LIMIT - first, phase: "filling the window", fault: "burst" },
    { at: WINDOW_MS / 2, user: EDGE, count: 2, phase: "over the limit" },
    { at: WINDOW_MS - 1, user: EDGE, count: 1, phase: "last ms of the window" },
    {
      at: WINDOW_MS,
      user: EDGE,
      count: 7,
      phase: "exactly one window later",
      fault: "boundary-burst",
    },
    {
      at: WINDOW_MS + 1,
      user: EDGE,
      count: 7,
      phase: "one window and 1 ms later",
      fault: "boundary-burst",
    },
  ];
  // Four times the limit, two at a time: a log that keeps rejected requests never lets it back in.
  const phase = rng.int(2, 49);
  const heavy: Burst[] = [];
  for (let at = phase; at < HEAVY_UNTIL; at += 50)
    heavy.push({ at, user: HEAVY, count: 2, phase: "heavy user" });
  const boundary: Burst[] = [
    {
      at: WINDOW_MS - 1,
      user: BOUNDARY,
      count: LIMIT,
      phase: "before the boundary",
      fault: "boundary-burst",
    },
    {
      at: WINDOW_MS,
      user: BOUNDARY,
      count: LIMIT,
      phase: "after the boundary",
      fault: "boundary-burst",
    },
  ];
  return [...edge, ...heavy, ...boundary];
}
