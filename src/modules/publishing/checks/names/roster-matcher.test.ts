import { describe, expect, test } from 'vitest';
import { PUPILS, testRoster } from '../test-support.ts';
import { tokenise } from '../text/tokens.ts';
import {
  K_FIRST,
  K_FIRST_INITIAL,
  K_FULL,
  K_INITIAL,
  K_REV_INITIAL,
  K_REVERSED,
  K_SURNAME,
  buildRosterMatcher,
  nicknameOf,
  rosterFingerprint,
} from './roster-matcher.ts';

const m = testRoster();

/** The (kind, pupil id) pairs of every pattern that ends exactly at the end of the text and starts at its first word. */
function patterns(text: string): string[] {
  const t = tokenise(text, m.vocab, m.wordFlags);
  const out: string[] = [];
  const kinds = ['full', 'reversed', 'initial', 'rev-initial', 'surname', 'first', 'first-initial'];
  m.ac.scan(t.sym, t.n, (end, node) => {
    if (end !== t.n - 1 || end - m.ac.depth[node]! + 1 !== 0) return;
    [K_FULL, K_REVERSED, K_INITIAL, K_REV_INITIAL, K_SURNAME, K_FIRST, K_FIRST_INITIAL].forEach((kind, k) => {
      for (const p of m.pupilsAt(node, kind)) out.push(`${kinds[k]}:${PUPILS[p]!.id}`);
    });
  });
  return out.sort();
}

describe('the roster matcher', () => {
  test('PUB-2: every common form of a full name: "Jo Smith", "Joanna Smith", "Smith, Jo", "Smith Jo", "J. Smith", "J Smith", "Smith J", "Smith, J"', () => {
    expect(patterns('Jo Smith')).toEqual(['full:jo']);
    expect(patterns('Joanna Smith')).toEqual(['full:jo']);
    expect(patterns('Smith, Jo')).toEqual(['reversed:jo']);
    expect(patterns('Smith Joanna')).toEqual(['reversed:jo']);
    expect(patterns('J. Smith')).toEqual(['initial:jo']);
    expect(patterns('J Smith')).toEqual(['initial:jo']);
    expect(patterns('Smith J')).toEqual(['rev-initial:jo']);
    expect(patterns('Smith, J')).toEqual(['rev-initial:jo']);
    expect(patterns('Jo S')).toEqual(['first-initial:jo']);
  });

  test('PUB-2: the possessive, case, accents and apostrophes need no patterns of their own', () => {
    expect(patterns('Jo Smith’s')).toEqual(['full:jo']);
    expect(patterns('JO SMITH')).toEqual(['full:jo']);
    expect(patterns('Zoe Martin')).toEqual(['full:zoe']);
    expect(patterns('ZOË MARTÍN')).toEqual(['full:zoe']);
    expect(patterns("Niamh O'Brien")).toEqual(['full:niamh']);
    expect(patterns('Niamh O’Brien')).toEqual(['full:niamh']);
    expect(patterns('Niamh OBrien')).toEqual(['full:niamh']);
  });

  test('PUB-2: hyphenated and several-word surnames, with or without the hyphen or spaces', () => {
    expect(patterns('Olivia Smith-Jones')).toEqual(['full:olivia']);
    expect(patterns('Olivia Smith Jones')).toEqual(['full:olivia']);
    expect(patterns('Smith-Jones')).toEqual(['surname:olivia']);
    expect(patterns('Matteo van der Berg')).toEqual(['full:matteo']);
    expect(patterns('Matteo Vanderberg')).toEqual(['full:matteo']);
  });

  test('PUB-2: a surname alone names every pupil of that surname; a first name alone every pupil of that name', () => {
    expect(patterns('Smith')).toEqual(['surname:jo']);
    expect(patterns('Thomas')).toEqual(['first:thomas', 'surname:rhys']);
    expect(patterns('Ellie')).toEqual(['first:ellie', 'first:ellie-np']);
  });

  test('PUB-2: never-publish pupils are marked on every node that can name them', () => {
    const t = tokenise('Ellie', m.vocab, m.wordFlags);
    const node = m.ac.goto(0, t.sym[0]!);
    expect(m.neverPublishAt(node, K_FIRST).map((p) => PUPILS[p]!.id)).toEqual(['ellie-np']);
    expect(m.countAt(node, K_FIRST, 5)).toBe(2);
    expect(m.countAt(node, K_FIRST, 1)).toBe(1);
  });

  test('PUB-2: classes and year groups are matched for the identifying-details check', () => {
    expect(m.pupilForm[PUPILS.findIndex((p) => p.id === 'amy')]).toBeGreaterThan(0);
    expect(m.pupilYear[PUPILS.findIndex((p) => p.id === 'amy')]).toBe(5);
    expect(m.indexOf('amy')).toBe(1);
    expect(m.indexOf('nobody')).toBeUndefined();
  });

  test('PUB-2: nicknames are words that start a first name or share four letters with it', () => {
    expect(nicknameOf('gracie', 'grace')).toBe(true);
    expect(nicknameOf('sam', 'samuel')).toBe(true);
    expect(nicknameOf('alex', 'alexander')).toBe(true);
    expect(nicknameOf('jo', 'joanna')).toBe(false);
    expect(nicknameOf('grace', 'grace')).toBe(false);
    expect(nicknameOf('kestrel', 'kevin')).toBe(false);
  });

  test('PUB-2: the fingerprint changes when anything the matcher uses changes, and only then', () => {
    const base = rosterFingerprint(PUPILS);
    expect(rosterFingerprint(PUPILS.map((p) => ({ ...p })))).toBe(base);
    expect(rosterFingerprint(PUPILS.map((p, i) => (i === 0 ? { ...p, familyName: 'Smyth' } : p)))).not.toBe(base);
    expect(rosterFingerprint(PUPILS.map((p, i) => (i === 0 ? { ...p, neverPublish: true } : p)))).not.toBe(base);
    expect(rosterFingerprint(PUPILS.map((p, i) => (i === 0 ? { ...p, consentSocial: false } : p)))).not.toBe(base);
    expect(rosterFingerprint(PUPILS.slice(1))).not.toBe(base);
    expect(m.fingerprint).toBe(base);
  });

  test('PUB-2: an empty roster builds and matches nothing but classes and years', () => {
    const empty = buildRosterMatcher([]);
    const t = tokenise('Jo Smith in Year 4', empty.vocab, empty.wordFlags);
    let hits = 0;
    empty.ac.scan(t.sym, t.n, () => hits++);
    expect(hits).toBe(1);
  });
});
