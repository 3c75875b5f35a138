/**
 * Whole-phrase matching for mentions (MON-5): the school's names, nicknames, staff and pupils' names
 * found in any text, by the same Aho–Corasick automaton the post checks use for the roster
 * (publishing/checks/names/aho-corasick.ts), run over folded characters rather than word ids, with a full
 * transition table for its shallow states only (shallow-dense-automaton.ts).
 *
 * Text is folded as the post checks fold names (case, accents and look-alikes; apostrophes inside a
 * word dropped, so "St Mary's" and "St Marys" are one phrase) to 37 symbols: 1–26 letters, 27–36
 * digits, 0 for any run of other characters. A phrase is stored with a separator on each side and the
 * text is read with one before and after, so only whole words match ("Oak Academy" is not found in
 * "Soak Academy") without a boundary check in the loop. Near the root, where text spends nearly all its
 * time, a step is one array read; that and a small table are what make it fast enough, to build
 * and to scan, for every school name in England.
 */
import { foldNonAscii, isApostrophe } from '../../publishing/checks/text/fold.ts';
import { ShallowDenseAutomatonBuilder } from './shallow-dense-automaton.ts';

export const ALPHABET = 37;
const SEP = 0;

/** Symbol of each ASCII code: letters and digits, -1 for an apostrophe (dropped), 0 otherwise. */
const ASCII = new Int8Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 97 && c <= 122) ASCII[c] = c - 96;
  else if (c >= 65 && c <= 90) ASCII[c] = c - 64;
  else if (c >= 48 && c <= 57) ASCII[c] = c - 48 + 27;
  else if (isApostrophe(c)) ASCII[c] = -1;
  else ASCII[c] = SEP;
}

function symbolOfChar(ch: string): number {
  const c = ch.charCodeAt(0);
  return c < 128 ? ASCII[c]! : SEP;
}

/**
 * The folded symbols of a phrase: one separator for every run of other characters, starting and
 * ending with a separator.
 */
export function foldPhrase(text: string): number[] {
  const out = new FoldBuffer(text.length + 2);
  out.fold(text);
  return Array.from(out.bytes.subarray(0, out.length));
}

/** Folded phrases one after another in one growing byte array (no array per phrase while building). */
class FoldBuffer {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }

  private push(s: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = s;
  }

  /** Appends the phrase's symbols; returns where they start. */
  fold(text: string): number {
    const start = this.length;
    this.push(SEP);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const s = ASCII[c]!;
        if (s < 0) continue;
        if (s === SEP && this.bytes[this.length - 1] === SEP) continue;
        this.push(s);
      } else if (isApostrophe(c)) {
      } else {
        const folded = foldNonAscii(c);
        if (folded === '') continue;
        if (folded === null) {
          if (this.bytes[this.length - 1] !== SEP) this.push(SEP);
          continue;
        }
        for (const ch of folded) this.push(symbolOfChar(ch));
      }
    }
    if (this.bytes[this.length - 1] !== SEP) this.push(SEP);
    return start;
  }
}

export interface PhraseHit {
  /** The phrase's index in the list the matcher was built from. */
  phrase: number;
  /** Offset in the text (UTF-16 units) just after the phrase's last character. */
  end: number;
}

export class PhraseMatcher {
  /** table[state * ALPHABET + symbol]: the next state, failures already followed (shallow states). */
  private readonly table: Int32Array;
  private readonly denseStates: number;
  private readonly childStart: Int32Array;
  private readonly symbol: Uint8Array;
  private readonly fail: Int32Array;
  /** For each state, the first phrase ending there (itself or along output links) + 1, or 0. */
  private readonly outputOf: Int32Array;
  /** Further phrases ending at the same state: the next node along the output chain. */
  private readonly dict: Int32Array;
  private readonly phraseOfNode: Int32Array;
  readonly phraseCount: number;
  readonly stateCount: number;

