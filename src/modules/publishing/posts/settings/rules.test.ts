import { describe, expect, test } from 'vitest';
import { checkConfidentialWords, MAX_TERMS } from './rules.ts';

describe('the school’s confidential words', () => {
  test('PUB-2: one word or phrase a line, with blank lines, comments and repeats dropped', () => {
    expect(
      checkConfidentialWords('Project Falcon\n\n# our plans\n!academy conversion\nrestructur+\nproject falcon\n'),
    ).toEqual({ terms: ['Project Falcon', '!academy conversion', 'restructur+'], errors: [] });
  });
  test('PUB-2: bad lines are named by their number', () => {
    const { errors } = checkConfidentialWords(`ok term\n-complaints procedure\n${'x'.repeat(81)}\n!\n+a+`);
    expect(errors.map((e) => e.text)).toEqual([
      'Line 2: exceptions (lines starting with -) are kept in Postwarden’s own list. Remove “-complaints procedure”',
      'Line 3: a word or phrase must be 80 characters or fewer',
      'Line 4: “!” needs at least two letters',
      'Line 5: “+a+” needs at least two letters',
    ]);
  });
  test('PUB-2: at most 200 words or phrases', () => {
    const many = Array.from({ length: MAX_TERMS + 1 }, (_, i) => `term number ${i}`).join('\n');
    expect(checkConfidentialWords(many).errors[0]!.text).toBe('Enter 200 words or phrases at most. There are 201');
    expect(checkConfidentialWords(many.split('\n').slice(0, MAX_TERMS).join('\n')).errors).toEqual([]);
  });
});
