/**
 * Splits a post into tokens with offsets into the ORIGINAL text, so a finding highlights exactly the
 * words it is about. Words are runs of letters and digits, folded (case, accents, look-alikes) and
 * hashed as they are read, then looked up in the vocabulary; apostrophes inside a word are dropped
 * ("O’Brien" = "OBrien"), a possessive ’s is cut off and remembered, hyphens separate words
 * ("Smith-Jones" = "Smith Jones"). Commas and full stops are tokens of their own ("Smith, Jo",
 * "J. Smith"); other punctuation is a break. Web addresses, email addresses and @handles are breaks
 * too; a #tag is split into its words ("#WellDoneAmyBrown"). Sentences end at . ! ? … and line breaks, but not after an initial or a title ("J. Smith",
 * "Mr. Hill") or inside a number ("8.45").
 */
import * as fold from './fold.ts';
import * as vocabulary from './vocab.ts';
import type { Vocabulary } from './vocab.ts';

// Local copies: calling an imported function through a module namespace can cost a getter call per
// character when the module is transpiled, and this loop runs once per character of every post.
const foldNonAscii = fold.foldNonAscii;
const isApostrophe = fold.isApostrophe;
const isUpperNonAscii = fold.isUpperNonAscii;
const mix1 = vocabulary.mix1;
const mix2 = vocabulary.mix2;
const H1_SEED = vocabulary.H1_SEED;
const H2_SEED = vocabulary.H2_SEED;

export const SYM_UNKNOWN = 0;
export const SYM_COMMA = 1;
export const SYM_PERIOD = 2;
export const SYM_BREAK = -1;

export const F_CAP = 1; // starts with a capital letter
export const F_ALLCAPS = 2; // every letter a capital, and at least two letters
export const F_POSS = 4; // followed by a possessive ’s (cut off)
export const F_SENT_START = 8; // first word of a sentence
export const F_SINGLE = 16; // a single letter
export const F_DIGIT = 32; // contains a digit
export const F_WORD = 64; // a word (not punctuation)
export const F_TIGHT = 128; // only spaces (no line break, no punctuation) since the previous token

export interface Tokens {
  readonly text: string;
  readonly n: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly sym: Int32Array;
  readonly flags: Uint8Array;
  readonly sentence: Int32Array;
  readonly sentences: number;
}

/** The word-flag bit of abbreviations whose full stop does not end a sentence ("Mr.", "St."): see names/words.ts. */
const ABBREVIATION = 1 << 1;

/** [start, end) pairs of web and email addresses, found without a regular expression over the whole text. */
export function skipRanges(text: string): number[] {
  const pairs: [number, number][] = [];
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let s = at;
    while (s > 0 && isEmailChar(text.charCodeAt(s - 1))) s--;
    let e = at + 1;
    while (e < text.length && isDomainChar(text.charCodeAt(e))) e++;
    while (e > at + 1 && !isAsciiAlnum(text.charCodeAt(e - 1))) e--; // a full stop after the address ends the sentence
    if (s < at && text.slice(at + 1, e).includes('.')) pairs.push([s, e]);
  }
  for (const lead of ['://', 'www.']) {
    for (let at = text.indexOf(lead); at >= 0; at = text.indexOf(lead, at + 1)) {
      let s = at;
      if (lead === '://') while (s > 0 && isAsciiAlnum(text.charCodeAt(s - 1))) s--;
      let e = at + lead.length;
      while (e < text.length && !isUrlEnd(text.charCodeAt(e))) e++;
      while (e > at && /[.,;:!?)]/.test(text[e - 1]!)) e--;
      if (e > s) pairs.push([s, e]);
    }
  }
  if (pairs.length === 0) return [];
  pairs.sort((a, b) => a[0] - b[0]);
  const ranges: number[] = [];
  for (const [s, e] of pairs) {
    const last = ranges.length - 1;
    if (last > 0 && ranges[last]! >= s) ranges[last] = Math.max(ranges[last]!, e);
    else ranges.push(s, e);
  }
  return ranges;
}

