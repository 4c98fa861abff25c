import type { Model } from "./model";

/** Most remembered transitions (4 bytes each) before new states go without a memo row. */
const MAX_MEMO_ENTRIES = 1 << 23;
const UNKNOWN = 0;
const ILLEGAL = 1;
/** A memo entry holds the next state's id plus this; UNKNOWN and ILLEGAL sit below it. */
const ID_OFFSET = 2;
/**
 * A state gets a memo row (one entry per operation) once this many steps were taken from
 * it, times the number of operations: most states of an appending model are met a few
 * times only, and a row for each of them would cost more than the steps it saves.
 */
const ROW_AFTER_STEPS_PER_OP = 0.25;
const ROW_AFTER_STEPS_MIN = 8;

/**
 * The model states one search meets, as small ids, with a memo of transitions per
 * (state id, operation).
 *
 * Why: the search steps the same operation from the same state many times (once per
 * configuration that reaches it). When the model says its states are few (a register: one
 * per written value), equal states are interned to one id, after a few steps a state's
 * step is one array read, and the configuration cache compares two ids instead of calling
 * `model.equal`. When they are not (appends build a new string on almost every step) a
 * lookup would be wasted work: every new state gets its own id and no memo, equal states
 * may have different ids, and `same` (the model's `equal`) decides when ids differ.
 */
export class StateTable<S, I> {
  /** The state of each id. */
  readonly states: S[] = [];
  private readonly model: Model<S, I>;
  private readonly inputs: readonly I[];
  /** `model.hash` of each id's state. */
  private hashes = new Int32Array(32);
  /** Interned ids by hash (id + 1; 0 = empty); null when the table does not intern. */
  private slots: Int32Array | null;
  /** The state behind the one id not yet kept (= states.length), when not interning. */
  private pending: S | undefined = undefined;
  private pendingHash = 0;
  /** Steps taken from each interned state so far while it has no row. */
  private steps = new Int32Array(32);
  /** rows[id][op]: UNKNOWN, ILLEGAL, or the next state's id + ID_OFFSET; interned ids only. */
  private readonly rows: (Int32Array | null)[] = [];
  private memoEntries = 0;
  private readonly rowAfterSteps: number;

  constructor(model: Model<S, I>, inputs: readonly I[]) {
    this.model = model;
    this.inputs = inputs;
    this.slots = model.fewStates?.(inputs) ? new Int32Array(64) : null;
    this.rowAfterSteps = Math.max(
      ROW_AFTER_STEPS_MIN,
      Math.ceil(inputs.length * ROW_AFTER_STEPS_PER_OP),
    );
  }

  /**
   * The id of `state`: an equal state's id when interning. Otherwise a new id that stays
   * valid only until the next call, unless `keep` makes it permanent.
   */
  intern(state: S): number {
    const hash = this.model.hash(state) | 0;
    const slots = this.slots;
    if (slots === null) {
      // Most such states lead to a configuration already seen: storing them all would keep
      // them from dying young.
      this.pending = state;
      this.pendingHash = hash;
      return this.states.length;
    }
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (let id = slots[slot]! - 1; id !== -1; id = slots[slot]! - 1) {
      if (this.hashes[id] === hash && this.model.equal(this.states[id]!, state)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.add(state, hash);
    this.rows.push(null);
    if (id === this.steps.length) this.steps = grown(this.steps);
    slots[slot] = id + 1;
    if (2 * this.states.length > slots.length) this.rehash();
    return id;
  }

  /** Makes an id from `step` or `intern` permanent (the search remembered it in a configuration). */
  keep(id: number): void {
    if (id === this.states.length) this.add(this.pending as S, this.pendingHash);
  }

  /** `model.hash` of the state with this id. */
  hashOf(id: number): number {
    return id === this.states.length ? this.pendingHash : this.hashes[id]!;
  }

  /** Whether two ids stand for equal states (for ids that differ and hash alike). */
  same(a: number, b: number): boolean {
    return a === b || this.model.equal(this.stateOf(a), this.stateOf(b));
  }

  private stateOf(id: number): S {
    return id === this.states.length ? (this.pending as S) : this.states[id]!;
  }

  private add(state: S, hash: number): number {
    const id = this.states.length;
    this.states.push(state);
    if (id === this.hashes.length) this.hashes = grown(this.hashes);
    this.hashes[id] = hash;
    return id;
  }

  /** The id of the state after operation `op` from state `id`, or -1 when it is illegal. */
  step(id: number, op: number): number {
    if (id >= this.rows.length) return this.plainStep(id, op);
    let row = this.rows[id] as Int32Array | null;
    if (row !== null) {
      const known = row[op]!;
      if (known !== UNKNOWN) return known - ID_OFFSET;
    } else if (++this.steps[id]! === this.rowAfterSteps) {
      row = this.newRow(id);
    }
    const before = this.states[id]!;
    const after = this.model.step(before, this.inputs[op]!);
    const next = after === undefined ? -1 : after === before ? id : this.intern(after);
    // An id not yet kept may be given to another state: never remember it.
    if (row !== null && next < this.states.length)
      row[op] = next === -1 ? ILLEGAL : next + ID_OFFSET;
    return next;
  }

  private plainStep(id: number, op: number): number {
    const before = this.states[id]!;
    const after = this.model.step(before, this.inputs[op]!);
    return after === undefined ? -1 : after === before ? id : this.intern(after);
  }

  private newRow(id: number): Int32Array | null {
    const n = this.inputs.length;
    if (this.memoEntries + n > MAX_MEMO_ENTRIES) return null;
    this.memoEntries += n;
    const row = new Int32Array(n);
    this.rows[id] = row;
    return row;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots!.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.states.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
