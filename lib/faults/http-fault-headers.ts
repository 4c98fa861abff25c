/**
 * Headers an HTTP fault proxy puts on answers it made up, so a client driver can tell "the
 * proxy refused before the server saw it" (a definite failure: nothing happened) from a 5xx
 * the server itself sent (unknown: it may have done the work first).
 */
/** What the proxy did: "error", "outage", "upstream-refused". */
export const FAULT_HEADER = "x-faultline-fault";
/** Did the request reach the server? "no" (surely not) or "yes" (it did; the answer was replaced). */
export const REACHED_HEADER = "x-faultline-reached";
