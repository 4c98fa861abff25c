/**
 * What every leader-follower grade says: which acknowledged writes the failover lost and why
 * the leader acknowledged them, and the write latency of each phase.
 */
import { checkLostWrites } from "@/lib/checkers";
import { witnessAt } from "@/lib/checkers/witness-op";
import type { GradeWitness } from "@/lib/labs/types";
import { summarize, type LatencySummary } from "./latency";
import type { LeaderRun, WriteDone } from "./scenario";
import { LEADER, SEMI_SYNC_TIMEOUT_MS } from "./settings";

export const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "write 7", "writes 7–9", "writes 4, 6". */
export function writesNamed(writes: readonly WriteDone[]): string {
  const ns = writes.map((w) => w.n);
  if (ns.length === 1) return `write ${ns[0]}`;
  const consecutive = ns.every((n, i) => i === 0 || n === ns[i - 1]! + 1);
  return consecutive ? `writes ${ns[0]}–${ns[ns.length - 1]}` : `writes ${ns.join(", ")}`;
}

export interface Lost {
  writes: WriteDone[];
  witness?: GradeWitness;
}

/** Acknowledged writes the promoted follower does not have (the kit's lost-writes checker on the final reads). */
export function lostWrites(run: LeaderRun): Lost {
  const result = checkLostWrites(run.history);
  const lostOps = new Set(result.lost.map((l) => l.write.index));
  const writes = run.writes.filter((w) => lostOps.has(w.op));
  return { writes, ...(writes[0] ? witnessAt(run.history, "lost-write", writes[0].op) : {}) };
}

/** Why the leader said ok to writes no follower had: the mechanism, in the run's own numbers. */
export function whyAcknowledged(run: LeaderRun, lost: readonly WriteDone[]): string {
  const fellBack = lost.filter((w) => w.fellBack);
  if (fellBack.length === 0) return `${LEADER} acknowledged them as soon as they were in its own log (asynchronous replication)`;
  const first = fellBack[0]!;
  const wanted = run.mode.syncAcks === 1 ? "a follower" : `${run.mode.syncAcks} followers`;
  return `${LEADER} waited ${SEMI_SYNC_TIMEOUT_MS} ms for ${wanted} to confirm write ${first.n}, ${first.confirmedBy.length === 0 ? "none did" : `only ${first.confirmedBy.join(" and ")} did`}, and it fell back to asynchronous replication: it acknowledged ${writesNamed(fellBack)} with no follower's confirmation, and no error told the client`;
}

/** "n2 was promoted at log position 6 (n3 had 6)". */
export function promotionStory(run: LeaderRun): string {
  const f = run.failover;
  if (!f) return "no follower was promoted";
  const others = Object.entries(f.applied).filter(([n]) => n !== f.promoted);
  return `${f.promoted} was promoted with log position ${f.applied[f.promoted]}${others.length ? ` (${others.map(([n, a]) => `${n} had ${a}`).join(", ")})` : ""}`;
}

export function latencyByPhase(run: LeaderRun): Record<string, LatencySummary> {
  return Object.fromEntries(run.phases.map((p) => [p.id, summarize(run.writes.filter((w) => w.phase === p.id).map((w) => w.ms))]));
}

/** What a grade's details carry in every task: the writes, the failover and the latency per phase. */
export function runDetails(run: LeaderRun): Record<string, unknown> {
  return { mode: run.mode, writes: run.writes, failover: run.failover, latency: latencyByPhase(run) };
}
