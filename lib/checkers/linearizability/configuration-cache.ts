/** Entries per chunk: growing adds a chunk instead of copying every stored configuration. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
/** The most configurations one search may remember, whatever memory allows. */
export const MAX_CONFIGURATIONS = 1 << 24;
/** Bytes the cache may hold by default: past it the search answers "unknown". */
const DEFAULT_BYTES = 512 * 1024 * 1024;
/** Per entry besides its bitset: its state id, and two table slots of (hash, entry). */
const ENTRY_OVERHEAD_BYTES = 4 + 2 * 8;

/**
 * The set of (linearized operations, state id) configurations the search has explored: an
 * open-addressing table keyed by a 32-bit hash, each slot holding the hash beside its
 * entry number so a probe reads one place in memory; entries (state id, then the bitset)
 * in fixed-size chunks. No Map and no per-entry allocation (both made the search slow),
 * and a size cap so that a huge search ends as "unknown" instead of exhausting memory.
 * States are ids from a StateTable; `same` decides whether two different ids stand for
 * equal states (it is called only when bits and hash match).
 */
export class ConfigurationCache {
  private readonly words: number;
  private readonly same: (a: number, b: number) => boolean;
  /** Int32s per entry: the state id, then `words` of bitset. */
  private readonly stride: number;
  readonly capacity: number;
  /** Pairs (hash, entry + 1); entry + 1 = 0 marks an empty slot. */
  private slots = new Int32Array(2 * 1024);
  private readonly chunks: Int32Array[] = [];
  private entries = 0;

  constructor(words: number, same: (a: number, b: number) => boolean, capacity?: number) {
    this.words = words;
    this.same = same;
    this.stride = words + 1;
    this.capacity = Math.min(
      capacity ?? Math.floor(DEFAULT_BYTES / (4 * words + ENTRY_OVERHEAD_BYTES)),
      MAX_CONFIGURATIONS,
    );
  }

  get size(): number {
    return this.entries;
  }

  /** True once `capacity` configurations are stored: `add` must not be called any more. */
  get full(): boolean {
    return this.entries >= this.capacity;
  }

  /** Adds the configuration; false when it was already there. `hash` must cover bits and state. */
  add(hash: number, bits: Int32Array, state: number): boolean {
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    let slot = hash & mask;
    for (let e = slots[2 * slot + 1]! - 1; e !== -1; e = slots[2 * slot + 1]! - 1) {
      if (slots[2 * slot] === hash && this.holds(e, bits, state)) return false;
      slot = (slot + 1) & mask;
    }
    const index = this.entries++;
    if ((index & (CHUNK - 1)) === 0) this.chunks.push(new Int32Array(this.stride * CHUNK));
    const chunk = this.chunks[index >>> CHUNK_BITS]!;
    const offset = (index & (CHUNK - 1)) * this.stride;
    chunk[offset] = state;
    for (let w = 0; w < this.words; w++) chunk[offset + 1 + w] = bits[w]!;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = index + 1;
    if (4 * this.entries > slots.length) this.rehash();
    return true;
  }

  private holds(entry: number, bits: Int32Array, state: number): boolean {
    const chunk = this.chunks[entry >>> CHUNK_BITS]!;
    const offset = (entry & (CHUNK - 1)) * this.stride;
    for (let w = 0; w < this.words; w++) if (chunk[offset + 1 + w] !== bits[w]) return false;
    const stored = chunk[offset]!;
    return stored === state || this.same(stored, state);
  }

  /** Doubles the table (kept at most half full) by moving the (hash, entry) pairs. */
  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >>> 1) - 1;
    for (let s = 0; s < old.length; s += 2) {
      if (old[s + 1] === 0) continue;
      let slot = old[s]! & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[s]!;
      slots[2 * slot + 1] = old[s + 1]!;
    }
    this.slots = slots;
  }
}
