/**
 * The school's roster compiled for matching (PUB-2): every way a pupil's name is commonly written,
 * as sequences of word ids in one Aho–Corasick automaton over the post's words.
 *
 * For each pupil, with F each first name they go by (legal and preferred), S each form of the surname,
 * I and J the initials:   F S  ·  S F  ·  S, F  ·  I S  ·  I. S  ·  S I  ·  S, I  ·  S  ·  F  ·  F J
 * Case, accents, apostrophes, hyphens and a possessive ’s are handled by the tokeniser, so "Jo Smith’s",
 * "JO SMITH", "O’Brien", "OBrien" and "Smith Jones" for "Smith-Jones" need no patterns of their own.
 * Class and year references ("Oak", "10B", "Year 4", "Reception") are patterns too.
 *
 * Building is the expensive part: the caller caches the matcher per school and rebuilds it only when
 * rosterFingerprint() changes.
 */
import type { RosterPupil } from '../types.ts';
import { foldWord } from '../text/fold.ts';
import { SYM_COMMA, SYM_PERIOD } from '../text/tokens.ts';
import { H1_SEED, Vocabulary, mix1 } from '../text/vocab.ts';
import { AhoCorasickBuilder, type AhoCorasick } from './aho-corasick.ts';
import { firstNameForms, nameTokens, surnameForms } from './normalise.ts';
import { isOrdinaryWord } from './ordinary-words.ts';
import { staticWords, W_COMMON, yearPhrases } from './words.ts';

export type { RosterPupil };

export const K_FULL = 0; // Jo Smith
export const K_REVERSED = 1; // Smith Jo, Smith, Jo
export const K_INITIAL = 2; // J Smith, J. Smith
export const K_REV_INITIAL = 3; // Smith J, Smith, J
export const K_SURNAME = 4; // Smith
export const K_FIRST = 5; // Jo
export const K_FIRST_INITIAL = 6; // Jo S
export const K_FORM = 7; // 4H, Oak
export const K_YEAR = 8; // Year 4

/** Kinds that put a surname in the post. */
export const SURNAME_KINDS =
  (1 << K_FULL) | (1 << K_REVERSED) | (1 << K_INITIAL) | (1 << K_REV_INITIAL) | (1 << K_SURNAME);

export interface ClassScope {
  forms: ReadonlySet<number>;
  years: ReadonlySet<number>;
}

class Growable {
  data = new Int32Array(4096);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

export class RosterMatcher {
  readonly fingerprint: string;
  readonly pupils: readonly RosterPupil[];
  readonly vocab: Vocabulary;
  /** Flags of each word id (see words.ts). */
  readonly wordFlags: Uint32Array;
  readonly ac: AhoCorasick;
  /** For each node, a bit per kind of pattern ending there; and the kinds with a never-publish pupil. */
  readonly kindMask: Uint16Array;
  readonly neverPublishMask: Uint16Array;
  readonly yearOfNode: ReadonlyMap<number, number>;
  /** For each pupil: the node of their class pattern (-1 if none), year group, flags. */
  readonly pupilForm: Int32Array;
  readonly pupilYear: Int32Array;
  readonly pupilNeverPublish: Uint8Array;
  /** For each pupil: the node of their surname alone, and of their (up to two) first names alone. */
  readonly pupilSurnameNode: Int32Array;
  readonly pupilFirstNodes: Int32Array;
  private readonly entryHead: Int32Array;
  private readonly entryNext: Int32Array;
  private readonly entryPupil: Int32Array;
  private readonly entryKind: Uint8Array;
  private readonly indexById: Map<string, number>;
  private readonly firstNamesCache = new Map<number, string[]>();
  /** Never-publish pupils by (node, kind): few, so kept apart from the entry lists. */
  private readonly neverPublishEntries = new Map<number, number[]>();
  private readonly scopes = new Map<number, ClassScope>();
  private readonly nicknames = new Map<string, number[]>();
  /** The first three letters of every first name, to rule out nicknames quickly. */
  private readonly firstNamePrefixes = new Set<string>();

