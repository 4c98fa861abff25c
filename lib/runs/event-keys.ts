/** Where a run's live events live in Redis. */
export function eventStreamKey(prefix: string, runId: string): string {
  return `${prefix}:run:${runId}:events`;
}

/** Stream entries carry either one event (`e`) or the end marker (`end`). */
export const END_FIELD = "end";
export const EVENT_FIELD = "e";

/** Roughly how many events the live stream keeps; older ones are replayed from Postgres. */
export const STREAM_MAXLEN = 20_000;
/** How long the live stream stays after the run ends (late viewers use Postgres anyway). */
export const STREAM_TTL_SECONDS = 3600;
