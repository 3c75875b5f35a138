/**
 * A post folded into a stream of letter codes for word-list matching, with each code's place in the
 * original text. Words are separated by exactly one separator; apostrophes inside a word are dropped
 * ("don’t" → dont), and so is a possessive ’s ("UK’s" → uk); web and email addresses are left out.
 *
 * The "disguise" mode, for offensive words, also undoes the usual disguises: digits and $ @ ! inside a
 * word read as letters ("sh1t", "a$$", "b!tch"), a * inside or after a word stays as * ("f*ck",
 * "f***ing"), a letter repeated three or more times counts once ("fuuuuck"), and three or more single
 * letters spaced out are joined ("f u c k", "f.u.c.k"). Look-alike Cyrillic and Greek letters are
 * folded in every mode. One pass, typed arrays, no allocation per word.
 */
import * as fold from '../text/fold.ts';
import { skipRanges } from '../text/tokens.ts';

// local copies: these run once per character (see text/tokens.ts)
const foldNonAscii = fold.foldNonAscii;
const isApostrophe = fold.isApostrophe;

export const SEP = 0;
export const STAR = 37;
export const ALPHABET = 38;

export interface Stream {
  codes: Uint8Array;
  length: number;
  /** Original offset where each code's character starts, and where it ends. */
  startOf: Int32Array;
  endOf: Int32Array;
  /** The web and email addresses left out, as [start, end) offset pairs (their words are in the text, not here). */
  skips: readonly number[];
}

// raw codes while a word is read: 1–26 letters, 27–36 digits, 37 *, 38 $, 39 @, 40 !
const DOLLAR = 38;
const AT = 39;
const BANG = 40;
// what a digit or symbol reads as inside a word that has letters (0 = stays as it is)
const LEET = new Uint8Array(41);
for (const [raw, letter] of [
  [27, 'o'],
  [28, 'i'],
  [30, 'e'],
  [31, 'a'],
  [32, 's'],
  [34, 't'],
  [35, 'b'],
  [36, 'g'],
  [DOLLAR, 's'],
  [AT, 'a'],
  [BANG, 'i'],
] as const) {
  LEET[raw] = letter.charCodeAt(0) - 96;
}

/** The code of a folded ASCII letter or digit character. */
const codeOfFolded = (c: number): number => (c >= 97 ? c - 96 : c - 48 + 27);

/** Where a stream is written; pass one back to buildStream to reuse its arrays (the old stream is then lost). */
export class Builder {
  codes: Uint8Array;
  startOf: Int32Array;
  endOf: Int32Array;
  n = 0;

  constructor(capacity: number) {
    this.codes = new Uint8Array(capacity);
    this.startOf = new Int32Array(capacity);
    this.endOf = new Int32Array(capacity);
  }

  /** Empties the builder, keeping its arrays if they are big enough. */
  reset(capacity: number): this {
    this.n = 0;
    if (this.codes.length < capacity) {
      this.codes = new Uint8Array(capacity);
      this.startOf = new Int32Array(capacity);
      this.endOf = new Int32Array(capacity);
    }
    return this;
  }

  push(code: number, from: number, to: number): void {
    if (this.n === this.codes.length) this.grow();
    this.codes[this.n] = code;
    this.startOf[this.n] = from;
    this.endOf[this.n++] = to;
  }

  /** Room for `extra` more codes. */
  reserve(extra: number): void {
    while (this.n + extra > this.codes.length) this.grow();
  }

  separator(at: number): void {
    if (this.n > 0 && this.codes[this.n - 1] === SEP) return;
    this.push(SEP, at, at);
  }

  grow(): void {
    const size = this.codes.length * 2;
    const codes = new Uint8Array(size);
    codes.set(this.codes);
    const startOf = new Int32Array(size);
    startOf.set(this.startOf);
    const endOf = new Int32Array(size);
    endOf.set(this.endOf);
    this.codes = codes;
    this.startOf = startOf;
    this.endOf = endOf;
  }
}

// one word, before it is written out (disguise mode)
let wordRaw = new Uint8Array(256);
let wordFrom = new Int32Array(256);
let wordTo = new Int32Array(256);

function ensureWord(size: number): void {
  if (wordRaw.length >= size) return;
  const grow = <T extends Uint8Array | Int32Array>(a: T, b: T): T => {
    b.set(a);
    return b;
  };
  wordRaw = grow(wordRaw, new Uint8Array(size * 2));
  wordFrom = grow(wordFrom, new Int32Array(size * 2));
  wordTo = grow(wordTo, new Int32Array(size * 2));
}

/** Whether char k starts or continues a word: letters, digits, letters after folding. */
function isWordChar(text: string, k: number): boolean {
  if (k >= text.length) return false;
  const c = text.charCodeAt(k);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  const f = foldNonAscii(c);
  return f !== null && f !== '';
}

let fastBefore = 0;

/**
 * Writes the word at i if it is made of letters (ASCII or folding to one ASCII letter), apostrophes
 * inside it and a possessive ’s, and returns where it ends; returns 0 (writing nothing) for any other
 * word, which the general path reads.
 */
