/** The byzantine lab's system: how many traitors, how long a read may take, how slow is slow. */
export const F = 1;
/** Replicas of the implement task: 3f + 1. */
export const N_DEFAULT = 3 * F + 1;
export const KEY = "balance";
/** Read rounds after the first write: one for each kind of lie the traitor tells. */
export const ROUNDS = 5;
/** Two readers each read in every round (the traitor tells them different stories). */
export const READERS = ["c1", "c2"];
/** A read that has not decided by then has failed (unavailable). */
export const READ_DEADLINE_MS = 900;
/**
 * Honest replies cross a network that adds delay: the first honest replica (by id) 60 ms, the
 * others 200 ms and 40 ms more each. The traitor answers at once, or in a "late" round after
 * 130 ms — between the first honest reply and the next. Gaps of 60 ms and more keep the order
 * the same on a loaded machine.
 */
export const FIRST_HONEST_MS = 60;
export const LATE_LIE_MS = 130;
export const OTHER_HONEST_MS = 200;
export const HONEST_STEP_MS = 40;
/** The slow honest replica during reads: correct, just later than any read can wait. */
export const SLOW_LATENCY_MS = 3_000;
export const WRITE_TIMEOUT_MS = 2_000;