  constructor(phrases: readonly string[]) {
    const buffer = new FoldBuffer(phrases.reduce((sum, p) => sum + p.length + 2, 0));
    const starts = new Int32Array(phrases.length + 1);
    for (let i = 0; i < phrases.length; i++) starts[i] = buffer.fold(phrases[i]!);
    starts[phrases.length] = buffer.length;
    // The states never outnumber the symbols, so the trie is sized once.
    const builder = new ShallowDenseAutomatonBuilder(ALPHABET, buffer.length + 1);
    const added: number[] = [];
    for (let i = 0; i < phrases.length; i++) {
      // A phrase with no letters or digits (just the separators) cannot be found.
      added.push(starts[i + 1]! - starts[i]! > 2 ? builder.add(buffer.bytes.subarray(starts[i]!, starts[i + 1]!)) : -1);
    }
    const ac = builder.build();
    this.stateCount = ac.states;
    this.phraseCount = phrases.length;
    this.table = ac.table;
    this.denseStates = ac.denseStates;
    this.childStart = ac.childStart;
    this.symbol = ac.symbol;
    this.fail = ac.fail;
    const phraseOfNode = new Int32Array(ac.states).fill(-1);
    added.forEach((k, index) => {
      const node = k >= 0 ? ac.stateOf[k]! : -1;
      if (node > 0 && phraseOfNode[node] === -1) phraseOfNode[node] = index;
    });
    this.phraseOfNode = phraseOfNode;
    this.dict = ac.dict;
    const outputOf = new Int32Array(ac.states);
    for (let n = 1; n < ac.states; n++) outputOf[n] = ac.terminal[n] ? n : ac.dict[n]!;
    this.outputOf = outputOf;
  }

  /**
   * Every phrase found in the text, each time it occurs. Repeated phrases in the list are reported
   * once, under their first index.
   */
  find(text: string): PhraseHit[] {
    const hits: PhraseHit[] = [];
    const { table, outputOf, denseStates } = this;
    let state = table[SEP]!;
    let lastSep = true;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const s = ASCII[c]!;
        if (s < 0) continue;
        if (s === SEP) {
          if (lastSep) continue;
          lastSep = true;
        } else lastSep = false;
        state = state < denseStates ? table[state * ALPHABET + s]! : this.deep(state, s);
        if (outputOf[state] !== 0) this.collect(state, i, hits);
      } else {
        if (isApostrophe(c)) continue;
        const folded = foldNonAscii(c);
        if (folded === '') continue;
        if (folded === null) {
          if (lastSep) continue;
          lastSep = true;
          state = this.next(state, SEP);
          if (outputOf[state] !== 0) this.collect(state, i, hits);
          continue;
        }
        lastSep = false;
        for (let k = 0; k < folded.length; k++) {
          state = this.next(state, symbolOfChar(folded[k]!));
          if (outputOf[state] !== 0) this.collect(state, i, hits);
        }
      }
    }
    if (!lastSep) {
      state = this.next(state, SEP);
      if (outputOf[state] !== 0) this.collect(state, n, hits);
    }
    return hits;
  }

  private next(state: number, s: number): number {
    return state < this.denseStates ? this.table[state * ALPHABET + s]! : this.deep(state, s);
  }

  /** A step from a state without a row: its children, then failures until a child or a row (see the automaton). */
  private deep(state: number, s: number): number {
    const { childStart, symbol, fail, denseStates } = this;
    let u = state;
    while (u >= denseStates) {
      for (let k = childStart[u]!, end = childStart[u + 1]!; k < end; k++) if (symbol[k] === s) return k;
      u = fail[u]!;
    }
    return this.table[u * ALPHABET + s]!;
  }

  /** How many phrase occurrences the text holds (the benchmark's loop: no allocation per hit). */
  count(text: string): number {
    return this.find(text).length;
  }

  private collect(state: number, index: number, hits: PhraseHit[]): void {
    for (let o = this.outputOf[state]!; o > 0; o = this.dict[o]!) {
      const phrase = this.phraseOfNode[o]!;
      // The end offset is the separator after the phrase; the phrase ends at the last letter before it.
      if (phrase >= 0) hits.push({ phrase, end: index });
    }
  }
}
