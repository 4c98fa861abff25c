/** One limit for every task: at most LIMIT requests per user in any rolling WINDOW_MS. */
export const WINDOW_MS = 1_000;
export const LIMIT = 10;
/** Redis connections, one request in flight each: parallel clients hit the same key at once. */
export const CLIENTS = 32;
/** Redis frees a key this long after the lab's clock says it expired (teardown deletes it anyway). */
export const EXPIRY_SLACK_MS = 5_000;
export const RULE = { windowMs: WINDOW_MS, limit: LIMIT };
export type Rule = typeof RULE;
