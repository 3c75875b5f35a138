/**
 * Word lists ("lexicons") compiled into one character-level Aho–Corasick automaton with a full
 * transition table, matched over a folded stream (stream.ts).
 *
 * List syntax, one term a line ('#' starts a comment):
 *   word or phrase      whole words only ("tit" matches "tit", not "title")
 *   term+               the start of a word ("bitch+" matches "bitchy")
 *   +term               the end of a word
 *   +term+              anywhere, even inside a word ("+fuck+" matches "motherfucker")
 *   !term / ?term       blocking / advisory (otherwise the list's default)
 *   -phrase             an exception: any match overlapping it is dropped ("-blue tit", "-scunthorpe")
 */
import { AhoCorasickBuilder } from '../names/aho-corasick.ts';
import type { Severity, Span } from '../types.ts';
import * as streams from './stream.ts';
import type { Stream } from './stream.ts';

// local copies for the per-character loop (see text/tokens.ts)
const ALPHABET = streams.ALPHABET;
const SEP = streams.SEP;
const buildStream = streams.buildStream;
const foldTerm = streams.foldTerm;

export interface Term {
  /** Which list the term comes from: exceptions and overlaps are settled within a list. */
  list: string;
  text: string;
  severity: Severity;
  leftOpen: boolean;
  rightOpen: boolean;
  exception: boolean;
}

export interface LexiconMatch {
  term: Term;
  /** Offsets into the original text. */
  span: Span;
}

export function parseTerms(lines: readonly string[], defaultSeverity: Severity, list = ''): Term[] {
  const terms: Term[] = [];
  for (const raw of lines) {
    let line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    let severity = defaultSeverity;
    let exception = false;
    if (line.startsWith('-')) {
      exception = true;
      line = line.slice(1).trim();
    } else if (line.startsWith('!')) {
      severity = 'blocking';
      line = line.slice(1).trim();
    } else if (line.startsWith('?')) {
      severity = 'advisory';
      line = line.slice(1).trim();
    }
    const leftOpen = line.startsWith('+');
    const rightOpen = line.endsWith('+') && line.length > 1;
    const text = line.replace(/^\+/, '').replace(/\+$/, '').trim();
    if (text) terms.push({ list, text, severity, leftOpen, rightOpen, exception });
  }
  return terms;
}

export class Lexicon {
  private readonly table: Int32Array;
  private readonly depth: Int32Array;
  private readonly dict: Int32Array;
  private readonly terminal: Uint8Array;
  /** The terms each node ends, by node (undefined for most). */
  private readonly termsAt: (Term[] | undefined)[];
  readonly size: number;

  constructor(
    terms: readonly Term[],
    readonly disguise: boolean,
  ) {
    const builder = new AhoCorasickBuilder();
    const termsAt = new Map<number, Term[]>();
    for (const term of terms) {
      const codes = foldTerm(term.text, disguise);
      if (codes.length === 0) continue;
      const node = builder.add(codes);
      const list = termsAt.get(node);
      if (list) list.push(term);
      else termsAt.set(node, [term]);
    }
    const ac = builder.build();
    this.table = ac.dense(ALPHABET);
    this.depth = ac.depth;
    this.dict = ac.dict;
    this.terminal = ac.terminal;
    this.termsAt = [];
    for (const [node, list] of termsAt) this.termsAt[node] = list;
    this.size = terms.length;
  }

  /** Every match in the stream, exceptions applied, in order. */
  match(stream: Stream): LexiconMatch[] {
    const { codes, length, startOf, endOf } = stream;
    const { table, terminal, dict, depth, termsAt } = this;
    const found: { a: number; b: number; term: Term }[] = [];
    let state = 0;
    for (let i = 0; i < length; i++) {
      state = table[state * ALPHABET + codes[i]!]!;
      let o = terminal[state] ? state : dict[state]!;
      for (; o > 0; o = dict[o]!) {
        const a = i - depth[o]! + 1;
        const b = i + 1;
        const leftBoundary = codes[a - 1] === SEP;
        const rightBoundary = b >= length || codes[b] === SEP;
        for (const term of termsAt[o]!) {
          if (!(term.leftOpen || leftBoundary) || !(term.rightOpen || rightBoundary)) continue;
          // an open end covers the rest of the word, so the whole word is highlighted
          let from = a;
          let to = b;
          if (term.leftOpen) while (from > 0 && codes[from - 1] !== SEP) from--;
          if (term.rightOpen) while (to < length && codes[to] !== SEP) to++;
          found.push({ a: from, b: to, term });
        }
      }
    }
    if (found.length === 0) return [];
    const exceptions = found.filter((f) => f.term.exception);
    const kept = found.filter(
      (f) => !f.term.exception && !exceptions.some((e) => e.term.list === f.term.list && e.a < f.b && f.a < e.b),
    );
    // one match per place and list: the longest
    kept.sort((x, y) => (x.term.list < y.term.list ? -1 : x.term.list > y.term.list ? 1 : 0) || x.a - y.a || y.b - x.b);
    const out: LexiconMatch[] = [];
    let coveredTo = -1;
    let list = '';
    for (const f of kept) {
      if (f.term.list !== list) [list, coveredTo] = [f.term.list, -1];
      if (f.a < coveredTo) continue;
      coveredTo = f.b;
      out.push({ term: f.term, span: { start: startOf[f.a]!, end: endOf[f.b - 1]! } });
    }
    return out.sort((x, y) => x.span.start - y.span.start);
  }

  /** Convenience: fold and match a text. */
  matchText(text: string): LexiconMatch[] {
    return this.match(buildStream(text, this.disguise));
  }
}
