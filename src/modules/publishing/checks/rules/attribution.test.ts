import { describe, expect, test } from 'vitest';
import { testContext, words } from '../test-support.ts';
import type { PostInput } from '../types.ts';
import { attribution } from './attribution.ts';

const check = (post: PostInput) => attribution(post, testContext());

describe('attribution', () => {
  test('PUB-2: shared material needs a source and permission: each missing one blocks, citing attribution', () => {
    expect(check({ text: 'x', sharedMaterial: { source: 'BBC Bitesize', permission: true } })).toEqual([]);
    const both = check({ text: 'x', sharedMaterial: {} });
    expect(both.map((f) => [f.severity, f.clauseKey, f.where])).toEqual([
      ['blocking', 'images.attribution', 'post'],
      ['blocking', 'images.attribution', 'post'],
    ]);
    expect(both[0]!.message).toMatch(/where/);
    expect(both[1]!.message).toMatch(/permission/);
    expect(check({ text: 'x', sharedMaterial: { source: '  ', permission: true } })).toHaveLength(1);
    expect(check({ text: 'x', sharedMaterial: { source: 'Gazette', permission: false } })).toHaveLength(1);
  });

  test('PUB-2: words that show sharing, with nothing declared, advise', () => {
    const text = 'Reposting this cartoon we found online!';
    const findings = check({ text });
    expect(findings.map((f) => [words(text, f.spans), f.severity])).toEqual([
      [['Reposting', 'found online'], 'advisory'],
    ]);
    expect(check({ text, sharedMaterial: { source: 'The artist', permission: true } })).toEqual([]);
    expect(check({ text: 'Our own photo of the choir.' })).toEqual([]);
  });
});
