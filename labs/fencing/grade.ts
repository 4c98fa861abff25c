/**
 * The fencing grade, from what the lock service granted and what the storage served — not
 * from what the clients believed: did the storage accept a write from a holder whose lease
 * another holder's newer token had already replaced (the corrupted write); did it refuse the
 * lock's current holder; and does the counter hold every acknowledged increment.
 */
import { witnessAt } from "@/lib/checkers";
import type { Grade } from "@/lib/labs/types";
import { notExercised } from "@/lib/labs/workload-tally";
import type { FencingRun, Grant, Served } from "./scenario";

/** The newest grant the lock service had made by time `t`. */
const newestGrantBy = (grants: Grant[], t: number) => grants.filter((g) => g.at <= t).reduce<Grant | null>((a, g) => (!a || g.token > a.token ? g : a), null);
const opOf = (run: FencingRun, node: string, last = false) => (last ? [...run.works].reverse() : run.works).find((w) => w.node === node)?.op;

export interface FencingFacts {
  staleWrite: { write: Served; newer: Grant } | null;
  refused: { request: Served; holder: Grant } | null;
  acknowledged: number;
}

export function fencingFacts(run: FencingRun): FencingFacts {
  let staleWrite: FencingFacts["staleWrite"] = null;
  let refused: FencingFacts["refused"] = null;
  for (const s of run.served) {
    const newest = newestGrantBy(run.grants, s.at);
    if (!staleWrite && s.kind === "write" && s.ok && newest && newest.token > s.token) staleWrite = { write: s, newer: newest };
    if (!refused && !s.ok && newest && newest.token === s.token && newest.holder === s.client) refused = { request: s, holder: newest };
  }
  return { staleWrite, refused, acknowledged: run.works.filter((w) => w.ok).length };
}

/**
 * What the run's story needs and a starved machine can skip: the sleeper's write reaching the
 * storage after a newer lease was granted (were the sleeper to finish its write before the
 * pause struck, any admit would pass). Says what happened instead, or null when it did happen.
 */
export function scenarioMissed(run: FencingRun): string | null {
  if (run.finalValue === null || run.grants.length === 0) return "the storage or the lock service did not answer when the lab asked what it did";
  const writes = run.served.filter((s) => s.client === run.sleeper && s.kind === "write");
  if (writes.some((s) => (newestGrantBy(run.grants, s.at)?.token ?? 0) > s.token)) return null;
  const meant = "it was meant to arrive after the other client took the lock";
  return writes.length ? `${run.sleeper}'s write reached the storage before any newer lease was granted (${meant})` : `${run.sleeper}'s write never reached the storage (${meant})`;
}

export function gradeFence(run: FencingRun): Grade {
  const details = { grants: run.grants, served: run.served, works: run.works, finalValue: run.finalValue };
  if (run.programErrors.length > 0)
    return { verdict: "fail", diagnosis: `Your admit failed inside the storage: ${run.programErrors.join("; ")}.`, hint: "admit(state, request) must return { ok: boolean, state } — state is whatever you need to remember next time (JSON).", details };
  const missed = scenarioMissed(run);
  if (run.finalValue === null || run.grants.length === 0) return notExercised(missed!, details);
  const facts = fencingFacts(run);
  if (facts.staleWrite) {
    const { write, newer } = facts.staleWrite;
    return {
      verdict: "fail",
      diagnosis: `The storage accepted ${write.client}'s write of ${write.value} with token ${write.token}, after the lock service had given token ${newer.token} to ${newer.holder} (${write.at - newer.at} ms earlier): ${write.client} slept through its lease and woke up still believing it held the lock. ${run.finalValue !== facts.acknowledged ? `The counter ends at ${run.finalValue} after ${facts.acknowledged} acknowledged increments: one was overwritten.` : ""}`.trim(),
      hint: "Remember the highest token the storage has seen — on reads as well as writes — and refuse any request with an older one. Equal is fine: the holder reads and then writes with the same token.",
      ...(opOf(run, write.client, true) !== undefined ? witnessAt(run.history, "stale-write", opOf(run, write.client, true)!) : {}),
      details,
    };
  }
  if (facts.refused) {
    const { request, holder } = facts.refused;
    return {
      verdict: "fail",
      diagnosis: `The storage refused ${request.client}'s ${request.kind} with token ${request.token} — the newest token, held by ${holder.holder} under a lease still running. Fencing must stop old holders, not the current one.`,
      hint: "A holder reads and then writes with the same token: refuse only tokens older than the highest seen, not equal ones.",
      ...(opOf(run, request.client, true) !== undefined ? witnessAt(run.history, "refused-holder", opOf(run, request.client, true)!) : {}),
      details,
    };
  }
  if (run.finalValue !== facts.acknowledged)
    return { verdict: "fail", diagnosis: `The counter ends at ${run.finalValue}, but ${facts.acknowledged} increments were acknowledged.`, details };
  // Every failure above holds in any order of events; a pass means something only if the story happened.
  if (missed) return notExercised(missed, details);
  const fenced = run.served.filter((s) => !s.ok);
  return {
    verdict: "pass",
    diagnosis: `No write from an expired lease got through: the storage refused ${fenced.map((s) => `${s.client}'s ${s.kind} with token ${s.token}`).join(" and ") || "nothing"}, and the counter holds all ${facts.acknowledged} acknowledged increments. ${run.sleeper} slept through its lease and woke up believing it still held the lock — only the storage, checking the token, could tell it otherwise.`,
    details,
  };
}
