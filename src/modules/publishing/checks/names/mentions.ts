/**
 * The pupils a post names, and the classes and year groups it mentions (PUB-2). One pass of the
 * roster automaton over the post's words gives every pattern that matches; each is then kept only if
 * the words around it say it is a name (context.ts), and overlapping ones give way to the longest,
 * leftmost ("Jo Smith" over "Smith"). Memoised on the last text, so every rule can ask for it.
 *
 * Decisions that are not just context:
 * - A full name ("Amy Brown", "Brown, Amy", "A. Brown") always counts (unless all lower case and an
 *   ordinary word); a title does not excuse it.
 * - Once a post names a pupil in full, their surname alone counts even at the start of a sentence.
 * - A word that is both a rostered first name and a rostered surname ("Thomas") is read as a first name,
 *   unless it sits in a list of surnames ("Okafor and Thomas") or a sentence naming others by surname.
 * - A capitalised word before a surname that starts like the first name of a pupil of that surname
 *   ("Gracie King") makes a full name.
 * - A first name with a never-publish pupil among those it could mean stops counting as that pupil
 *   when the post puts another pupil's class right beside it ("Kai in Hazel class").
 */
import * as tokens from '../text/tokens.ts';
import type { Tokens } from '../text/tokens.ts';
import { Context } from './context.ts';
import * as validity from './validity.ts';
import type { Hit } from './validity.ts';
import * as rosterMatcher from './roster-matcher.ts';
import type { ClassScope, RosterMatcher } from './roster-matcher.ts';
import * as words from './words.ts';

// local copies, used for every name found (see names/context.ts)
const { F_DIGIT, SYM_BREAK, tokenise, Writer } = tokens;
const { firstInitialValid, firstValid, fullValid, initialValid, inSurnameList, revInitialValid, surnameVerdict } =
  validity;
const { K_FIRST, K_FIRST_INITIAL, K_FORM, K_FULL, K_INITIAL, K_REV_INITIAL, K_REVERSED, K_SURNAME, K_YEAR } =
  rosterMatcher;
const { W_PREPOSITION } = words;

export type MentionKind = 'full' | 'surname' | 'first' | 'first-initial';

export interface NameMention {
  readonly kind: MentionKind;
  readonly firstToken: number;
  readonly lastToken: number;
  readonly start: number;
  readonly end: number;
  readonly sentence: number;
  /** Pupils (matcher indexes) the words could mean; worked out when first asked (a surname can mean hundreds). */
  readonly pupils: number[];
  /** The never-publish pupils among them. */
  readonly neverPublish: number[];
  /** How many pupils the words could mean, counting no further than `limit`. */
  pupilCount(limit: number): number;
  /** The classes and year groups of those pupils. */
  scope(): ClassScope;
  /** Whether one of those pupils is in that class or year group. */
  mayBeIn(ref: ClassRef): boolean;
  /** Whether the words could mean one of these pupils. */
  couldMean(pupils: ReadonlySet<number>): boolean;
  /**
   * For a surname alone: whether the post says it means a child there (a class or year in the sentence,
   * other pupils named by surname or in full, "well done", "goals", "team"…). A surname that is also a
   * painter's, a month or a theme is not a pupil's without it.
   */
  readonly childContext: boolean;
}

/** A mention whose pupils are read from the matcher only when a rule needs them. */
class Mention implements NameMention {
  private list: number[] | undefined;
  /** When set, only the pupils in this class or year ("Kai in Hazel class"). */
  private within: ClassRef | undefined;
  private scoped: ClassScope | undefined;
  readonly start: number;
  readonly end: number;
  readonly sentence: number;
  readonly neverPublish: number[];
  childContext = false;

  private constructor(
    private readonly t: Tokens,
    private readonly m: RosterMatcher,
    readonly kind: MentionKind,
    readonly firstToken: number,
    readonly lastToken: number,
    private readonly node: number,
    private readonly entryKind: number,
    list: number[] | undefined,
    neverPublish: number[] | undefined,
  ) {
    let start = t.start[firstToken]!;
    if (start > 0 && t.text.charCodeAt(start - 1) === 35) start--; // "#AmyBrown": highlight the whole tag
    this.start = start;
    this.end = t.end[lastToken]!;
    this.sentence = t.sentence[firstToken]!;
    this.list = list && list.length > 1 ? [...new Set(list)] : list;
    if (neverPublish) this.neverPublish = neverPublish;
    else if (this.list) this.neverPublish = this.list.filter((p) => m.pupilNeverPublish[p] === 1);
    else this.neverPublish = m.neverPublishAt(node, entryKind);
  }

