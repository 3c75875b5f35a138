import { describe, expect, test } from 'vitest';
import { testContext, words } from '../test-support.ts';
import { pupilSurname } from './pupil-surname.ts';

const check = (text: string, firstNamesOnly = true) => pupilSurname({ text }, testContext({ settings: { firstNamesOnly } }));

describe('pupil-surname', () => {
  test('PUB-2: a full name in any common form blocks, citing first names only, highlighting the name', () => {
    const text = 'Well done Jo Smith, Smith, Joanna, J. Smith and Jo Smith’s team!';
    const findings = check(text);
    expect(findings.map((f) => words(text, f.spans)[0])).toEqual(['Jo Smith', 'Smith, Joanna', 'J. Smith', 'Jo Smith']);
    for (const f of findings) {
      expect(f).toMatchObject({ rule: 'pupil-surname', severity: 'blocking', clauseKey: 'images.first-names-only', where: 'text', pupilId: 'jo' });
      expect(f.message).toMatch(/first name/);
    }
  });

  test('PUB-2: a surname alone blocks; a first name alone is fine', () => {
    const text = 'Goals from Smith and Jo.';
    expect(check(text).map((f) => words(text, f.spans)[0])).toEqual(['Smith']);
    expect(check('Goals from Jo and Amy.')).toEqual([]);
  });

  test('PUB-2: common-word surnames used as words do not fire; used as names they do', () => {
    expect(check('A brown bear, we hope, the long jump, in May, King’s Cross.')).toEqual([]);
    const text = 'Scorers: Brown, Long and King.';
    expect(check(text).map((f) => words(text, f.spans)[0])).toEqual(['Brown', 'Long', 'King']);
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
