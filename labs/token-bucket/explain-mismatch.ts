import type { Committed, Mismatch } from "./decision-chain";
import { exactStep, type BucketRules, type ExactState } from "./exact-bucket";
import { MISTAKES } from "./mistakes";
import type { BucketConfig } from "./model";

export interface Explanation {
  /** "shared-state", a mistake id (mistakes.ts), "over-admit" or "under-admit". */
  kind: string;
  /** A sentence naming the mistake, for the diagnosis. */
  sentence: string;
  hint: string;
}

/** How many leading decisions of `chain` a bucket with these rules reproduces (ties either way, except on a full bucket). */
export function matchingPrefix(
  chain: Committed[],
  config: BucketConfig,
  rules: BucketRules,
): number {
  let state: ExactState | null = null;
  for (let i = 0; i < chain.length; i++) {
    const d = chain[i] as Committed;
    const step = exactStep(state, d.now, d.cost, config, rules);
    const tie = !step.full && step.before === step.need;
    if (step.allowed !== d.allowed && !tie) return i;
    state = exactStep(state, d.now, d.cost, config, rules, d.allowed).state;
  }
  return chain.length;
}

/**
 * Names the mistake behind a wrong decision. First: a pure allow() replayed alone on the same
 * user's requests must decide the same way; if it does not, it keeps state outside `state`.
 * Then the known mistake that reproduces the most of every user's decisions, provided it
 * explains the wrong one too (several users' traffic tells apart mistakes one user cannot).
 */
export function explainMismatch(
  m: Mismatch,
  chains: ReadonlyMap<string, Committed[]>,
  config: BucketConfig,
  replayedAlone: boolean[] | null,
): Explanation {
  const chain = chains.get(m.decision.user) ?? [];
  if (
    replayedAlone &&
    chain.some((d, i) => replayedAlone[i] !== undefined && replayedAlone[i] !== d.allowed)
  ) {
    return {
      kind: "shared-state",
      sentence:
        "Replayed alone in a fresh sandbox on the same requests, your allow() decides differently, so it keeps state outside `state` or reads something besides its arguments: a module-level variable shared by every user and every retry, the clock, randomness.",
      hint: "Keep everything the bucket needs in the `state` you return; allow() must depend only on its arguments.",
    };
  }
  let best: { id: string; behaves: string; hint: string; score: number } | null = null;
  for (const mistake of MISTAKES) {
    if (matchingPrefix(chain, config, mistake.rules) <= m.position) continue;
    let score = 0;
    for (const c of chains.values()) score += matchingPrefix(c, config, mistake.rules);
    if (!best || score > best.score) best = { ...mistake, score };
  }
  if (best) {
    return {
      kind: best.id,
      sentence: `Your decisions are exactly those of a bucket that ${best.behaves}.`,
      hint: best.hint,
    };
  }
  return m.decision.allowed
    ? {
        kind: "over-admit",
        sentence: "Your bucket had more tokens than it should at that point.",
        hint: "Refill by refillPerSecond × elapsed seconds, cap at capacity, and spend `cost` only when tokens >= cost.",
      }
    : {
        kind: "under-admit",
        sentence: "Your bucket had fewer tokens than it should at that point.",
        hint: "Refill by refillPerSecond × elapsed seconds, cap at capacity, and spend `cost` only when tokens >= cost.",
      };
}
