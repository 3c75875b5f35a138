/**
 * Whether the words around a possible name say it is used as a name. Pure functions of the tokens and
 * the matcher's word flags.
 *
 * A name that is also an ordinary word (Brown, Hope, Will, May, Long…) counts on its own only when it
 * is written like a name: a capital letter that is not just the start of a sentence, no determiner
 * before it ("the Green"), not inside a longer proper name ("King’s Cross", "Rose Theatre", "Church of
 * England"), not a quoted title (“Hope”). Any surname after a title ("Mr Patel") is an adult's.
 */
import * as tokens from '../text/tokens.ts';
import type { Tokens } from '../text/tokens.ts';
import * as rosterMatcher from './roster-matcher.ts';
import type { RosterMatcher } from './roster-matcher.ts';
import * as words from './words.ts';

// Local copies, read for every word around every name: once transpiled, each use of an imported
// binding is a getter call (see text/tokens.ts).
const { F_ALLCAPS, F_CAP, F_DIGIT, F_POSS, F_SENT_START, F_SINGLE, F_TIGHT, F_WORD, SYM_BREAK, SYM_COMMA, SYM_PERIOD } =
  tokens;
const { K_FIRST } = rosterMatcher;
const {
  W_WORK,
  W_ABBREVIATION,
  W_AND,
  W_CHILD,
  W_CLASS,
  W_COMMON,
  W_COPULA,
  W_DETERMINER,
  W_FOLLOWER,
  W_GREETING,
  W_MONTH,
  W_NAME_LEAD,
  W_NOT_SURNAME,
  W_OF,
  W_PAST,
  W_PLACE,
  W_PREPOSITION,
  W_THEME,
  W_TIME_WORD,
  W_TITLE,
} = words;

/** How far either way the checks look for words about children in a name's sentence. */
const SENTENCE_REACH = 40;
/** Not someone's surname after a first name: a class, month, greeting or small word ("Max Year 3", "Kit Week"). */
const NOT_A_SURNAME =
  W_NOT_SURNAME | W_MONTH | W_GREETING | W_TITLE | W_DETERMINER | W_FOLLOWER | W_CLASS | W_AND | W_OF | W_PREPOSITION;

export class Context {
  constructor(
    readonly t: Tokens,
    readonly m: RosterMatcher,
  ) {}

  isWord(i: number): boolean {
    return i >= 0 && i < this.t.n && (this.t.flags[i]! & F_WORD) !== 0;
  }

  /** The word flags (names/words.ts) of token i, 0 for punctuation and unknown words. */
  wf(i: number): number {
    if (!this.isWord(i)) return 0;
    return this.m.wordFlags[this.t.sym[i]!] ?? 0;
  }

  has(i: number, flag: number): boolean {
    return (this.t.flags[i]! & flag) !== 0;
  }

  capital(i: number): boolean {
    return this.isWord(i) && (this.t.flags[i]! & (F_CAP | F_ALLCAPS)) !== 0;
  }

  /** The word just before token i with only spaces between, or -1. */
  prevWord(i: number): number {
    return i > 0 && this.has(i, F_TIGHT) && this.isWord(i - 1) ? i - 1 : -1;
  }

  /** The word just after token j with only spaces between, or -1. */
  nextWord(j: number): number {
    return j + 1 < this.t.n && this.has(j + 1, F_TIGHT) && this.isWord(j + 1) ? j + 1 : -1;
  }

  /** In text written in capitals ("WELL DONE BROWN"), where a capital says nothing. */
  capsContext(i: number, j: number): boolean {
    if (!this.has(i, F_ALLCAPS) && !(this.has(i, F_SINGLE) && this.capital(i))) return false;
    const p = this.prevWord(i);
    const n = this.nextWord(j);
    return (p >= 0 && this.has(p, F_ALLCAPS)) || (n >= 0 && this.has(n, F_ALLCAPS));
  }

  /** The word "I", a capital that says nothing about the words beside it. */
  isPronounI(i: number): boolean {
    return this.has(i, F_SINGLE) && this.t.text.charCodeAt(this.t.start[i]!) === 73;
  }

  /** "Mr Brown", "Mrs. Hope", "Mrs J. Fox", "Dr A B Hill": a title, then perhaps initials, then token i. */
  titleBefore(i: number): boolean {
    let k = i;
    for (let steps = 0; steps < 6 && k > 0; steps++) {
      let p = k - 1;
      if (this.t.sym[p] === SYM_PERIOD && p > 0 && this.isWord(p - 1) && this.t.end[p - 1] === this.t.start[p]) {
        p--; // "Mr." or "J.": only an abbreviation or an initial keeps its full stop inside the name
        if ((this.wf(p) & W_ABBREVIATION) === 0 && !this.has(p, F_SINGLE)) return false;
      } else if (!this.has(k, F_TIGHT) || !this.isWord(p)) return false;
      if ((this.wf(p) & W_TITLE) !== 0) return true;
      if (!this.has(p, F_SINGLE) || !this.capital(p)) return false;
      k = p;
    }
    return false;
  }

