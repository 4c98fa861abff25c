import { exactStep, type ExactState, type ExactStep } from "./exact-bucket";
import type { BucketConfig } from "./model";

/**
 * One committed decision of the student's allow(). WATCH/MULTI serialises a user's decisions,
 * and each one read the state the previous one wrote, so a user's decisions form a chain in
 * `seq` order: exactly the sequence of calls a single-threaded bucket would have seen.
 */
export interface Committed<R = unknown> {
  user: string;
  /** 1-based place in the user's chain (stored next to the state in Redis). */
  seq: number;
  /** The `now` (ms) allow() was given. */
  now: number;
  cost: number;
  allowed: boolean;
  /** The request this decision answered (for the witness and the diagnosis). */
  ref: R;
}

export interface Mismatch<R = unknown> {
  decision: Committed<R>;
  /** 0-based position in the user's chain. */
  position: number;
  ideal: ExactStep;
}

/**
 * Replays every user's chain through the exact bucket as decisions arrive (in any order) and
 * keeps each user's first wrong decision. A student decision that differs from the exact one
 * is excused only on an exact tie (tokens == cost, where floating point may land either side)
 * and never on a full bucket, where every correct implementation is exact.
 */
export class DecisionChains<R = unknown> {
  readonly chains = new Map<string, Committed<R>[]>();
  readonly mismatches = new Map<string, Mismatch<R>>();
  /** Decisions on an exact tie that a correct implementation may call either way. */
  ties = 0;
  /** Requests costing the whole capacity that arrived on a full bucket. */
  fullBucketBoundaries = 0;
  private readonly pending = new Map<string, Map<number, Committed<R>>>();
  private readonly model = new Map<string, ExactState | null>();

  constructor(
    private readonly config: BucketConfig,
    private readonly onMismatch?: (m: Mismatch<R>) => void,
  ) {}

  add(d: Committed<R>): void {
    const waiting = this.pending.get(d.user) ?? new Map<number, Committed<R>>();
    this.pending.set(d.user, waiting);
    waiting.set(d.seq, d);
    const chain = this.chains.get(d.user) ?? [];
    this.chains.set(d.user, chain);
    // Replies arrive in any order across connections; check them in commit order.
    for (let next = waiting.get(chain.length + 1); next; next = waiting.get(chain.length + 1)) {
      waiting.delete(next.seq);
      chain.push(next);
      this.check(next, chain.length - 1);
    }
  }

  /** Decisions whose predecessor in the chain never reported back (a lost reply). */
  get unchecked(): number {
    return [...this.pending.values()].reduce((n, w) => n + w.size, 0);
  }

  get checked(): number {
    return [...this.chains.values()].reduce((n, c) => n + c.length, 0);
  }

  /** The earliest wrong decision over all users (by `now`, then by user name). */
  firstMismatch(): Mismatch<R> | null {
    const all = [...this.mismatches.values()];
    all.sort(
      (a, b) => a.decision.now - b.decision.now || a.decision.user.localeCompare(b.decision.user),
    );
    return all[0] ?? null;
  }

  private check(d: Committed<R>, position: number): void {
    if (this.mismatches.has(d.user)) return;
    const state = this.model.get(d.user) ?? null;
    const ideal = exactStep(state, d.now, d.cost, this.config);
    if (ideal.full && d.cost === this.config.capacity) this.fullBucketBoundaries++;
    const tie = !ideal.full && ideal.before === ideal.need;
    if (ideal.allowed !== d.allowed && !tie) {
      const m = { decision: d, position, ideal };
      this.mismatches.set(d.user, m);
      this.onMismatch?.(m);
      return;
    }
    if (tie) this.ties++;
    // On a tie follow the student's call, so later decisions are judged from their bucket.
    this.model.set(
      d.user,
      exactStep(state, d.now, d.cost, this.config, undefined, d.allowed).state,
    );
  }
}
