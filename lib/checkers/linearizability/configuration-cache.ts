/**
 * The set of (linearized operations, state) configurations the search has explored.
 * Bitsets live in one growing Uint32Array and buckets chain through an index array:
 * allocating a small typed array per entry made garbage collection dominate the search.
 */
export class ConfigurationCache<S> {
  private readonly words: number;
  private readonly equal: (a: S, b: S) => boolean;
  private readonly heads = new Map<number, number>();
  private bits: Uint32Array;
  private chain: Int32Array;
  private readonly states: S[] = [];

  constructor(words: number, equal: (a: S, b: S) => boolean) {
    this.words = words;
    this.equal = equal;
    this.bits = new Uint32Array(words * 1024);
    this.chain = new Int32Array(1024);
  }

  get size(): number {
    return this.states.length;
  }

  /** Adds the configuration; false when it was already there. `hash` must cover bits and state. */
  add(hash: number, bits: Uint32Array, state: S): boolean {
    const { words } = this;
    const head = this.heads.get(hash);
    for (let i = head ?? -1; i !== -1; i = this.chain[i]!) {
      if (this.sameBits(i * words, bits) && this.equal(this.states[i] as S, state)) return false;
    }
    const index = this.states.length;
    if (index === this.chain.length) this.grow();
    this.bits.set(bits, index * words);
    this.chain[index] = head ?? -1;
    this.states.push(state);
    this.heads.set(hash, index);
    return true;
  }

  private sameBits(offset: number, bits: Uint32Array): boolean {
    for (let w = 0; w < this.words; w++) if (this.bits[offset + w] !== bits[w]) return false;
    return true;
  }

  private grow(): void {
    const bits = new Uint32Array(this.bits.length * 2);
    bits.set(this.bits);
    this.bits = bits;
    const chain = new Int32Array(this.chain.length * 2);
    chain.set(this.chain);
    this.chain = chain;
  }
}
