import { describe, expect, it } from 'vitest';
import { readReview, statusAfterReview, type ReviewForm } from './review-form.ts';

const form = (over: Partial<ReviewForm> = {}): ReviewForm => ({
  stillNeeded: 'yes',
  operatorsRight: 'yes',
  settingsSafe: 'yes',
  notes: '',
  outcome: 'keep',
  ...over,
});
const messages = (f: ReviewForm) => {
  const r = readReview(f);
  return r.ok ? [] : r.errors.map((e) => `${e.href} ${e.text}`);
};

describe('the account review form', () => {
  it('ACC-6: three yeses and keep is a complete review; notes are kept, trimmed', () => {
    expect(readReview(form())).toEqual({
      ok: true,
      value: { stillNeeded: true, operatorsRight: true, settingsSafe: true, notes: null, outcome: 'keep' },
    });
    expect(readReview(form({ notes: '  All fine.  ' }))).toMatchObject({ ok: true, value: { notes: 'All fine.' } });
  });

  it('ACC-6: every unanswered question is named, with the outcome', () => {
    expect(messages(form({ stillNeeded: '', operatorsRight: '', settingsSafe: '', outcome: '' }))).toEqual([
      '#stillNeeded Select whether the account is still needed',
      '#operatorsRight Select whether the right people are running the account',
      '#settingsSafe Select whether the account’s settings are still safe',
      '#outcome Select what happens to the account next',
    ]);
    expect(messages(form({ settingsSafe: 'maybe' }))).toEqual([
      '#settingsSafe Select whether the account’s settings are still safe',
    ]);
    expect(messages(form({ outcome: 'delete' }))).toEqual(['#outcome Select what happens to the account next']);
  });

  it('ACC-6: any no cannot be kept as it is, and needs notes', () => {
    for (const q of ['stillNeeded', 'operatorsRight', 'settingsSafe'] as const) {
      expect(messages(form({ [q]: 'no' }))).toEqual([
        '#outcome You answered no to a question, so choose ‘Keep it, but changes are needed’ or ‘Close the account’',
        '#notes Enter notes saying what is wrong and what needs to change',
      ]);
      expect(messages(form({ [q]: 'no', outcome: 'changes-needed', notes: 'Two-factor sign-in is off.' }))).toEqual([]);
      expect(messages(form({ [q]: 'no', outcome: 'close', notes: 'No longer used.' }))).toEqual([]);
      expect(messages(form({ [q]: 'no', outcome: 'close' }))).toEqual([
        '#notes Enter notes saying what is wrong and what needs to change',
      ]);
    }
  });

  it('ACC-6: changes needed needs notes even with three yeses; close with three yeses does not', () => {
    expect(messages(form({ outcome: 'changes-needed' }))).toEqual([
      '#notes Enter notes saying what is wrong and what needs to change',
    ]);
    expect(messages(form({ outcome: 'changes-needed', notes: '   ' }))).toEqual([
      '#notes Enter notes saying what is wrong and what needs to change',
    ]);
    expect(messages(form({ outcome: 'close' }))).toEqual([]);
  });

  it('ACC-6: notes longer than 2,000 characters are refused', () => {
    expect(messages(form({ notes: 'x'.repeat(2000) }))).toEqual([]);
    expect(messages(form({ notes: 'x'.repeat(2001) }))).toEqual(['#notes Notes must be 2,000 characters or fewer']);
  });

  it('ACC-6: keep makes the account active, changes needed puts it under review, close leaves it to the closing page', () => {
    expect(statusAfterReview('keep')).toBe('active');
    expect(statusAfterReview('changes-needed')).toBe('under_review');
    expect(statusAfterReview('close')).toBeUndefined();
  });
});
