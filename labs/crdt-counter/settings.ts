/** The crdt-counter lab's system: three replicas, three clients, and the network they share. */
import type { FaultSchedule } from "@/lib/faults/schedule";

export const NODES = ["n1", "n2", "n3"];
/** Client c<i> talks to node NODES[i]. */
export const CLIENTS = NODES.length;
export const WORKLOAD_MS = 1_500;
export const TICK_MS = 50;
export const REPLY_TIMEOUT_MS = 500;
/** After the heal, how long replicas get to agree before the final reads (polled, not slept). */
export const CONVERGE_WITHIN_MS = 3_000;

/** Every link duplicates and reorders messages for the whole workload. */
const MESSAGE_FAULTS: FaultSchedule = NODES.flatMap((from) =>
  NODES.filter((to) => to !== from).map((to) => ({ at: 0, fault: "messages" as const, target: `${from}→${to}`, duration: WORKLOAD_MS, params: { duplicate: 0.3, reorder: 0.3 } })),
);

/**
 * From 300 ms until the heal, n3 cannot reach n1 or n2 (nor they it); clients still reach all.
 * It lasts to the end of the workload on purpose: a replica must send its state again after
 * the heal, so a program that only tells its peers when it takes an add never catches up.
 */
export const PARTITION_N3: FaultSchedule = ["n1", "n2"].flatMap((other) => [
  { at: 300, fault: "partition" as const, target: `n3→${other}`, params: { direction: "both" } },
  { at: 300, fault: "partition" as const, target: `${other}→n3`, params: { direction: "both" } },
]);

export const FAULTS: FaultSchedule = [...PARTITION_N3, ...MESSAGE_FAULTS];