function fastWord(text: string, i: number, out: Builder, disguise: boolean): number {
  const len = text.length;
  const before = out.n;
  fastBefore = before;
  if (before + (len - i) + 2 > out.codes.length) return 0;
  const { codes, startOf, endOf } = out;
  let n = before;
  let previous = -1;
  let run = 0;
  let j = i;
  while (j < len) {
    const c = text.charCodeAt(j);
    let code: number;
    if (c < 128) {
      const lower = c | 32;
      if (lower >= 97 && lower <= 122) code = lower - 96;
      else if (c === 39 || c === 96) {
        const next = j + 1 < len ? text.charCodeAt(j + 1) : 0;
        if ((next === 115 || next === 83) && !isWordChar(text, j + 2)) {
          j += 2; // a possessive ’s is dropped
          break;
        }
        if (isWordChar(text, j + 1)) {
          j++;
          continue;
        }
        break;
      } else if (
        (c >= 48 && c <= 57) ||
        (disguise && (c === 42 || leetSymbol(c) !== 0) && continuesWord(text, j, disguise))
      ) {
        out.n = before;
        return 0;
      } else break;
    } else {
      if (isApostrophe(c)) {
        const next = j + 1 < len ? text.charCodeAt(j + 1) : 0;
        if ((next === 115 || next === 83) && !isWordChar(text, j + 2)) {
          j += 2;
          break;
        }
        if (isWordChar(text, j + 1)) {
          j++;
          continue;
        }
        break;
      }
      const folded = foldNonAscii(c);
      if (folded === null) break;
      if (folded === '') {
        j++;
        continue;
      }
      const f = folded.charCodeAt(0);
      if (folded.length !== 1 || f < 97 || f > 122) {
        out.n = before;
        return 0;
      }
      code = f - 96;
    }
    if (code === previous) {
      if (++run >= 3 && disguise) {
        out.n = before;
        return 0;
      }
    } else {
      previous = code;
      run = 1;
    }
    codes[n] = code;
    startOf[n] = j;
    endOf[n++] = j + 1;
    j++;
  }
  out.n = n;
  return n > before ? j : 0;
}

/** Whether the character at k carries on the word before it (a digit, an apostrophe, a disguise, a non-ASCII letter). */
function continuesWord(text: string, k: number, disguise: boolean): boolean {
  if (k >= text.length) return false;
  const c = text.charCodeAt(k);
  if (c >= 48 && c <= 57) return true;
  if (c >= 128) return isApostrophe(c) || isWordChar(text, k);
  if (isApostrophe(c)) return true;
  if (!disguise) return false;
  return (
    c === 42 ||
    (leetSymbol(c) !== 0 && isWordChar(text, k + 1)) ||
    (leetSymbol(c) !== 0 && leetSymbol(text.charCodeAt(k + 1)) !== 0)
  );
}

const leetSymbol = (c: number): number => (c === 36 ? DOLLAR : c === 64 ? AT : c === 33 ? BANG : 0);

