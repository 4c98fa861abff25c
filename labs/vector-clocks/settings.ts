/** The vector-clocks lab's system: three replicas, a client at each, one key they all write. */
import type { FaultSchedule } from "@/lib/faults/schedule";

export const NODES = ["n1", "n2", "n3"];
export const KEY = "cart";
export const WORKLOAD_MS = 1_500;
export const TICK_MS = 50;
export const REPLY_TIMEOUT_MS = 500;
export const CONVERGE_WITHIN_MS = 3_000;
/** The final read of each replica: tries, and each one's deadline. */
export const FINAL_READ_ATTEMPTS = 3;
export const FINAL_READ_TIMEOUT_MS = 2_000;

/** n3 is cut off from n1 and n2 for the middle of the workload, so its writes are concurrent with theirs. */
export const PARTITION_N3: FaultSchedule = ["n1", "n2"].flatMap((other) => [
  { at: 200, fault: "partition" as const, target: `n3→${other}`, duration: 800, params: { direction: "both" } },
  { at: 200, fault: "partition" as const, target: `${other}→n3`, duration: 800, params: { direction: "both" } },
]);

/** And gossip arrives out of order throughout. */
const REORDER: FaultSchedule = NODES.flatMap((from) => NODES.filter((to) => to !== from).map((to) => ({ at: 0, fault: "messages" as const, target: `${from}→${to}`, duration: WORKLOAD_MS, params: { reorder: 0.3 } })));

export const FAULTS: FaultSchedule = [...PARTITION_N3, ...REORDER];