  couldMean(pupils: ReadonlySet<number>): boolean {
    if (pupils.size === 0) return false;
    if (this.list || this.entryKind !== K_FIRST) return this.pupils.some((p) => pupils.has(p));
    // a first name: look the (few) pupils up, rather than listing everyone of that name
    const within = this.within;
    for (const p of pupils) {
      if (this.m.pupilFirstNodes[p * 2] !== this.node && this.m.pupilFirstNodes[p * 2 + 1] !== this.node) continue;
      if (!within || inClass(this.m, within, p)) return true;
    }
    return false;
  }

  scope(): ClassScope {
    if (this.scoped) return this.scoped;
    this.scoped = this.list || this.within ? this.m.scopeOf(this.pupils) : this.m.scopeAt(this.node, this.entryKind);
    return this.scoped;
  }

  mayBeIn(ref: ClassRef): boolean {
    const within = this.within;
    // narrowed to a class or year (which some pupil of the name is in): a pupil has only one class and
    // one year, so only a ref of the other kind needs the pupils, which can be hundreds for a first name
    if (within && within.form >= 0 === ref.form >= 0)
      return within.form >= 0 ? ref.form === within.form : ref.year === within.year;
    const { forms, years } = this.scope();
    return ref.form >= 0 ? forms.has(ref.form) : years.has(ref.year);
  }

  pupilCount(limit: number): number {
    return this.list || this.within
      ? Math.min(this.pupils.length, limit)
      : this.m.countAt(this.node, this.entryKind, limit);
  }

  /** `list` when the pupils are already known; otherwise those the node's entries of `entryKind` name. */
  static of(
    t: Tokens,
    m: RosterMatcher,
    kind: MentionKind,
    first: number,
    last: number,
    node: number,
    entryKind: number,
    list?: number[],
  ): Mention {
    return new Mention(t, m, kind, first, last, node, entryKind, list, undefined);
  }

  get pupils(): number[] {
    if (!this.list) {
      let all = this.m.pupilsAt(this.node, this.entryKind);
      const within = this.within;
      if (within) all = all.filter((p) => inClass(this.m, within, p));
      this.list = all.length > 1 ? [...new Set(all)] : all;
    }
    return this.list;
  }

  /** The same words meaning only the pupils in a class or year (none of them never-publish). */
  narrowed(ref: ClassRef): Mention {
    const narrowed = new Mention(
      this.t,
      this.m,
      this.kind,
      this.firstToken,
      this.lastToken,
      this.node,
      this.entryKind,
      undefined,
      [],
    );
    narrowed.within = ref;
    return narrowed;
  }
}

export interface ClassRef {
  firstToken: number;
  lastToken: number;
  sentence: number;
  /** The class pattern's node, or -1 for a year group. */
  form: number;
  year: number;
}

export interface NameAnalysis {
  tokens: Tokens;
  mentions: NameMention[];
  classRefs: ClassRef[];
  /** Pupils the post names in full (their first name alone is then covered by that finding). */
  namedInFull: ReadonlySet<number>;
}

let memo: { text: string; matcher: RosterMatcher; result: NameAnalysis } | undefined;
const scratch = new Writer(1024);

/**
 * The names, classes and years in a text. The result is good until analyseNames is next called with
 * another text: its token arrays are reused (a check runs many times as someone writes).
 */
export function analyseNames(text: string, matcher: RosterMatcher): NameAnalysis {
  if (memo && memo.text === text && memo.matcher === matcher) return memo.result;
  const result = analyse(text, matcher);
  memo = { text, matcher, result };
  return result;
}

/** Tokenises and runs the automaton only: what the benchmark compares with one regular expression. */
export function rawNameHits(text: string, matcher: RosterMatcher): number {
  const t = tokenise(text, matcher.vocab, matcher.wordFlags);
  let count = 0;
  matcher.ac.scan(t.sym, t.n, () => count++);
  return count;
}

