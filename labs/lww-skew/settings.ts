/** The lww-skew lab's system: three replicas, one client per replica, and n1's fast clock. */
import type { FaultSchedule } from "@/lib/faults/schedule";

export const NODES = ["n1", "n2", "n3"];
/** Client c<i> talks to node NODES[i]. */
export const CLIENTS = NODES.length;
export const SKEWED_NODE = "n1";
/**
 * How far ahead n1's clock runs. Every key's writes after n1's fall well inside it (a few
 * hundred ms), so a wall-clock stamp from n1 outranks all of them on every seed.
 */
export const SKEW_MS = 2_000;
export const TICK_MS = 50;
export const REPLY_TIMEOUT_MS = 1_000;
/** After the heal, how long replicas get to agree before the final reads (polled, not slept). */
export const CONVERGE_WITHIN_MS = 3_000;
/** Before the first write: the nodes poll their clock file every 20 ms, so n1 is surely ahead by then. */
export const SKEW_SETTLE_MS = 150;

/** n1's clock is ahead for the whole workload; the heal sets it right again. */
export const FAULTS: FaultSchedule = [{ at: 0, fault: "clock-skew", target: SKEWED_NODE, params: { offsetMs: SKEW_MS } }];
