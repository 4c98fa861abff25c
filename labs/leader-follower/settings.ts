/** The leader-follower lab's system: one leader, two followers, and the clocks the lab keeps. */
export const NODES = ["n1", "n2", "n3"];
export const LEADER = "n1";
export const FOLLOWERS = NODES.filter((n) => n !== LEADER);
export const TICK_MS = 25;
/** A write the leader has not answered in this long is an unknown outcome for the client. */
export const CLIENT_TIMEOUT_MS = 800;
/** How long semi-synchronous replication waits for its confirmations before it falls back (or, strict, refuses). */
export const SEMI_SYNC_TIMEOUT_MS = 350;
/** The slow follower's link: each entry the leader ships to it arrives this much later. */
export const SLOW_LINK_MS = 500;
/** The requirement: p99 write latency while a follower is slow. Below the semi-sync timeout, far above a healthy round trip. */
export const LATENCY_BUDGET_MS = 250;
/** Longest the lab waits for the followers to confirm everything before it injects the next fault. */
export const SETTLE_WITHIN_MS = 3_000;
