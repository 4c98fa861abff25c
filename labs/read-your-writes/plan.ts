/**
 * The implement task's fixed plan, three rounds. In each, every writer session updates its
 * profile and reads it back twice at once (read-your-writes, right inside the followers'
 * lag); then the editor posts news and the viewer, who never writes, reads it four times
 * in a row (monotonic reads: four reads in a row visit a fresh node and then a stale one,
 * whatever order a balancer cycles in). After round 1 follower n3 crashes and stays down.
 * The seed only shuffles the writers' order within each round.
 */
import { createRng } from "@/lib/labs/rng";
import type { Step } from "./scenario";

export const WRITERS = ["ana", "ben", "cho", "dev"];
export const EDITOR = "editor";
export const VIEWER = "viewer";
export const SESSIONS = [...WRITERS, EDITOR, VIEWER];
export const ROUNDS = 3;
export const CRASHED = "n3";
export const READS_AFTER_WRITE = 2;
export const VIEWER_READS = 4;
export const profileKey = (session: string) => `profile-${session}`;
export const NEWS = "news";

export function sessionPlan(seed: number): Step[] {
  const rng = createRng(seed).fork("plan");
  const steps: Step[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const session of rng.shuffle(WRITERS)) {
      const key = profileKey(session);
      steps.push({ do: "write", session, key, value: `${session} v${round}` });
      for (let i = 0; i < READS_AFTER_WRITE; i++) steps.push({ do: "read", session, key });
    }
    steps.push({ do: "write", session: EDITOR, key: NEWS, value: `news ${round}` });
    for (let i = 0; i < VIEWER_READS; i++) steps.push({ do: "read", session: VIEWER, key: NEWS });
    if (round === 1) steps.push({ do: "crash", node: CRASHED });
  }
  return steps;
}