function analyse(text: string, m: RosterMatcher): NameAnalysis {
  const t = tokenise(text, m.vocab, m.wordFlags, scratch);
  const hits: Hit[] = [];
  m.ac.scan(t.sym, t.n, (end, node) => {
    hits.push({ first: end - m.ac.depth[node]! + 1, last: end, node });
  });
  const c = new Context(t, m);

  // Classes and year groups; a word that is a class and a first name ("Hazel") is a class only in a class context.
  const classRefs: ClassRef[] = [];
  const classTokens = new Set<number>();
  for (const h of hits) {
    const mask = m.kindMask[h.node]!;
    if (mask & (1 << K_YEAR)) {
      classRefs.push({
        firstToken: h.first,
        lastToken: h.last,
        sentence: t.sentence[h.first]!,
        form: -1,
        year: m.yearOfNode.get(h.node)!,
      });
    } else if (mask & (1 << K_FORM)) {
      const cased = c.capital(h.first) || c.has(h.first, F_DIGIT);
      if (!cased) continue;
      const alsoName = (mask & ((1 << K_FIRST) | (1 << K_SURNAME))) !== 0;
      if (alsoName && !c.classContext(h.first, h.last)) continue;
      classRefs.push({
        firstToken: h.first,
        lastToken: h.last,
        sentence: t.sentence[h.first]!,
        form: h.node,
        year: -100,
      });
      for (let k = h.first; k <= h.last; k++) classTokens.add(k);
    }
  }

  const refAt = new Map<number, ClassRef>();
  for (const ref of classRefs) refAt.set(ref.firstToken, ref);

  // Full names first: they establish surnames for the rest of the post.
  const candidates: Mention[] = [];
  const established = new Set<number>();
  const establishedSurnames = new Set<number>();
  for (const h of hits) {
    const mask = m.kindMask[h.node]!;
    if (mask & ((1 << K_FULL) | (1 << K_REVERSED)) && fullValid(c, h, mask)) {
      const pupils = [...m.pupilsAt(h.node, K_FULL), ...m.pupilsAt(h.node, K_REVERSED)];
      candidates.push(Mention.of(t, m, 'full', h.first, h.last, h.node, K_FULL, pupils));
      for (const p of pupils) {
        established.add(p);
        establishedSurnames.add(m.pupilSurnameNode[p]!);
      }
    }
    if (mask & (1 << K_INITIAL) && initialValid(c, h))
      candidates.push(Mention.of(t, m, 'full', h.first, h.last, h.node, K_INITIAL));
    if (mask & (1 << K_REV_INITIAL) && revInitialValid(c, h))
      candidates.push(Mention.of(t, m, 'full', h.first, h.last, h.node, K_REV_INITIAL));
    if (mask & (1 << K_FIRST_INITIAL) && firstInitialValid(c, h))
      candidates.push(Mention.of(t, m, 'first-initial', h.first, h.last, h.node, K_FIRST_INITIAL));
  }

  // Surnames and first names alone (not inside a name already found: "Smith" in "Jo Smith").
  const inFull = new Uint8Array(t.n);
  for (const cand of candidates) for (let k = cand.firstToken; k <= cand.lastToken; k++) inFull[k] = 1;
  const pureSurnameEnds = new Set<number>();
  const pureSurnameStarts = new Set<number>();
  const surnameSentences = new Set<number>();
  const singles: { h: Hit; surname: number[] | true | null; first: boolean; extended: number }[] = [];
  for (const h of hits) {
    const mask = m.kindMask[h.node]!;
    if (!(mask & ((1 << K_SURNAME) | (1 << K_FIRST)))) continue;
    if (h.first === h.last && classTokens.has(h.first)) continue;
    if (inFull[h.first] && inFull[h.last]) continue;
    let surname: number[] | true | null = null;
    let extended = -1;
    if (mask & (1 << K_SURNAME)) {
      const verdict = surnameVerdict(c, h, establishedSurnames.has(h.node));
      if (verdict !== false) {
        surname = verdict === true ? true : verdict.pupils;
        extended = verdict === true ? -1 : verdict.from;
      }
    }
    const first = (mask & (1 << K_FIRST)) !== 0 && firstValid(c, h.first, h.last);
    if (surname && !(mask & (1 << K_FIRST)) && extended < 0) {
      pureSurnameEnds.add(h.last);
      pureSurnameStarts.add(h.first);
      surnameSentences.add(t.sentence[h.first]!);
    }
    singles.push({ h, surname, first, extended });
  }
  for (const { h, surname, first, extended } of singles) {
    if (extended >= 0 && Array.isArray(surname)) {
      candidates.push(Mention.of(t, m, 'full', extended, h.last, h.node, K_SURNAME, surname));
      continue;
    }
    // a word that is a first name and a surname ("Thomas") is a surname only among surnames
    const asSurname =
      surname &&
      (!first ||
        surnameSentences.has(t.sentence[h.first]!) ||
        inSurnameList(c, h, pureSurnameEnds, pureSurnameStarts) ||
        establishedSurnames.has(h.node));
    if (asSurname) {
      const mention = Mention.of(t, m, 'surname', h.first, h.last, h.node, K_SURNAME);
      if (establishedSurnames.has(h.node)) mention.childContext = true;
      candidates.push(mention);
    } else if (first) {
      const mention = firstMention(t, m, c, h, refAt);
      if (mention) candidates.push(mention);
    }
  }

  // Longest, leftmost wins.
  candidates.sort(
    (a, b) => a.firstToken - b.firstToken || b.lastToken - a.lastToken || kindRank(a.kind) - kindRank(b.kind),
  );
  const mentions: Mention[] = [];
  let covered = -1;
  for (const cand of candidates) {
    if (cand.firstToken <= covered) continue;
    mentions.push(cand);
    covered = cand.lastToken;
  }
  markChildContext(mentions, classRefs, c);
  return { tokens: t, mentions, classRefs, namedInFull: established };
}

