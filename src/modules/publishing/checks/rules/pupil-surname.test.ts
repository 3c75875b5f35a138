import { describe, expect, test } from 'vitest';
import { testContext, words } from '../test-support.ts';
import { pupilSurname } from './pupil-surname.ts';

const check = (text: string, firstNamesOnly = true) =>
  pupilSurname({ text }, testContext({ settings: { firstNamesOnly } }));

describe('pupil-surname', () => {
  test('PUB-2: a full name in any common form blocks, citing first names only, highlighting the name', () => {
    const text = 'Well done Jo Smith, Smith, Joanna, J. Smith and Jo Smith’s team!';
    const findings = check(text);
    expect(findings.map((f) => words(text, f.spans)[0])).toEqual(['Jo Smith', 'Smith, Joanna', 'J. Smith', 'Jo Smith']);
    for (const f of findings) {
      expect(f).toMatchObject({
        rule: 'pupil-surname',
        severity: 'blocking',
        clauseKey: 'images.first-names-only',
        where: 'text',
        pupilId: 'jo',
      });
      expect(f.message).toMatch(/first name/);
    }
  });

  test('PUB-2, issue 16: a surname alone about children is advice, not a block; a first name alone is fine', () => {
    const text = 'Goals from Smith and Jo.';
    expect(check(text).map((f) => [words(text, f.spans)[0], f.severity])).toEqual([['Smith', 'advisory']]);
    expect(check('Goals from Jo and Amy.')).toEqual([]);
  });

  test('Issue 16: a surname alone counts only where the post is about children: a class or year, other pupils, "well done", "scored"', () => {
    for (const text of [
      'Year 6 football: a goal from Okafor.',
      'In Elm class, Okafor read first.',
      'Well done, Okafor!',
      'Okafor scored twice.',
      'Okafor, Long and King swam.',
    ]) {
      expect(check(text).length, text).toBeGreaterThan(0);
      for (const f of check(text)) expect(f.severity, text).toBe('advisory');
    }
    // the same ordinary-word surnames standing alone: a month, a value, painters with a possessive
    expect(check('Our fair is on a Saturday in May. This term our value is Hope.')).toEqual([]);
    expect(check('We studied King’s paintings and Long’s sculptures in the gallery.')).toEqual([]);
    expect(check('“Long Walk to Freedom” is on the shelf.')).toEqual([]);
  });

  test('Issue 16: "Ruby may only be…", "Freddie will tell you…": a lower-case word after a first name is not a surname', () => {
    expect(check('Ruby may only be in Year 6, but Freddie will tell you she is the best reader.')).toEqual([]);
    expect(check('Ruby May and Freddie Will read.').map((f) => f.severity)).toEqual(['blocking', 'blocking']);
  });

  test('PUB-2: common-word surnames used as words do not fire; used as names they do', () => {
    expect(check('A brown bear, we hope, the long jump, in May, King’s Cross.')).toEqual([]);
    const text = 'Scorers: Brown, Long and King.';
    expect(check(text).map((f) => [words(text, f.spans)[0], f.severity])).toEqual([
      ['Brown', 'advisory'],
      ['Long', 'advisory'],
      ['King', 'advisory'],
    ]);
  });

  test('PUB-2: when the policy allows full names there is no surname finding', () => {
    expect(check('Well done Jo Smith!', false)).toEqual([]);
  });

  test('PUB-2: a never-publish pupil is left to the never-publish check', () => {
    expect(check('Well done Ellie Thompson and Thompson!')).toEqual([]);
  });

  test('PUB-2: an empty post has no findings', () => {
    expect(check('')).toEqual([]);
  });
});
