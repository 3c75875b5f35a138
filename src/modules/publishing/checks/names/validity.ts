/**
 * Whether each kind of name pattern found in a post is used as a name there (see context.ts for the
 * words around a name). Pure functions of the tokens, the matcher and the hit.
 */
import * as tokens from '../text/tokens.ts';
import type { Context } from './context.ts';
import * as rosterMatcher from './roster-matcher.ts';

// local copies, read for every name found (see names/context.ts)
const { F_DIGIT, F_POSS, F_SINGLE, F_WORD, SYM_BREAK, SYM_COMMA, SYM_PERIOD } = tokens;
const { K_FULL } = rosterMatcher;

/** A pattern found by the automaton: tokens first..last, ending at node. */
export interface Hit {
  first: number;
  last: number;
  node: number;
}

export function fullValid(c: Context, h: Hit, mask: number): boolean {
  // "Millie will tell you", "Grace read her poem", "Oscar rose to it": a capitalised name, then an
  // ordinary word in lower case, is a name and a verb (or a word), not a full name
  if (c.capital(h.first) !== c.capital(h.last) && !c.capsContext(h.first, h.last)) {
    const lower = c.capital(h.first) ? h.last : h.first;
    if (c.isCommon(lower, lower)) return false;
  }
  // "will brown the onions": every word an ordinary word, none written as a name
  if (!c.anyCapital(h.first, h.last)) {
    let allCommon = true;
    for (let k = h.first; k <= h.last; k++) if (c.isWord(k) && !c.isCommon(k, k)) allCommon = false;
    if (allCommon) return false;
  }
  // "Smith Jo" without a comma: both words must look like names.
  const reversedOnly = (mask & (1 << K_FULL)) === 0;
  if (reversedOnly && !hasComma(c, h) && !c.allCapital(h.first, h.last)) return false;
  return true;
}

const hasComma = (c: Context, h: Hit): boolean => {
  for (let k = h.first; k <= h.last; k++) if (c.t.sym[k] === SYM_COMMA) return true;
  return false;
};

/** "J. Smith", "J Smith"; "A Brown bear" and "Mrs J. Fox" are not. */
export function initialValid(c: Context, h: Hit): boolean {
  const i = h.first;
  if (!c.capital(i) || !c.has(i, F_SINGLE)) return false;
  if (c.titleBefore(i)) return false;
  const dotted = c.t.sym[i + 1] === SYM_PERIOD;
  const s = dotted ? i + 2 : i + 1;
  const common = c.isCommon(s, h.last);
  const caps = c.capsContext(i, h.last);
  if (common && !c.capital(s)) return false;
  const letter = c.t.text[c.t.start[i]!]!.toLowerCase();
  if (!dotted && (letter === 'a' || letter === 'i')) {
    if (c.sentenceStart(i) || c.determinerBefore(i)) return false;
    if (!caps && c.properAfter(h.last)) return false;
  }
  return true;
}

/** "Smith J", "Smith, J." — but not "Brown I think". */
export function revInitialValid(c: Context, h: Hit): boolean {
  const i = h.last;
  if (!c.capital(i) || !c.has(i, F_SINGLE)) return false;
  if (c.titleBefore(h.first)) return false;
  let lastSurname = h.last - 1;
  if (c.t.sym[lastSurname] === SYM_COMMA) lastSurname--;
  if (c.isCommon(h.first, lastSurname) && !c.capital(h.first)) return false;
  // "Brown I think", "Hope A lot": A and I are words; another initial may be followed by anything ("Smith J came first")
  const letter = c.t.text[c.t.start[i]!]!.toLowerCase();
  const after = h.last + 1;
  if ((letter === 'a' || letter === 'i') && after < c.t.n && c.isWord(after) && !c.capital(after)) return false;
  return true;
}

/** "Ellie M." — a first name and a surname initial, written as such. */
export function firstInitialValid(c: Context, h: Hit): boolean {
  const j = h.last;
  if (!c.capital(j) || !c.has(j, F_SINGLE)) return false;
  const after = j + 1;
  if (after < c.t.n && c.isWord(after) && !c.capital(after)) return false;
  return firstValid(c, h.first, j - 1);
}