const isAsciiAlnum = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
const isEmailChar = (c: number): boolean => isAsciiAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
const isDomainChar = (c: number): boolean => isAsciiAlnum(c) || c === 46 || c === 45;
const isUrlEnd = (c: number): boolean =>
  c === 32 || c === 9 || c === 10 || c === 13 || c === 60 || c === 62 || c === 34 || c === 0xa0;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isNewline = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
const isSpace = (c: number): boolean =>
  c === 32 || c === 9 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x200a || c === 11 || c === 12;
const isDash = (c: number): boolean => c === 45 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212;

function startsWord(c: number): boolean {
  if (c < 128) return isAsciiAlnum(c);
  const f = foldNonAscii(c);
  return f !== null && f !== '';
}

const isLowerAt = (text: string, k: number): boolean => {
  const c = text.charCodeAt(k);
  return (c >= 97 && c <= 122) || (c >= 128 && !isUpperNonAscii(c) && startsWord(c));
};
const isUpperAt = (text: string, k: number): boolean => {
  const c = text.charCodeAt(k);
  return (c >= 65 && c <= 90) || (c >= 128 && isUpperNonAscii(c));
};

/** "WellDoneAmy_Brown2026" → Well, Done, Amy, Brown, 2026. */
function hashtagParts(text: string, s: number, e: number): [number, number][] {
  const parts: [number, number][] = [];
  let from = s;
  for (let k = s + 1; k <= e; k++) {
    const split =
      k === e ||
      text.charCodeAt(k) === 95 ||
      (isUpperAt(text, k) && isLowerAt(text, k - 1)) ||
      isDigit(text.charCodeAt(k)) !== isDigit(text.charCodeAt(k - 1));
    if (!split) continue;
    if (k > from && text.charCodeAt(from) !== 95) parts.push([from, k]);
    from = text.charCodeAt(k) === 95 ? k + 1 : k;
  }
  return parts;
}

/** Collects tokens into growable typed arrays; pass one back to tokenise to reuse its arrays. */
export class Writer {
  n = 0;
  start: Int32Array;
  end: Int32Array;
  sym: Int32Array;
  flags: Uint8Array;
  sentence: Int32Array;
  sentenceNo = 0;
  tight = false;

  constructor(capacity: number) {
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.sym = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.sentence = new Int32Array(capacity);
  }

  push(s: number, e: number, id: number, f: number): void {
    if (this.n === this.start.length) this.grow();
    const n = this.n++;
    this.start[n] = s;
    this.end[n] = e;
    this.sym[n] = id;
    this.flags[n] = this.tight ? f | F_TIGHT : f;
    this.sentence[n] = this.sentenceNo;
    this.tight = true;
  }

  /** Empties the writer for a new text, keeping its arrays if they are big enough. */
  reset(capacity: number): this {
    this.n = 0;
    this.sentenceNo = 0;
    this.tight = false;
    if (this.start.length < capacity) {
      this.start = new Int32Array(capacity);
      this.end = new Int32Array(capacity);
      this.sym = new Int32Array(capacity);
      this.flags = new Uint8Array(capacity);
      this.sentence = new Int32Array(capacity);
    }
    return this;
  }

  pushBreak(s: number, e: number): void {
    const last = this.n - 1;
    if (last >= 0 && this.sym[last] === SYM_BREAK && this.end[last] === s) this.end[last] = e;
    else this.push(s, e, SYM_BREAK, 0);
  }

  private grow(): void {
    const size = this.start.length * 2;
    const copy = <T extends Int32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.start = copy(this.start, new Int32Array(size));
    this.end = copy(this.end, new Int32Array(size));
    this.sym = copy(this.sym, new Int32Array(size));
    this.flags = copy(this.flags, new Uint8Array(size));
    this.sentence = copy(this.sentence, new Int32Array(size));
  }
}

