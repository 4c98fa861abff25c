/** Entries per bitset chunk: growing adds a chunk instead of copying every stored bitset. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
/** V8's Map limit; typed arrays would allow more, but memory runs out first. */
export const MAX_CONFIGURATIONS = 1 << 24;
/** Bytes the cache may hold by default: past it the search answers "unknown". */
const DEFAULT_BYTES = 512 * 1024 * 1024;
/** Per entry besides its bitset: hash, two table slots, a state pointer. */
const ENTRY_OVERHEAD_BYTES = 20;

/**
 * The set of (linearized operations, state) configurations the search has explored: an
 * open-addressing table of entry numbers keyed by a 32-bit hash, bitsets in fixed-size
 * chunks. No Map and no per-entry allocation (both made the search slow), and a size cap
 * so that a huge search ends as "unknown" instead of throwing or exhausting memory.
 */
export class ConfigurationCache<S> {
  private readonly words: number;
  private readonly equal: (a: S, b: S) => boolean;
  readonly capacity: number;
  private slots = new Int32Array(1024); // entry + 1; 0 = empty
  private hashes = new Int32Array(512);
  private readonly chunks: Uint32Array[] = [];
  private readonly states: S[] = [];

  constructor(words: number, equal: (a: S, b: S) => boolean, capacity?: number) {
    this.words = words;
    this.equal = equal;
    this.capacity = Math.min(
      capacity ?? Math.floor(DEFAULT_BYTES / (4 * words + ENTRY_OVERHEAD_BYTES)),
      MAX_CONFIGURATIONS,
    );
  }

  get size(): number {
    return this.states.length;
  }

  /** True once `capacity` configurations are stored: `add` must not be called any more. */
  get full(): boolean {
    return this.states.length >= this.capacity;
  }

  /** Adds the configuration; false when it was already there. `hash` must cover bits and state. */
  add(hash: number, bits: Uint32Array, state: S): boolean {
    const { slots, words } = this;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (let e = slots[slot]! - 1; e !== -1; e = slots[slot]! - 1) {
      if (this.hashes[e] === hash && this.sameBits(e, bits) && this.equal(this.states[e]!, state))
        return false;
      slot = (slot + 1) & mask;
    }
    const index = this.states.length;
    if ((index & (CHUNK - 1)) === 0) this.chunks.push(new Uint32Array(words * CHUNK));
    this.chunks[index >>> CHUNK_BITS]!.set(bits, (index & (CHUNK - 1)) * words);
    if (index === this.hashes.length) {
      const hashes = new Int32Array(index * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.hashes[index] = hash;
    this.states.push(state);
    slots[slot] = index + 1;
    if (2 * this.states.length > slots.length) this.rehash();
    return true;
  }

  private sameBits(entry: number, bits: Uint32Array): boolean {
    const chunk = this.chunks[entry >>> CHUNK_BITS]!;
    const offset = (entry & (CHUNK - 1)) * this.words;
    for (let w = 0; w < this.words; w++) if (chunk[offset + w] !== bits[w]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.states.length; e++) {
      let slot = this.hashes[e]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = e + 1;
    }
    this.slots = slots;
  }
}