const kindRank = (kind: MentionKind): number =>
  kind === 'full' ? 0 : kind === 'surname' ? 1 : kind === 'first-initial' ? 2 : 3;

/** Surnames alone: a class or year in the sentence, other pupils named by surname or in full there, or words about children. */
function markChildContext(mentions: Mention[], classRefs: readonly ClassRef[], c: Context): void {
  let surnames = false;
  for (const mention of mentions) if (mention.kind === 'surname') surnames = true;
  if (!surnames) return;
  const classSentences = new Set<number>();
  for (const ref of classRefs) classSentences.add(ref.sentence);
  const named = new Map<number, number>();
  for (const mention of mentions)
    if (mention.kind === 'surname' || mention.kind === 'full')
      named.set(mention.sentence, (named.get(mention.sentence) ?? 0) + 1);
  for (const mention of mentions) {
    if (mention.kind !== 'surname' || mention.childContext) continue;
    if (classSentences.has(mention.sentence)) mention.childContext = true;
    // "Turner’s seascapes", "King’s paintings": a famous person's works, unless a class or year says a pupil's
    else if (c.worksAfter(mention.lastToken)) continue;
    else mention.childContext = named.get(mention.sentence)! > 1 || c.childCue(mention.firstToken, mention.lastToken);
  }
}

/**
 * A first name alone. A never-publish pupil drops out when another pupil's class is right beside the
 * name; and the words are not a pupil's at all when another surname follows ("Max Holloway, our
 * visiting author"): that is someone else's full name.
 */
function firstMention(
  t: Tokens,
  m: RosterMatcher,
  c: Context,
  h: Hit,
  refAt: ReadonlyMap<number, ClassRef>,
): Mention | undefined {
  const result = Mention.of(t, m, 'first', h.first, h.last, h.node, K_FIRST);
  if (result.neverPublish.length === 0) return result;
  if (c.surnameAfter(h.last) && !refAt.has(h.last + 1)) return undefined;
  let k = h.last + 1;
  if (k < t.n && ((c.wf(k) & W_PREPOSITION) !== 0 || (t.sym[k] === SYM_BREAK && t.text[t.start[k]!] === '('))) k++;
  const ref = refAt.get(k);
  if (!ref) return result;
  if (result.neverPublish.some((p) => inClass(m, ref, p))) return result;
  if (!result.mayBeIn(ref)) return result;
  return result.narrowed(ref);
}

function inClass(m: RosterMatcher, ref: ClassRef, pupil: number): boolean {
  return ref.form >= 0 ? m.pupilForm[pupil] === ref.form : m.pupilYear[pupil] === ref.year;
}