/**
 * With `reuse`, the tokens live in that writer's arrays and are only good until it is used again.
 */
export function tokenise(text: string, vocab: Vocabulary, wordFlags: Uint32Array, reuse?: Writer): Tokens {
  const len = text.length;
  const w = reuse ? reuse.reset((len >> 2) + 16) : new Writer((len >> 2) + 16);
  const skips = skipRanges(text);
  let skipIndex = 0;
  let nextSkip = skips.length > 0 ? skips[0]! : -1;
  let wordsSeen = 0;
  let pendingBreak = true;
  let lastWordSingle = false;
  let lastWordSym = 0;
  let i = 0;

  while (i < len) {
    if (i === nextSkip) {
      w.pushBreak(i, skips[skipIndex + 1]!);
      i = skips[skipIndex + 1]!;
      skipIndex += 2;
      nextSkip = skipIndex < skips.length ? skips[skipIndex]! : -1;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c < 128 ? isAsciiAlnum(c) : startsWord(c)) {
      // ------------------------------------------------------------------ a word
      const s = i;
      let h1 = H1_SEED;
      let h2 = H2_SEED;
      let letters = 0;
      let uppers = 0;
      let digits = 0;
      let firstUpper = false;
      let e = -1;
      let f = F_WORD;
      while (i < len && i !== nextSkip) {
        let d = text.charCodeAt(i);
        if (d >= 97 && d <= 122) {
          letters++;
        } else if (d >= 65 && d <= 90) {
          if (letters + digits === 0) firstUpper = true;
          d += 32;
          letters++;
          uppers++;
        } else if (d >= 48 && d <= 57) {
          digits++;
        } else {
          if (d < 128 && !isApostrophe(d)) {
            // 8.45, 1,200, 10:30 stay one token
            if (
              (d === 46 || d === 44 || d === 58) &&
              digits > 0 &&
              isDigit(text.charCodeAt(i - 1)) &&
              i + 1 < len &&
              isDigit(text.charCodeAt(i + 1))
            ) {
              i++;
              continue;
            }
            break;
          }
          if (isApostrophe(d)) {
            const next = i + 1 < len ? text.charCodeAt(i + 1) : 0;
            if ((next === 115 || next === 83) && (i + 2 >= len || !startsWord(text.charCodeAt(i + 2)))) {
              e = i;
              i += 2;
              f |= F_POSS;
              break;
            }
            if (startsWord(next) && letters > 0) {
              i++;
              continue;
            }
            if (
              (next === 0 || !startsWord(next)) &&
              letters > 0 &&
              (text.charCodeAt(i - 1) === 115 || text.charCodeAt(i - 1) === 83) &&
              d !== 0x2018
            ) {
              e = i;
              i++;
              f |= F_POSS;
            }
            break;
          }
          const folded = foldNonAscii(d);
          if (folded === null) break;
          if (folded !== '') {
            const upper = isUpperNonAscii(d);
            if (letters + digits === 0 && upper) firstUpper = true;
            if (upper) uppers++;
            for (let k = 0; k < folded.length; k++) {
              const fc = folded.charCodeAt(k);
              h1 = Math.imul(h1 ^ fc, 16777619);
              h2 = (Math.imul(h2, 0x5bd1e995) + fc) | 0;
            }
            letters++;
          }
          i++;
          continue;
        }
        h1 = Math.imul(h1 ^ d, 16777619);
        h2 = (Math.imul(h2, 0x5bd1e995) + d) | 0;
        i++;
      }
      if (e < 0) e = i;
      if (firstUpper) f |= F_CAP;
      if (uppers === letters && letters >= 2) f |= F_ALLCAPS;
      if (letters === 1 && digits === 0) f |= F_SINGLE;
      if (digits > 0) f |= F_DIGIT;
      if (pendingBreak) {
        f |= F_SENT_START;
        if (wordsSeen > 0) w.sentenceNo++;
        pendingBreak = false;
      }
      const id = vocab.lookup(h1, h2);
      w.push(s, e, id, f);
      wordsSeen++;
      lastWordSingle = letters === 1 && digits === 0;
      lastWordSym = id;
      continue;
    }
    // ------------------------------------------------------------------ not a word
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (isDash(c)) {
      // a dash between spaces separates ("Sports Day – Brown scored"); inside a word it joins like a space
      if (i === 0 || i + 1 >= len || isSpace(text.charCodeAt(i - 1)) || isSpace(text.charCodeAt(i + 1)))
        w.tight = false;
      i++;
      continue;
    }
    if (isNewline(c)) {
      pendingBreak = true;
      w.tight = false;
      i++;
      continue;
    }
    if (c === 44) {
      w.push(i, i + 1, SYM_COMMA, 0);
      i++;
      continue;
    }
    if (c === 46) {
      const last = w.n - 1;
      const ellipsis = i + 1 < len && text.charCodeAt(i + 1) === 46;
      const abbreviation =
        last >= 0 &&
        w.end[last] === i &&
        (w.flags[last]! & F_WORD) !== 0 &&
        (lastWordSingle || ((wordFlags[lastWordSym] ?? 0) & ABBREVIATION) !== 0);
      if (ellipsis) {
        let j = i;
        while (j < len && text.charCodeAt(j) === 46) j++;
        w.pushBreak(i, j);
        pendingBreak = true;
        i = j;
      } else {
        w.push(i, i + 1, SYM_PERIOD, 0);
        if (!abbreviation) pendingBreak = true;
        i++;
      }
      continue;
    }
    if ((c === 35 || c === 64) && i + 1 < len && startsWord(text.charCodeAt(i + 1))) {
      let j = i + 1;
      while (j < len && (startsWord(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
      if (c === 64)
        w.pushBreak(i, j); // an @handle is not a name in the text
      else {
        // a #tag reads as its words ("#WellDoneAmyBrown"), but its capitals say nothing: flagged as capitals
        w.pushBreak(i, i + 1);
        for (const [ps, pe] of hashtagParts(text, i + 1, j)) {
          const [h1, h2, letters, digits] = hashRange(text, ps, pe);
          let f = F_WORD | F_CAP | F_ALLCAPS;
          if (letters === 1 && digits === 0) f |= F_SINGLE;
          if (digits > 0) f |= F_DIGIT;
          w.push(ps, pe, vocab.lookup(h1, h2), f);
        }
        lastWordSingle = false;
        lastWordSym = 0;
      }
      i = j;
      continue;
    }
    if (c === 33 || c === 63 || c === 0x2026) pendingBreak = true;
    w.pushBreak(i, i + 1);
    i++;
  }
  return {
    text,
    n: w.n,
    start: w.start,
    end: w.end,
    sym: w.sym,
    flags: w.flags,
    sentence: w.sentence,
    sentences: w.sentenceNo + 1,
  };
}

/** The two hashes of text[s, e) folded, with its counts of letters and digits. */
function hashRange(text: string, s: number, e: number): [number, number, number, number] {
  let h1 = H1_SEED;
  let h2 = H2_SEED;
  let letters = 0;
  let digits = 0;
  for (let k = s; k < e; k++) {
    const d = text.charCodeAt(k);
    const folded = d < 128 ? (d >= 65 && d <= 90 ? String.fromCharCode(d + 32) : text[k]!) : (foldNonAscii(d) ?? '');
    for (let q = 0; q < folded.length; q++) {
      const fc = folded.charCodeAt(q);
      h1 = mix1(h1, fc);
      h2 = mix2(h2, fc);
    }
    if (isDigit(d)) digits++;
    else if (folded) letters++;
  }
  return [h1, h2, letters, digits];
}