  constructor(pupils: readonly RosterPupil[]) {
    this.pupils = pupils;
    this.fingerprint = rosterFingerprint(pupils);
    // grows with the distinct words, not the pupils: a trust's pupils share a few thousand names, and
    // a table that small stays in the cache while every word of a post is looked up in it
    const vocab = new Vocabulary(1024, 3);
    const flags: number[] = [];
    for (const { word, flags: f } of staticWords()) flags[vocab.add(word)] = f;
    const builder = new AhoCorasickBuilder();
    const eNode = new Growable();
    const ePupil = new Growable();
    const eKind = new Growable();
    const ids = (words: string[]): number[] => words.map((w) => vocab.add(w));
    const add = (symbols: number[], pupil: number, kind: number): void => {
      eNode.push(builder.add(symbols));
      ePupil.push(pupil);
      eKind.push(kind);
    };
    this.pupilForm = new Int32Array(pupils.length).fill(-1);
    this.pupilYear = new Int32Array(pupils.length).fill(-100);
    this.pupilNeverPublish = new Uint8Array(pupils.length);
    this.pupilSurnameNode = new Int32Array(pupils.length).fill(-1);
    this.pupilFirstNodes = new Int32Array(pupils.length * 2).fill(-1);
    this.indexById = new Map();
    const letterIds = new Map<string, number>();
    const letter = (ch: string): number => {
      let id = letterIds.get(ch);
      if (id === undefined) letterIds.set(ch, (id = vocab.add(ch)));
      return id;
    };

    pupils.forEach((p, index) => {
      this.indexById.set(p.id, index);
      if (p.neverPublish) this.pupilNeverPublish[index] = 1;
      if (typeof p.yearGroup === 'number') this.pupilYear[index] = p.yearGroup;
      const firstWords = firstNameForms(p.givenName, p.preferredName);
      for (const w of firstWords) this.firstNamePrefixes.add(w.join('').slice(0, 3));
      const firsts = firstWords.map(ids);
      const surnames = surnameForms(p.familyName).map(ids);
      const initials = [...new Set(firstNameForms(p.givenName, p.preferredName).map((w) => w[0]![0]!))].map(letter);
      const surnameInitial = surnames.length > 0 ? letter(vocab.words[surnames[0]![0]!]![0]!) : -1;
      for (const s of surnames) {
        for (const f of firsts) {
          add([...f, ...s], index, K_FULL);
          add([...s, ...f], index, K_REVERSED);
          add([...s, SYM_COMMA, ...f], index, K_REVERSED);
        }
        for (const i of initials) {
          add([i, ...s], index, K_INITIAL);
          add([i, SYM_PERIOD, ...s], index, K_INITIAL);
          add([...s, i], index, K_REV_INITIAL);
          add([...s, SYM_COMMA, i], index, K_REV_INITIAL);
        }
        add(s, index, K_SURNAME);
        if (this.pupilSurnameNode[index] === -1) this.pupilSurnameNode[index] = eNode.data[eNode.length - 1]!;
      }
      for (const [k, f] of firsts.entries()) {
        add(f, index, K_FIRST);
        if (k < 2) this.pupilFirstNodes[index * 2 + k] = eNode.data[eNode.length - 1]!;
        if (surnameInitial >= 0) add([...f, surnameInitial], index, K_FIRST_INITIAL);
      }
      if (p.formGroup) {
        const words = nameTokens(p.formGroup);
        if (words.length > 0) this.pupilForm[index] = builder.add(ids(words));
      }
    });
    const formNodes = new Set<number>(this.pupilForm.filter((n) => n >= 0));
    const years = new Map<number, number>();
    for (const { words, year } of yearPhrases()) years.set(builder.add(ids(words)), year);
    this.yearOfNode = years;

    this.ac = builder.build();
    this.vocab = vocab;
    const wordFlags = new Uint32Array(vocab.size + 3);
    flags.forEach((f, id) => {
      wordFlags[id] = f;
    });
    // a roster name that is also an ordinary English word is read like one of the listed common words
    for (let id = 1; id < vocab.words.length; id++) {
      const word = vocab.words[id];
      if (word && word.length > 1 && !(wordFlags[id]! & W_COMMON) && isOrdinaryWord(word)) wordFlags[id]! |= W_COMMON;
    }
    this.wordFlags = wordFlags;

    const nodes = this.ac.nodeCount;
    this.kindMask = new Uint16Array(nodes);
    this.neverPublishMask = new Uint16Array(nodes);
    this.entryHead = new Int32Array(nodes).fill(-1);
    this.entryNext = new Int32Array(eNode.length);
    this.entryPupil = ePupil.data.subarray(0, ePupil.length);
    this.entryKind = new Uint8Array(eKind.length);
    for (let e = 0; e < eNode.length; e++) {
      const node = eNode.data[e]!;
      const pupil = ePupil.data[e]!;
      const kind = eKind.data[e]!;
      this.entryKind[e] = kind;
      const head = this.entryHead[node]!;
      if (head >= 0 && this.entryPupil[head] === pupil && this.entryKind[head] === kind) {
        this.entryNext[e] = -2; // a repeat of the entry before it: skipped
        continue;
      }
      this.entryNext[e] = head;
      this.entryHead[node] = e;
      this.kindMask[node]! |= 1 << kind;
      if (this.pupilNeverPublish[pupil]) {
        this.neverPublishMask[node]! |= 1 << kind;
        const key = node * 16 + kind;
        const list = this.neverPublishEntries.get(key);
        if (list) list.push(pupil);
        else this.neverPublishEntries.set(key, [pupil]);
      }
    }
    for (const node of formNodes) this.kindMask[node]! |= 1 << K_FORM;
    for (const node of years.keys()) this.kindMask[node]! |= 1 << K_YEAR;
  }

