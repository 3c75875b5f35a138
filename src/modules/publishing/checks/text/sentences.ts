/**
 * Rough sentences, for grouping findings and for cues that must be in the same sentence as what they
 * qualify ("born" and a date, "lives" and an address). A sentence ends at . ! ? … followed by a space,
 * a quote or the end, and at every line break. "Mr. Hill" splits wrongly; nothing here needs better.
 */

export interface Sentences {
  /** Start offset of each sentence, ascending; the first is 0. */
  starts: number[];
}

let memo: { text: string; result: Sentences } | undefined;

/** Characters that may end a sentence (a full stop, say, only before a space, a quote or the end). */
const ENDINGS = /[\n\r\u2028\u2029.!?\u2026]/g;

export function sentencesOf(text: string): Sentences {
  if (memo && memo.text === text) return memo.result;
  const starts = [0];
  // the regular expression skips to each candidate far faster than a loop over every character
  ENDINGS.lastIndex = 0;
  while (ENDINGS.test(text)) {
    const i = ENDINGS.lastIndex - 1;
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      starts.push(i + 1);
      continue;
    }
    const n = i + 1 < text.length ? text.charCodeAt(i + 1) : 32;
    if (n === 32 || n === 9 || n === 34 || n === 0x201d || n === 0x2019 || n === 41) starts.push(i + 1);
  }
  const result = { starts };
  memo = { text, result };
  return result;
}

/** The index of the sentence holding `offset`. */
export function sentenceAt(sentences: Sentences, offset: number): number {
  const { starts } = sentences;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