/** A first name on its own, written as a name. */
export function firstValid(c: Context, i: number, j: number): boolean {
  if (c.titleBefore(i) || c.determinerBefore(i)) return false;
  if (!c.isCommon(i, j)) return true;
  // a first name that is also an ordinary word ("Hope", "Grace", "Summer") must be written as a name;
  // in capitals ("THANK YOU TO KIT") only a word like "to", "by" or "and" before it says so
  if (!c.capital(i)) return false;
  if (c.capsContext(i, j)) return c.nameLeadBefore(i) && !c.monthUse(i, j);
  if (c.monthUse(i, j) || c.quoted(i, j) || c.themeUse(i)) return false;
  if (c.sentenceStart(i)) {
    if (c.epithetAfter(j) || c.andNameAfter(j)) return true; // "Kit the Kingfisher", "Joy and Olivia"
    if (c.followerAfter(j) || c.wordListAfter(j)) return false; // "Hope you…", "Joy, laughter and…"
  }
  return c.capitalBefore(i) < 0 && !c.properAfter(j);
}

/**
 * A surname on its own: true, false, or a full name made with a nickname before it ("Gracie King").
 */
export function surnameVerdict(c: Context, h: Hit, established: boolean): boolean | { from: number; pupils: number[] } {
  const { first: i, last: j } = h;
  if (c.titleBefore(i)) return false;
  const before = c.capitalBefore(i);
  // a nickname is not itself a rostered first name (that would have made a full name) nor a common word
  if (before >= 0 && !c.knownFirstName(before) && c.wf(before) === 0 && c.m.mayBeFirstName(c.folded(before))) {
    const nicknamed = c.m.nicknamed(h.node, c.folded(before));
    if (nicknamed.length > 0) return { from: before, pupils: nicknamed };
  }
  if (!c.isCommon(i, j)) return true;
  // a surname that is also an ordinary word ("Brown", "King", "May") must be written as a name;
  // in capitals ("WELL DONE TO BROWN") only a word like "to", "by" or "and" before it says so
  if (!c.capital(i)) return false;
  if (c.capsContext(i, j)) return c.nameLeadBefore(i) && !c.monthUse(i, j);
  if (c.determinerBefore(i) || c.monthUse(i, j) || c.quoted(i, j) || c.themeUse(i) || c.afterOpeningQuote(i))
    return false;
  if (before >= 0 || c.properAfter(j)) return false;
  if (c.placeBefore(i) && !c.has(j, F_POSS)) return false;
  if (c.sentenceStart(i)) return established || c.verbAfter(j);
  return true;
}

/** "Brown, Okafor and Thomas": a name next to a surname-only name, through commas, "and", "&" or a bracketed score. */
export function inSurnameList(c: Context, h: Hit, ends: Set<number>, starts: Set<number>): boolean {
  const t = c.t;
  let sawJoin = false;
  for (let k = h.first - 1, steps = 0; k >= 0 && steps < 6; k--, steps++) {
    if ((t.flags[k]! & F_WORD) !== 0 && !skippable(c, k)) {
      if (sawJoin && ends.has(k)) return true;
      break;
    }
    if (t.sym[k] === SYM_COMMA || c.isAnd(k)) sawJoin = true;
  }
  sawJoin = false;
  for (let k = h.last + 1, steps = 0; k < t.n && steps < 6; k++, steps++) {
    if ((t.flags[k]! & F_WORD) !== 0 && !skippable(c, k)) return sawJoin && starts.has(k);
    if (t.sym[k] === SYM_COMMA || c.isAnd(k)) sawJoin = true;
  }
  return false;
}

/** Between names in a list: commas, "and", "&", brackets, a score. */
function skippable(c: Context, k: number): boolean {
  const t = c.t;
  return (
    t.sym[k] === SYM_COMMA || t.sym[k] === SYM_BREAK || c.isAnd(k) || (c.isWord(k) && (t.flags[k]! & F_DIGIT) !== 0)
  );
}
