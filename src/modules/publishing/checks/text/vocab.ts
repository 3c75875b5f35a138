/**
 * A vocabulary of folded words, each with a small integer id, looked up by two independent 32-bit
 * hashes of the word's folded characters. The tokeniser hashes as it reads, so finding a word's id
 * allocates nothing. A text word that is not in the vocabulary has id 0. Two words colliding on both
 * hashes (a 1 in 2^64 chance per pair) would share an id; nothing else can go wrong.
 */

export const H1_SEED = 0x811c9dc5 | 0;
export const H2_SEED = 7;
/** Mixes one folded character code into each hash (FNV-1a and a multiplicative hash). */
export const mix1 = (h: number, c: number): number => Math.imul(h ^ c, 16777619);
export const mix2 = (h: number, c: number): number => (Math.imul(h, 0x5bd1e995) + c) | 0;

export function hashFolded(word: string): [number, number] {
  let h1 = H1_SEED;
  let h2 = H2_SEED;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    h1 = mix1(h1, c);
    h2 = mix2(h2, c);
  }
  return [h1, h2];
}

export class Vocabulary {
  private keys1: Int32Array;
  private keys2: Int32Array;
  private ids: Int32Array;
  private mask: number;
  private count = 0;
  readonly words: string[] = [];

  constructor(
    capacityHint = 1024,
    private readonly firstId = 1,
  ) {
    let size = 16;
    while (size < capacityHint * 2) size <<= 1;
    this.keys1 = new Int32Array(size);
    this.keys2 = new Int32Array(size);
    this.ids = new Int32Array(size); // 0 = empty slot
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The id of a folded word, adding it if new. */
  add(folded: string): number {
    const [h1, h2] = hashFolded(folded);
    const found = this.lookup(h1, h2);
    if (found !== 0) return found;
    if ((this.count + 1) * 2 > this.mask) this.grow();
    const id = this.firstId + this.count++;
    this.words[id] = folded;
    this.insert(h1, h2, id);
    return id;
  }

  /** The id for these hashes, or 0. */
  lookup(h1: number, h2: number): number {
    const mask = this.mask;
    let slot = (h1 ^ (h1 >>> 15)) & mask;
    for (;;) {
      const id = this.ids[slot]!;
      if (id === 0) return 0;
      if (this.keys1[slot] === h1 && this.keys2[slot] === h2) return id;
      slot = (slot + 1) & mask;
    }
  }

  /** The id of a folded word, or 0. */
  idOf(folded: string): number {
    const [h1, h2] = hashFolded(folded);
    return this.lookup(h1, h2);
  }

  private insert(h1: number, h2: number, id: number): void {
    let slot = (h1 ^ (h1 >>> 15)) & this.mask;
    while (this.ids[slot] !== 0) slot = (slot + 1) & this.mask;
    this.keys1[slot] = h1;
    this.keys2[slot] = h2;
    this.ids[slot] = id;
  }

  private grow(): void {
    const { keys1, keys2, ids } = this;
    const size = ids.length * 2;
    this.keys1 = new Int32Array(size);
    this.keys2 = new Int32Array(size);
    this.ids = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== 0) this.insert(keys1[i]!, keys2[i]!, ids[i]!);
  }
}
