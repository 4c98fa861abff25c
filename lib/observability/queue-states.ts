/** BullMQ's job states, in the order an operator reads them (shared by the page and /metrics). */
export const QUEUE_STATES = ["waiting", "prioritized", "delayed", "active", "completed", "failed", "waiting-children"] as const;
export type QueueState = (typeof QUEUE_STATES)[number];