export function buildStream(text: string, disguise: boolean, reuse?: Builder): Stream {
  const len = text.length;
  const out = reuse ? reuse.reset(len + 16) : new Builder(len + 16);
  const skips = skipRanges(text);
  let s = 0;
  out.push(SEP, 0, 0);
  // single-letter words seen in a row with one space, dot or dash between them (disguise mode)
  let singles = 0;
  let joinRuns = false;
  let lastWordEnd = -1;
  let i = 0;
  while (i < len) {
    if (s < skips.length && i === skips[s]) {
      out.separator(i);
      i = skips[s + 1]!;
      s += 2;
      singles = 0;
      continue;
    }
    if (!isWordChar(text, i)) {
      out.separator(i);
      i++;
      continue;
    }
    // ---------------------------------------------------------------- fast path: letters (accented too),
    // apostrophes and a possessive; anything else (digits, disguises, repeats, ß…) starts again below
    const fastEnd = fastWord(text, i, out, disguise);
    if (fastEnd > 0) {
      if (disguise) {
        const single = out.n - fastBefore === 1;
        const gap = lastWordEnd >= 0 && i - lastWordEnd === 1 ? text.charCodeAt(lastWordEnd) : 0;
        if (single && singles > 0 && (gap === 32 || gap === 46 || gap === 45 || gap === 95)) singles++;
        else singles = single ? 1 : 0;
        if (singles === 3) joinRuns = true;
      }
      lastWordEnd = fastEnd;
      i = fastEnd;
      continue;
    }
    // ------------------------------------------------------------------ any other word
    const wordStart = i;
    let wn = 0;
    let hasLetter = false;
    while (i < len && !(s < skips.length && i === skips[s])) {
      const c = text.charCodeAt(i);
      if (isApostrophe(c)) {
        const next = i + 1 < len ? text.charCodeAt(i + 1) : 0;
        if ((next === 115 || next === 83) && !isWordChar(text, i + 2)) {
          i += 2; // a possessive ’s is dropped: "UK’s" reads as "UK"
          break;
        }
        if (isWordChar(text, i + 1)) {
          i++;
          continue;
        }
        break;
      }
      let folded: string | null;
      if (c < 128) {
        if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) {
          if (disguise && leetSymbol(c) !== 0 && wn > 0) {
            // a run of $ @ ! counts only when a letter or digit follows it ("a$$hole", not "bitch!")
            let j = i;
            while (j < len && leetSymbol(text.charCodeAt(j)) !== 0) j++;
            if (!isWordChar(text, j)) break;
            ensureWord(wn + (j - i) + 1);
            for (let k = i; k < j; k++) {
              wordRaw[wn] = leetSymbol(text.charCodeAt(k));
              wordFrom[wn] = k;
              wordTo[wn++] = k + 1;
            }
            i = j;
            continue;
          }
          if (disguise && c === 42 && wn > 0) {
            ensureWord(wn + 1);
            wordRaw[wn] = STAR;
            wordFrom[wn] = i;
            wordTo[wn++] = i + 1;
            i++;
            continue;
          }
          break;
        }
        const lower = c >= 65 && c <= 90 ? c + 32 : c;
        ensureWord(wn + 1);
        wordRaw[wn] = codeOfFolded(lower);
        wordFrom[wn] = i;
        wordTo[wn++] = i + 1;
        if (lower >= 97) hasLetter = true;
        i++;
        continue;
      }
      folded = foldNonAscii(c);
      if (folded === null) break;
      ensureWord(wn + folded.length);
      for (let k = 0; k < folded.length; k++) {
        const fc = folded.charCodeAt(k);
        wordRaw[wn] = codeOfFolded(fc);
        wordFrom[wn] = i;
        wordTo[wn++] = i + 1;
        if (fc >= 97) hasLetter = true;
      }
      i++;
    }
    if (wn === 0) continue;
    // ------------------------------------------------------------------ write it out
    const before = out.n;
    if (!disguise) {
      for (let k = 0; k < wn; k++) out.push(wordRaw[k]!, wordFrom[k]!, wordTo[k]!);
    } else {
      for (let k = 0; k < wn; k++) {
        let code = wordRaw[k]!;
        if (code > STAR || (code >= 27 && code <= 36)) {
          if (hasLetter && LEET[code]! > 0) code = LEET[code]!;
          else if (code > STAR) continue;
        }
        // a letter three or more times in a row counts once
        let run = 1;
        if (code !== STAR && code <= 26) while (k + run < wn && wordRaw[k + run] === wordRaw[k]) run++;
        if (run >= 3) {
          out.push(code, wordFrom[k]!, wordTo[k + run - 1]!);
          k += run - 1;
        } else out.push(code, wordFrom[k]!, wordTo[k]!);
      }
      const single = out.n - before === 1 && out.codes[before]! <= 26;
      const gap = lastWordEnd >= 0 ? text.slice(lastWordEnd, wordStart) : '';
      if (single && singles > 0 && gap.length === 1 && ' .-_'.includes(gap)) singles++;
      else singles = single ? 1 : 0;
      if (singles === 3) joinRuns = true;
    }
    lastWordEnd = i;
    out.separator(i);
  }
  out.separator(len);
  const stream = {
    codes: out.codes,
    length: out.n,
    startOf: out.startOf,
    endOf: out.endOf,
    skips,
  };
  return joinRuns ? joinSpacedLetters(text, stream) : stream;
}

/** Removes the separators inside runs of three or more single letters: "f u c k" → "fuck". */
function joinSpacedLetters(text: string, stream: Stream): Stream {
  const { codes, startOf, endOf, length, skips } = stream;
  const isSingleAt = (k: number) =>
    k > 0 && k + 1 < length && codes[k]! > 0 && codes[k - 1] === SEP && codes[k + 1] === SEP;
  const drop = new Uint8Array(length);
  let k = 1;
  while (k < length) {
    if (!isSingleAt(k)) {
      k++;
      continue;
    }
    let j = k;
    while (
      j + 2 < length &&
      isSingleAt(j + 2) &&
      endOf[j]! + 1 === startOf[j + 2]! &&
      ' .-_'.includes(text[endOf[j]!]!)
    )
      j += 2;
    if ((j - k) / 2 + 1 >= 3) for (let q = k + 1; q < j; q += 2) drop[q] = 1;
    k = j + 2;
  }
  let n = 0;
  for (let q = 0; q < length; q++) {
    if (drop[q]) continue;
    codes[n] = codes[q]!;
    startOf[n] = startOf[q]!;
    endOf[n++] = endOf[q]!;
  }
  return { codes, length: n, startOf, endOf, skips };
}

/** Folds a list term the same way ("Children’s services" → "childrens services"). */
export function foldTerm(term: string, disguise: boolean): Uint8Array {
  const stream = buildStream(term, disguise);
  const from = 1;
  let to = stream.length;
  while (to > from && stream.codes[to - 1] === SEP) to--;
  return stream.codes.slice(from, to);
}
