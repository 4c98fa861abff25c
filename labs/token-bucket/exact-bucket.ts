import type { BucketConfig } from "./model";

/**
 * The grader's token bucket, in integers: tokens are counted in units of 1/2000 token, so with
 * `now` in whole milliseconds and a refill rate in steps of 0.5/s every refill is a whole number
 * of units and the model never rounds. Its decisions are THE right answers.
 */
export const UNITS_PER_TOKEN = 2000;

export interface ExactState {
  units: number;
  /** ms of the latest decision; never moves backwards. */
  at: number;
}

/**
 * How a bucket behaves. The correct one is CORRECT_RULES; each known mistake (mistakes.ts) is
 * the same bucket with one rule changed, so a student's decisions can be matched against it.
 */
export interface BucketRules {
  capAtCapacity: boolean;
  /** Tokens a request of this cost spends. */
  spend(cost: number): number;
  /** Whether `units` available pay for `need` units. */
  pays(units: number, need: number): boolean;
  spendOnReject: boolean;
  /** Refill multiplier (1000 = milliseconds taken as seconds, 0 = never refills). */
  refillScale: number;
  /** Units a user the bucket has never seen starts with. */
  startUnits(capacityUnits: number): number;
}

export const CORRECT_RULES: BucketRules = {
  capAtCapacity: true,
  spend: (cost) => cost,
  pays: (units, need) => units >= need,
  spendOnReject: false,
  refillScale: 1,
  startUnits: (capacityUnits) => capacityUnits,
};

export interface ExactStep {
  allowed: boolean;
  /** Units available to this request (after refill, before spending). */
  before: number;
  /** Units this request needs under these rules. */
  need: number;
  /** The bucket was exactly full: every correct implementation decides this one exactly. */
  full: boolean;
  state: ExactState;
}

export function unitsOf(tokens: number): number {
  return Math.round(tokens * UNITS_PER_TOKEN);
}

/** One decision. `take` overrides the decision (to follow a student's call on an exact tie). */
export function exactStep(
  state: ExactState | null,
  now: number,
  cost: number,
  config: BucketConfig,
  rules: BucketRules = CORRECT_RULES,
  take?: boolean,
): ExactStep {
  const capacity = unitsOf(config.capacity);
  // Units per ms: refillPerSecond × 2000 / 1000, a whole number for rates in steps of 0.5/s.
  const perMs = unitsOf(config.refillPerSecond) / 1000;
  const last = state ?? { units: rules.startUnits(capacity), at: now };
  const refilled = last.units + Math.max(0, now - last.at) * perMs * rules.refillScale;
  const before = rules.capAtCapacity ? Math.min(capacity, refilled) : refilled;
  const need = unitsOf(rules.spend(cost));
  const allowed = take ?? rules.pays(before, need);
  const spent = allowed || rules.spendOnReject ? need : 0;
  return {
    allowed,
    before,
    need,
    full: before === capacity,
    state: { units: before - spent, at: Math.max(last.at, now) },
  };
}

/** "1.6", "5", "0.04": exact units as a short token count. */
export function formatTokens(units: number): string {
  return String(Number((units / UNITS_PER_TOKEN).toFixed(4)));
}
