/** What every retry-jitter run shares: the clients, the outage, the backoff's base and cap, and the bars a run is graded against. */
import type { HttpCall } from "@/lib/labs/http-attempt";

/** Clients that each make one call at the start of the run, into the outage. */
export const CLIENTS = 100;
/** The service answers 503 to everything for this long, then recovers. */
export const OUTAGE_MS = 1_100;
/** The backoff's parameters, passed to `delay` as its config. */
export const BASE_MS = 50;
export const CAP_MS = 1_000;
/** Each attempt's deadline. */
export const ATTEMPT_TIMEOUT_MS = 1_000;
/** Requirements: every call succeeds within this long of the recovery… */
export const COMPLETE_WITHIN_MS = 1_500;
/** …no 100 ms after the recovery brings more than this many requests to the service… */
export const PEAK_LIMIT = CLIENTS / 2;
export const WINDOW_MS = 100;
/** …and all clients together make at most this many attempts (the retry budget). */
export const RETRY_BUDGET = 10 * CLIENTS;
/** A delay longer than this is a bug, not a backoff. */
export const MAX_DELAY_MS = 60_000;

/** What every call asks the service: a read of one SKU's stock. */
export const CALL: HttpCall = { method: "GET", path: "/inventory/widget" };

export interface BackoffConfig {
  baseMs: number;
  capMs: number;
}
export const CONFIG: BackoffConfig = { baseMs: BASE_MS, capMs: CAP_MS };

/** The student's function: the wait before retry `k` (0 for the first retry). */
export type DelayFn = (k: number, previousMs: number, u: number, config: BackoffConfig) => number;
