import { describe, expect, test } from 'vitest';
import { CITED_CLAUSES } from '../../policies/citations.ts';
import { MODEL_POLICY } from '../../policies/model/model-policy.ts';
import { checkPost, blocks, needsConfirmation, RULES } from './check.ts';
import { CLAUSE_OF } from './clauses.ts';
import { testContext, words } from './test-support.ts';
import type { PostInput } from './types.ts';

const check = (post: PostInput) => checkPost(post, testContext());

describe('checkPost: every rule on a post', () => {
  test('PUB-2: runs every rule, and sorts the findings by place and position', () => {
    const text = 'Well done Amy Brown! Call 07700 900461. What a fucking day. Jo in 4H.';
    const findings = check({
      text,
      images: [{ taggedPupilIds: ['poppy'], altText: 'Amy Brown on stage' }],
      sharedMaterial: {},
    });
    expect(
      findings.map((f) => [
        f.rule,
        f.where,
        f.image ?? null,
        f.spans.length > 0 ? words(f.where === 'alt' ? 'Amy Brown on stage' : text, f.spans)[0] : null,
      ]),
    ).toEqual([
      ['pupil-surname', 'text', null, 'Amy Brown'],
      ['contact-details', 'text', null, '07700 900461'],
      ['offensive', 'text', null, 'fucking'],
      ['identifying-details', 'text', null, 'Jo'],
      ['pupil-surname', 'alt', 0, 'Amy Brown'],
      ['photo-consent', 'photo', 0, null],
      ['attribution', 'post', null, null],
      ['attribution', 'post', null, null],
    ]);
    expect(blocks(findings)).toBe(true);
    expect(RULES).toHaveLength(9);
  });

  test('PUB-2: a never-publish finding supersedes a surname finding on the same words', () => {
    const text = 'Thompson and Ellie Thompson';
    expect(check({ text }).map((f) => [f.rule, words(text, f.spans)[0]])).toEqual([
      ['never-publish', 'Thompson'],
      ['never-publish', 'Ellie Thompson'],
    ]);
  });

  test('PUB-2: a clean post has no findings and does not block', () => {
    const findings = check({ text: 'Year 6 had a wonderful time at the museum. We hope you enjoy the photos!' });
    expect(findings).toEqual([]);
    expect(blocks(findings)).toBe(false);
  });

  test('PUB-2: bad input: an empty post, a post of only photos, a 100,000-character post', () => {
    expect(check({ text: '' })).toEqual([]);
    expect(check({ text: '', images: [{ taggedPupilIds: ['kai-np'], altText: '' }] }).map((f) => f.rule)).toEqual([
      'never-publish',
    ]);
    const long = 'Well done to Jo Smith and the whole of Year 4 for a brilliant assembly. '.repeat(1400);
    expect(long.length).toBeGreaterThan(100_000);
    const started = performance.now();
    const findings = check({ text: long });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(findings.filter((f) => f.rule === 'pupil-surname')).toHaveLength(1400);
  });

  test('PUB-2: every finding cites a clause that exists in the model policy, and every one is on the cited list so it cannot be deleted', () => {
    const keys = new Set(MODEL_POLICY.sections.flatMap((s) => s.clauses.map((c) => c.key)));
    for (const key of Object.values(CLAUSE_OF)) expect(keys.has(key), key).toBe(true);
    const cited = new Set(CITED_CLAUSES.map((c) => c.key));
    expect(Object.values(CLAUSE_OF).filter((k) => !cited.has(k))).toEqual([]);
  });

  test('Issue 16: three severities: a finding that waits for confirmation sorts after a blocking one and before advice, and does not block', () => {
    const text = 'Well done Kai! Goals from Okafor. Amy Brown read.';
    const findings = check({ text });
    expect(findings.map((f) => [words(text, f.spans)[0], f.severity])).toEqual([
      ['Kai', 'confirm'],
      ['Okafor', 'advisory'],
      ['Amy Brown', 'blocking'],
    ]);
    expect(needsConfirmation(findings)).toBe(true);
    expect(blocks(findings.filter((f) => f.severity !== 'blocking'))).toBe(false);
    const same = check({ text: 'Kai Whitlock and Kai.' });
    expect(same.map((f) => f.severity)).toEqual(['blocking', 'confirm']);
  });
});
