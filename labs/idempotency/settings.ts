/** The numbers the statement quotes and the run uses. */

/** Each attempt's deadline at the client. */
export const CLIENT_TIMEOUT_MS = 2_500;
/** A client retries a payment (after no answer, a 5xx or a 409) for this long from its first attempt (time the server was down not counted)… */
export const RETRY_FOR_MS = 10_000;
/** …at most this many attempts, pausing min(100 ms × attempt, 500 ms) between them. */
export const MAX_ATTEMPTS = 40;
export const retryPauseMs = (attempt: number) => Math.min(100 * attempt, 500);
/** No request takes the server longer than this (so a claim older than it, without a response, was abandoned). */
export const LONGEST_REQUEST_MS = 1_000;
/** The server sleeps this long before each db operation: a request's steps spread out in time. */
export const STEP_DELAY_MS = 40;
/** Share of responses the network drops after the server answered. */
export const DROP_PROBABILITY = 0.3;
/** Stored responses are kept this long (the dedup window): a retry must come within it. */
export const DEDUP_WINDOW = "24 hours";
export const OPENING_BALANCE_CENTS = 10_000_000;
export const ACCOUNTS = ["acct-ada", "acct-bo", "acct-cy", "acct-di"];
/** Client lanes sending the ordinary payments, one payment at a time each. */
export const LANES = 8;
export const ORDINARY_PAYMENTS = 32;
/** When the special payments are sent (ms into the workload). */
export const CRASH_AT_MS = { claim: 300, charge: 1_500, commit: 2_700 } as const;
export const DOUBLE_SUBMIT_AT_MS = [900, 2_100, 3_300, 3_800];
export const LAST_ORDINARY_START_MS = 3_600;
/** A crash or double click waits until the service has been up this long. */
export const SETTLE_MS = 400;
