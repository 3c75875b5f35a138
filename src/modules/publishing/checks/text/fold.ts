/**
 * Folding one character for matching: lower case, accents stripped (NFKD), a few letters NFKD leaves
 * alone (ł, ø, ß, æ…) and look-alike Cyrillic and Greek letters mapped to the Latin letters they imitate.
 * Pure and cached: the first sight of a non-ASCII character costs a normalize(), later ones a lookup.
 */

/** What a character folds to: letters and digits ("e", "ss"), '' for a mark to skip, null for a separator. */
export type Folded = string | '' | null;

const SPECIAL: Readonly<Record<string, string>> = {
  ł: 'l',
  Ł: 'l',
  ø: 'o',
  Ø: 'o',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
  ŀ: 'l',
  ĸ: 'k',
  // Cyrillic look-alikes
  а: 'a',
  А: 'a',
  в: 'b',
  В: 'b',
  е: 'e',
  Е: 'e',
  ё: 'e',
  к: 'k',
  К: 'k',
  м: 'm',
  М: 'm',
  н: 'h',
  Н: 'h',
  о: 'o',
  О: 'o',
  р: 'p',
  Р: 'p',
  с: 'c',
  С: 'c',
  т: 't',
  Т: 't',
  у: 'y',
  У: 'y',
  х: 'x',
  Х: 'x',
  ѕ: 's',
  Ѕ: 's',
  і: 'i',
  І: 'i',
  ј: 'j',
  Ј: 'j',
  һ: 'h',
  Һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ɡ: 'g',
  // Greek look-alikes
  α: 'a',
  Α: 'a',
  β: 'b',
  Β: 'b',
  ε: 'e',
  Ε: 'e',
  η: 'n',
  Η: 'h',
  ι: 'i',
  Ι: 'i',
  κ: 'k',
  Κ: 'k',
  μ: 'u',
  Μ: 'm',
  ν: 'v',
  Ν: 'n',
  ο: 'o',
  Ο: 'o',
  ρ: 'p',
  Ρ: 'p',
  τ: 't',
  Τ: 't',
  υ: 'u',
  Υ: 'y',
  χ: 'x',
  Χ: 'x',
  ζ: 'z',
  Ζ: 'z',
};

// caches by UTF-16 code unit: undefined until first seen
const cache: Folded[] = new Array<Folded>(0x10000);
const upperCache: (boolean | undefined)[] = new Array<boolean | undefined>(0x10000);

const isMark = (c: number): boolean =>
  (c >= 0x300 && c <= 0x36f) ||
  (c >= 0x1ab0 && c <= 0x1aff) ||
  (c >= 0x1dc0 && c <= 0x1dff) ||
  (c >= 0x20d0 && c <= 0x20ff) ||
  (c >= 0xfe20 && c <= 0xfe2f);
const isInvisible = (c: number): boolean =>
  c === 0xad || c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff;

/** Folds a non-ASCII UTF-16 code unit (surrogates are separators: emoji and the like). */
export function foldNonAscii(c: number): Folded {
  let folded = cache[c];
  if (folded !== undefined) return folded;
  folded = computeFold(c);
  cache[c] = folded;
  return folded;
}

function computeFold(c: number): Folded {
  if (isMark(c) || isInvisible(c)) return '';
  if (c >= 0xd800 && c <= 0xdfff) return null;
  const ch = String.fromCharCode(c);
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  const decomposed = ch.normalize('NFKD').toLowerCase();
  let out = '';
  for (let i = 0; i < decomposed.length; i++) {
    const d = decomposed.charCodeAt(i);
    if ((d >= 97 && d <= 122) || (d >= 48 && d <= 57)) out += decomposed[i];
    else if (isMark(d)) continue;
    else {
      const inner = SPECIAL[decomposed[i]!];
      if (inner === undefined) return null;
      out += inner;
    }
  }
  return out === '' ? null : out;
}

/** True when a non-ASCII letter is upper case (É, Ł, İ). */
export function isUpperNonAscii(c: number): boolean {
  let upper = upperCache[c];
  if (upper === undefined) {
    const ch = String.fromCharCode(c);
    upper = ch !== ch.toLowerCase() && ch === ch.toUpperCase();
    upperCache[c] = upper;
  }
  return upper;
}

/** Apostrophes and the marks people type for them: ' ’ ʼ ‘ ` ´ ′. */
export function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x2bc || c === 0x2018 || c === 96 || c === 0xb4 || c === 0x2032;
}

/** Folds a whole string the same way, keeping only letters and digits: "O’Brien" → "obrien", "Zoë" → "zoe". */
export function foldWord(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += word[i];
    else if (c >= 128) out += foldNonAscii(c) ?? '';
  }
  return out;
}
