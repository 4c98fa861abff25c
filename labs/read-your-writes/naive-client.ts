/**
 * The break task's client: the common patch from the chapter. For a while after a session
 * writes, its reads go to the leader; after that, to the followers in turn — with no token,
 * so a follower answers with whatever it has applied.
 */
import type { Balancer } from "./balancer";
import { FOLLOWERS, LEADER } from "./settings";

/** How long after a write the naive client keeps a session's reads on the leader. */
export const LEADER_AFTER_WRITE_MS = 300;

export function naiveBalancer(now: () => number): Balancer {
  return {
    afterWrite: (session) => ({ ...session, wroteAt: now() }),
    afterRead: (session) => ({ ...session, reads: ((session.reads as number) ?? 0) + 1 }),
    routeRead(session) {
      const wroteAt = session.wroteAt as number | undefined;
      if (wroteAt !== undefined && now() - wroteAt < LEADER_AFTER_WRITE_MS) return { node: LEADER };
      return { node: FOLLOWERS[((session.reads as number) ?? 0) % FOLLOWERS.length]! };
    },
  };
}
