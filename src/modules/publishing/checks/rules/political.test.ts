import { describe, expect, test } from 'vitest';
import { testContext, words } from '../test-support.ts';
import { political } from './political.ts';

const check = (text: string) => political({ text }, testContext());

describe('political', () => {
  test('PUB-2: an opinion on a contested matter given as the school’s view advises, highlighting cue and topic', () => {
    const text = 'As a school, we believe the government’s cuts are wrong. We think everyone should vote Labour.';
    const findings = check(text);
    expect(findings.map((f) => [words(text, f.spans), f.severity, f.clauseKey])).toEqual([
      [['we believe', 'government'], 'advisory', 'prohibited.opinions-on-behalf'],
      [['We think', 'should vote', 'Labour'], 'advisory', 'prohibited.opinions-on-behalf'],
    ]);
  });

  test('PUB-2: a view without a contested topic, or a contested topic without a view, is fine', () => {
    expect(check('We believe every child can succeed.')).toEqual([]);
    expect(check('Our hall is a polling station on election day.')).toEqual([]);
    expect(check('We think our school council election went brilliantly.')).toEqual([]);
  });
});
