/** The read-repair lab's system: three replicas, and how long the lab waits for them. */
export const NODES = ["n1", "n2", "n3"];
export const TICK_MS = 50;
export const REPLY_TIMEOUT_MS = 5_000;
/** After the heal: the proxies reset the connections that lost bytes, and the nodes reconnect. */
export const RECONNECT_MS = 300;
/** How long the lab holds each cut before its next step: long enough to see on the map. */
export const CUT_HOLD_MS = 250;