  /** Pupils (by index) for whom `node` ends a pattern of `kind`. */
  pupilsAt(node: number, kind: number): number[] {
    const out: number[] = [];
    for (let e = this.entryHead[node]!; e >= 0; e = this.entryNext[e]!)
      if (this.entryKind[e] === kind) out.push(this.entryPupil[e]!);
    return out;
  }

  /** The never-publish pupils for whom `node` ends a pattern of `kind`. */
  neverPublishAt(node: number, kind: number): number[] {
    return this.neverPublishEntries.get(node * 16 + kind) ?? [];
  }

  /** How many pupils `node` names with `kind`, counting no further than `limit`. */
  countAt(node: number, kind: number, limit: number): number {
    let count = 0;
    let last = -1;
    for (let e = this.entryHead[node]!; e >= 0 && count < limit; e = this.entryNext[e]!) {
      if (this.entryKind[e] === kind && this.entryPupil[e] !== last) {
        last = this.entryPupil[e]!;
        count++;
      }
    }
    return count;
  }

  /** The classes (nodes) and year groups of the pupils `node` names with `kind`; cached, as a first name recurs. */
  scopeAt(node: number, kind: number): ClassScope {
    const key = node * 16 + kind;
    let scope = this.scopes.get(key);
    if (!scope) {
      scope = this.scopeOf(this.pupilsAt(node, kind));
      if (this.scopes.size > 50_000) this.scopes.clear();
      this.scopes.set(key, scope);
    }
    return scope;
  }

  scopeOf(pupils: readonly number[]): ClassScope {
    const forms = new Set<number>();
    const years = new Set<number>();
    for (const p of pupils) {
      forms.add(this.pupilForm[p]!);
      years.add(this.pupilYear[p]!);
    }
    return { forms, years };
  }

  /** Pupils of the surname at `node` whose first name `word` (folded) could be a nickname of; cached. */
  nicknamed(node: number, word: string): number[] {
    const key = `${node}|${word}`;
    let pupils = this.nicknames.get(key);
    if (!pupils) {
      pupils = this.pupilsAt(node, K_SURNAME).filter((p) => this.firstNames(p).some((f) => nicknameOf(word, f)));
      if (this.nicknames.size > 50_000) this.nicknames.clear();
      this.nicknames.set(key, pupils);
    }
    return pupils;
  }

  /** Whether a folded word could be (the start of) some pupil's first name or a nickname of one. */
  mayBeFirstName(word: string): boolean {
    return word.length >= 3 && this.firstNamePrefixes.has(word.slice(0, 3));
  }

  indexOf(pupilId: string): number | undefined {
    return this.indexById.get(pupilId);
  }

  /** The folded first names a pupil goes by. */
  firstNames(pupil: number): string[] {
    let names = this.firstNamesCache.get(pupil);
    if (!names) {
      const p = this.pupils[pupil]!;
      names = firstNameForms(p.givenName, p.preferredName).map((w) => w.join(''));
      this.firstNamesCache.set(pupil, names);
    }
    return names;
  }

  /** The word id of a folded word (0 if the roster and the static words do not have it). */
  idOf(word: string): number {
    return this.vocab.idOf(foldWord(word));
  }
}

/** "Gracie" for Grace, "Sam" for Samuel, "Alex" for Alexander: one starts the other, or they share four letters. */
export function nicknameOf(word: string, firstName: string): boolean {
  if (word.length < 3 || firstName.length < 3 || word === firstName) return false;
  if (word.startsWith(firstName) || firstName.startsWith(word)) return true;
  return word.length >= 4 && firstName.length >= 4 && word.slice(0, 4) === firstName.slice(0, 4);
}

export function buildRosterMatcher(pupils: readonly RosterPupil[]): RosterMatcher {
  return new RosterMatcher(pupils);
}

/**
 * A cheap fingerprint of everything the matcher depends on (about a tenth of a build): when it
 * changes, rebuild. Order matters (pupil indexes are part of the matcher); re-ordering the same
 * roster gives a new fingerprint. Two 32-bit hashes: a change goes unnoticed once in 2^64.
 */
export function rosterFingerprint(pupils: readonly RosterPupil[]): string {
  let h = H1_SEED;
  let g = 0;
  const feed = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h = mix1(h, c);
      g = (Math.imul(g, 31) + c) | 0;
    }
    h = mix1(h, 0x1f);
    g = (Math.imul(g, 31) + 0x1f) | 0;
  };
  for (const p of pupils) {
    feed(p.id);
    feed(p.givenName);
    feed(p.preferredName ?? '');
    feed(p.familyName);
    feed(p.formGroup ?? '');
    feed(String(p.yearGroup ?? ''));
    feed(p.dateOfBirth ?? '');
    feed(p.neverPublish ? '1' : '0');
    feed(p.consentSocial ? '1' : '0');
  }
  return `${pupils.length}-${(h >>> 0).toString(16)}${(g >>> 0).toString(16)}`;
}
