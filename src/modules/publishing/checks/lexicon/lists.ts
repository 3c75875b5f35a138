/**
 * The maintained word lists (data/*.txt), compiled together into one automaton on first use, so one
 * pass over a post finds the words of every list. A school's own extra confidential terms are
 * compiled on their own and kept for the last few lists seen.
 */
import { readFileSync } from 'node:fs';
import type { Severity } from '../types.ts';
import { Lexicon, parseTerms, type LexiconMatch } from './lexicon.ts';
import { streamOf } from './streams.ts';

export type ListName =
  | 'offensive'
  | 'confidential'
  | 'political-cues'
  | 'political-topics'
  | 'attribution-cues'
  | 'residence-cues'
  | 'birth-cues'
  | 'health-cues'
  | 'inspection-cues'
  | 'sneer-cues';

const FILES: readonly [ListName, Severity][] = [
  ['offensive', 'blocking'],
  ['confidential', 'advisory'],
  ['political-cues', 'advisory'],
  ['political-topics', 'advisory'],
  ['attribution-cues', 'advisory'],
  ['residence-cues', 'advisory'],
  ['birth-cues', 'advisory'],
  ['health-cues', 'advisory'],
  ['inspection-cues', 'advisory'],
  ['sneer-cues', 'advisory'],
];

let compiled: Lexicon | undefined;

/** Every maintained list in one lexicon. Every list is matched over the folded stream with disguises undone. */
export function maintainedLists(): Lexicon {
  if (!compiled) {
    const terms = FILES.flatMap(([list, severity]) =>
      parseTerms(readFileSync(new URL(`./data/${list}.txt`, import.meta.url), 'utf8').split('\n'), severity, list),
    );
    compiled = new Lexicon(terms, true);
  }
  return compiled;
}

let memo: { text: string; matches: LexiconMatch[] } | undefined;

/** The matches of one list in a text (all lists are matched once per text). */
export function listMatches(text: string, list: ListName): LexiconMatch[] {
  return allMatches(text).filter((m) => m.term.list === list);
}

function allMatches(text: string): LexiconMatch[] {
  if (!memo || memo.text !== text) memo = { text, matches: maintainedLists().match(streamOf(text)) };
  return memo.matches;
}

/**
 * Whether a cue list may have a word in the text, for detectors that read a text only when one does:
 * found in the pass every list shares, or in a web or email address the stream left out (whose words
 * the detector's own expressions still read), by `inAddresses`, the detector's old quick test, run
 * over each address and a little either side of it.
 */
export function hasCue(text: string, list: ListName, inAddresses: RegExp): boolean {
  if (allMatches(text).some((m) => m.term.list === list)) return true;
  const { skips } = streamOf(text);
  for (let k = 0; k < skips.length; k += 2)
    if (inAddresses.test(text.slice(Math.max(0, skips[k]! - MARGIN), skips[k + 1]! + MARGIN))) return true;
  return false;
}
/** Longer than any match of a detector's quick test, so one that straddles an address's edge is seen whole. */
const MARGIN = 40;

const extras = new Map<string, Lexicon>();

/** The school's own confidential terms (same syntax as data/confidential.txt), or undefined if none. */
export function extraConfidentialLexicon(terms: readonly string[] | undefined): Lexicon | undefined {
  if (!terms || terms.length === 0) return undefined;
  const key = terms.join('\n');
  let lexicon = extras.get(key);
  if (!lexicon) {
    lexicon = new Lexicon(parseTerms(terms, 'advisory', 'confidential'), true);
    if (extras.size >= 16) extras.delete(extras.keys().next().value!);
    extras.set(key, lexicon);
  }
  return lexicon;
}