  /** A month name used as one: "in May", "14 May", "May 14", "May half term". */
  monthUse(i: number, j: number): boolean {
    if (i !== j || (this.wf(i) & W_MONTH) === 0) return false;
    const p = this.prevWord(i);
    if (p >= 0 && ((this.wf(p) & W_TIME_WORD) !== 0 || this.has(p, F_DIGIT))) return true;
    const n = this.nextWord(j);
    return n >= 0 && (this.has(n, F_DIGIT) || this.capital(n));
  }

  determinerBefore(i: number): boolean {
    const p = this.prevWord(i);
    return p >= 0 && (this.wf(p) & W_DETERMINER) !== 0;
  }

  /** A capitalised word right before that is not a greeting or title: "Kestrel Hill", "Ann Hope". */
  capitalBefore(i: number): number {
    const p = this.prevWord(i);
    if (p < 0 || !this.capital(p) || this.isPronounI(p)) return -1;
    return (this.wf(p) & (W_GREETING | W_TITLE)) !== 0 ? -1 : p;
  }

  /** A capitalised word right after, or "of" and a capitalised word: "Rose Theatre", "Church of England". */
  properAfter(j: number): boolean {
    const n = this.nextWord(j);
    if (n < 0) return false;
    if (this.capital(n)) return !this.isPronounI(n);
    if ((this.wf(n) & W_OF) !== 0) {
      let k = this.nextWord(n);
      if (k >= 0 && (this.wf(k) & W_DETERMINER) !== 0) k = this.nextWord(k);
      return k >= 0 && this.capital(k);
    }
    return false;
  }

  /** “Hope” on its own in quotation marks: a title, not a name. */
  quoted(i: number, j: number): boolean {
    const text = this.t.text;
    const before = this.t.start[i]! - 1;
    const after = this.t.end[j]!;
    return before >= 0 && after < text.length && isQuote(text.charCodeAt(before)) && isQuote(text.charCodeAt(after));
  }

  /** "in Wells", "at Long Eaton": a place, not a person. */
  placeBefore(i: number): boolean {
    const p = this.prevWord(i);
    return p >= 0 && (this.wf(p) & W_PLACE) !== 0;
  }

  /** "King scored", "Day brought": a sentence-opening word followed by a verb in the past tense is someone. */
  verbAfter(j: number): boolean {
    const n = this.nextWord(j);
    if (n < 0 || this.capital(n)) return false;
    if ((this.wf(n) & W_PAST) !== 0) return true;
    const word = this.t.text.slice(this.t.start[n], this.t.end[n]);
    return word.length >= 5 && word.endsWith('ed');
  }

  /** "to Brown", "by Brown", "and Brown", "Congratulations Brown": words that lead into a name. */
  nameLeadBefore(i: number): boolean {
    const p = this.prevWord(i);
    return p >= 0 && (this.wf(p) & W_NAME_LEAD) !== 0;
  }

  sentenceStart(i: number): boolean {
    return this.has(i, F_SENT_START);
  }

  /** A word used in its ordinary sense after a sentence-opening common word: "Hope you…", "May we…". */
  followerAfter(j: number): boolean {
    const n = this.nextWord(j);
    return n >= 0 && !this.capital(n) && (this.wf(n) & W_FOLLOWER) !== 0;
  }

  /** Whether a name-or-class word is used as a class: "Oak class", "in Hazel", "Hazel, Willow and Oak classes". */
  classContext(i: number, j: number): boolean {
    const n = this.nextWord(j);
    if (n >= 0 && (this.wf(n) & W_CLASS) !== 0) return true;
    const p = this.prevWord(i);
    if (p >= 0 && (this.wf(p) & W_PREPOSITION) !== 0) return true;
    for (let k = j + 1, steps = 0; k < this.t.n && steps < 16; k++, steps++) {
      const sym = this.t.sym[k]!;
      if (sym === SYM_COMMA) continue;
      if (!this.isWord(k)) return false;
      const f = this.wf(k);
      if ((f & W_CLASS) !== 0) return true;
      if ((f & W_AND) !== 0 || this.capital(k)) continue;
      return false;
    }
    return false;
  }

  /** "Our value this term is Hope", "Theme: Joy": a value or theme named, not a child. */
  themeUse(i: number): boolean {
    const p = i - 1;
    if (p < 0) return false;
    const colon = this.t.sym[p] === SYM_BREAK && this.t.text.slice(this.t.start[p], this.t.end[p]).trim() === ':';
    if (!colon && (this.wf(p) & W_COPULA) === 0) return false;
    const sentence = this.t.sentence[i];
    for (let k = p - 1, steps = 0; k >= 0 && steps < 8 && this.t.sentence[k] === sentence; k--, steps++) {
      if ((this.wf(k) & W_THEME) !== 0) return true;
    }
    return false;
  }

