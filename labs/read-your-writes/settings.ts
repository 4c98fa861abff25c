/** The read-your-writes lab's system: a leader, two followers it replicates to with lag, and the lab's waits. */
export const LEADER = "n1";
export const FOLLOWERS = ["n2", "n3"];
export const NODES = [LEADER, ...FOLLOWERS];
export const TICK_MS = 50;
/**
 * How far each follower trails the leader in the implement task (latency on the link the
 * leader replicates over). Every read the plan makes right after a write lands well inside
 * both, so a follower read without a token is stale on every seed.
 */
export const FOLLOWER_LAG_MS: Record<string, number> = { n2: 150, n3: 500 };
/** A follower holds a read whose minPosition it has not reached this long, then answers "behind". */
export const READ_WAIT_MS = 1_500;
/** The lab's own wait for any reply: past the follower's wait, so "behind" arrives first. */
export const REPLY_TIMEOUT_MS = 2_500;
/** A session may have at most this share of its reads served by the leader (all sessions together). */
export const MAX_LEADER_SHARE = 0.6;
/** The workload stops after this many failed reads: each may have waited out READ_WAIT_MS, and the grade needs one. */
export const MAX_FAILED_READS = 3;
