/** The fencing lab's system: who is who, and the times its story runs on. */
export const LOCK = "n1";
export const STORAGE = "n2";
export const CLIENTS = ["n3", "n4"];
export const NODES = [LOCK, STORAGE, ...CLIENTS];
/** How long a lease lasts unless released. */
export const LEASE_MS = 600;
/** A client checks its lease, then takes this long to prepare its write: the GC pause strikes in between. */
export const PREPARE_MS = 300;
/** The predict task's team raised the lease to this, "longer than any pause we have seen". */
export const LONG_LEASE_MS = 2_000;
/** The lab waits this past a lease's end before the next client asks, so the lock is surely free. */
export const EXPIRY_MARGIN_MS = 150;
export const TICK_MS = 20;
export const WORK_TIMEOUT_MS = 8_000;
export const REPLY_TIMEOUT_MS = 2_000;