  /**
   * Whether the words around tokens i..j say the sentence is about children, so that a surname on its
   * own may mean a pupil: "well done", "goals", "team", "pupils", a verb of doing after it ("Brown scored").
   */
  childCue(i: number, j: number): boolean {
    if (this.verbAfter(j)) return true;
    const t = this.t;
    const sentence = t.sentence[i];
    for (let k = i - 1, steps = 0; k >= 0 && steps < SENTENCE_REACH && t.sentence[k] === sentence; k--, steps++) {
      if ((this.wf(k) & (W_CHILD | W_PAST)) !== 0) return true;
    }
    for (let k = j + 1, steps = 0; k < t.n && steps < SENTENCE_REACH && t.sentence[k] === sentence; k++, steps++) {
      if ((this.wf(k) & (W_CHILD | W_PAST)) !== 0) return true;
    }
    return false;
  }

  /** "Kit the Kingfisher", "Hope the Hedgehog": a name with an epithet. */
  epithetAfter(j: number): boolean {
    const n = this.nextWord(j);
    if (n < 0 || this.capital(n) || this.folded(n) !== 'the') return false;
    const k = this.nextWord(n);
    return k >= 0 && this.capital(k);
  }

  /** "Joy and Olivia": a sentence-opening word followed by "and" and a pupil's first name. */
  andNameAfter(j: number): boolean {
    const n = this.nextWord(j);
    if (n < 0 || (this.wf(n) & W_AND) === 0) return false;
    const k = this.nextWord(n);
    return k >= 0 && this.capital(k) && this.knownFirstName(k);
  }

  /** "Joy, laughter and glitter": a list of ordinary words, not a name and a greeting. */
  wordListAfter(j: number): boolean {
    const t = this.t;
    if (j + 2 >= t.n || t.sym[j + 1] !== SYM_COMMA || !this.isWord(j + 2) || this.capital(j + 2)) return false;
    const k = j + 3;
    return k < t.n && (t.sym[k] === SYM_COMMA || (this.wf(k) & W_AND) !== 0);
  }

  /** "Turner’s seascapes", "Constable’s clouds": a possessive before someone's works. */
  worksAfter(j: number): boolean {
    if (!this.has(j, F_POSS)) return false;
    const n = this.nextWord(j);
    if (n < 0) return false;
    if ((this.wf(n) & W_WORK) !== 0) return true;
    const k = this.nextWord(n); // "Turner’s stormy seascapes"
    return k >= 0 && !this.capital(n) && (this.wf(k) & W_WORK) !== 0;
  }

  /** “Snow in the Suburbs”: the first word of a quoted title. */
  afterOpeningQuote(i: number): boolean {
    const at = this.t.start[i]! - 1;
    if (at < 0 || !isQuote(this.t.text.charCodeAt(at))) return false;
    return at === 0 || /\s|\(/.test(this.t.text[at - 1]!);
  }

  /** "Max Holloway", "Faith Adeyemi": a first name followed by someone's surname, so someone else's name. */
  surnameAfter(j: number): boolean {
    const n = this.nextWord(j);
    if (n < 0 || !this.capital(n) || this.isPronounI(n) || this.has(n, F_DIGIT) || this.has(n, F_SINGLE)) return false;
    if (this.has(n, F_ALLCAPS) && this.has(j, F_ALLCAPS)) return false; // "WELL DONE MAX TODAY"
    return (this.wf(n) & NOT_A_SURNAME) === 0;
  }

  isAnd(i: number): boolean {
    if (this.isWord(i)) return (this.wf(i) & W_AND) !== 0;
    return this.t.sym[i] === SYM_BREAK && this.t.text.slice(this.t.start[i], this.t.end[i]).trim() === '&';
  }

  isCommon(i: number, j: number): boolean {
    return i === j && (this.wf(i) & W_COMMON) !== 0;
  }

  /** Any capital letter in tokens i..j. */
  anyCapital(i: number, j: number): boolean {
    for (let k = i; k <= j; k++) if (this.capital(k)) return true;
    return false;
  }

  /** Every word in tokens i..j has a capital. */
  allCapital(i: number, j: number): boolean {
    for (let k = i; k <= j; k++) if (this.isWord(k) && !this.capital(k)) return false;
    return true;
  }

  /** Whether word i is, on its own, some pupil's first name. */
  knownFirstName(i: number): boolean {
    const sym = this.t.sym[i]!;
    if (sym <= 0) return false;
    const node = this.m.ac.goto(0, sym);
    return node > 0 && (this.m.kindMask[node]! & (1 << K_FIRST)) !== 0;
  }

  /** The folded text of word i. */
  folded(i: number): string {
    return foldSlice(this.t.text, this.t.start[i]!, this.t.end[i]!);
  }
}

function foldSlice(text: string, s: number, e: number): string {
  return text
    .slice(s, e)
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}

const isQuote = (c: number): boolean =>
  c === 34 || c === 39 || c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019 || c === 0xab || c === 0xbb;
