import { CORRECT_RULES, type BucketRules } from "./exact-bucket";

/**
 * The mistakes students make, each as the correct bucket with one rule changed. When a
 * student's decisions follow one of these exactly, the diagnosis can name the mistake.
 */
export interface Mistake {
  id: string;
  rules: BucketRules;
  /** Completes "Your decisions are exactly those of a bucket that …". */
  behaves: string;
  hint: string;
}

const rules = (change: Partial<BucketRules>): BucketRules => ({ ...CORRECT_RULES, ...change });

export const MISTAKES: Mistake[] = [
  {
    id: "no-cap",
    rules: rules({ capAtCapacity: false }),
    behaves: "is never capped at capacity: an idle user saves up more than one burst",
    hint: "After refilling, cap the tokens at capacity: tokens = min(capacity, tokens + refill).",
  },
  {
    id: "ignores-cost",
    rules: rules({ spend: () => 1 }),
    behaves: "spends 1 token per request whatever its cost",
    hint: "A request costs `cost` tokens: admit it only if tokens >= cost, then subtract cost.",
  },
  {
    id: "off-by-one",
    rules: rules({ pays: (units, need) => units > need }),
    behaves:
      "is off by one at the boundary: it rejects a request that needs exactly the tokens left (tokens > cost instead of tokens >= cost)",
    hint: "A request that costs exactly the tokens in the bucket must be admitted: compare with >=.",
  },
  {
    id: "negative-balance",
    rules: rules({ spendOnReject: true }),
    behaves: "spends the cost even when it rejects, so its balance goes below zero",
    hint: "Only an admitted request spends tokens; a rejected one leaves the bucket as it was.",
  },
  {
    id: "ms-as-seconds",
    rules: rules({ refillScale: 1000 }),
    behaves: "takes milliseconds as seconds, so it refills 1000 times too fast",
    hint: "`now` is in milliseconds and the refill rate is per second: divide elapsed ms by 1000.",
  },
  {
    id: "no-refill",
    rules: rules({ refillScale: 0 }),
    behaves: "never refills: tokens spent are gone for good",
    hint: "Add refillPerSecond × (seconds since the last decision) to the tokens, then cap at capacity.",
  },
  {
    id: "empty-start",
    rules: rules({ startUnits: () => 0 }),
    behaves: "starts a new user with an empty bucket",
    hint: "When state is null the user is new: start from a full bucket of `capacity` tokens.",
  },
];
