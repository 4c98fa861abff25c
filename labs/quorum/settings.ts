/** The fixed shape of every quorum run; tasks vary only W, R and the fault schedule. */
export const N = 5;
export const KEYS = ["x", "y", "z"] as const;
/** Logical clients; client i's home replica (first in its preference list) is n(i+1). */
export const CLIENTS = 5;
export const PUT_RATIO = 0.5;
export const MAX_THINK_MS = 20;
/** Faults may act inside [0, WORKLOAD_MS] of the workload phase; heal comes after. */
export const WORKLOAD_MS = 1_500;
/** A silent replica is replaced by the next one in the preference list after this. */
export const REPLICA_TIMEOUT_MS = 750;
export const OP_TIMEOUT_MS = 4_000;
/** Share of operations that must succeed while faults are active (configure task). */
export const AVAILABILITY_THRESHOLD = 0.75;
export const CHECK_BUDGET_MS = 10_000;
