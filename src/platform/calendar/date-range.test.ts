import { describe, expect, it } from 'vitest';
import { rangeInstants, readRange, recentTerms, termOf, termRange } from './date-range.ts';

describe('report periods (GOV-1, GOV-3)', () => {
  it('GOV-1: with nothing chosen, the period is the current term', () => {
    expect(readRange({}, '2026-11-18')).toEqual({ range: termRange('2026-autumn') });
    expect(termOf('2027-02-01')).toBe('2027-spring');
    expect(termOf('2027-04-01')).toBe('2027-summer');
    expect(termOf('2027-08-31')).toBe('2027-summer');
    expect(termOf('2027-09-01')).toBe('2027-autumn');
  });

  it('GOV-1: terms run autumn 1 Sep–31 Dec, spring 1 Jan–31 Mar, summer 1 Apr–31 Aug', () => {
    expect(termRange('2026-autumn')).toMatchObject({ from: '2026-09-01', to: '2026-12-31' });
    expect(termRange('2027-spring')).toMatchObject({ from: '2027-01-01', to: '2027-03-31' });
    expect(termRange('2027-summer')).toMatchObject({ from: '2027-04-01', to: '2027-08-31' });
    expect(termRange('2027-winter')).toBeUndefined();
    expect(termRange('1900-autumn')).toBeUndefined();
    expect(recentTerms('2026-11-18', 4).map((t) => t.term)).toEqual([
      '2026-autumn',
      '2026-summer',
      '2026-spring',
      '2025-autumn',
    ]);
  });

  it('GOV-1: a range that ends before it starts, or spans ten years, is refused with a message on its field', () => {
    expect(readRange({ from: '2026-12-01', to: '2026-09-01' }, '2026-11-18')).toEqual({
      errors: [{ field: 'to', text: 'The end date must be the same as or after the start date' }],
    });
    expect(readRange({ from: '2016-09-01', to: '2026-08-31' }, '2026-11-18')).toEqual({
      errors: [{ field: 'to', text: 'Choose a period of two years or less' }],
    });
    expect(readRange({ from: '2026-02-30', to: '2026-03-01' }, '2026-11-18')).toMatchObject({
      errors: [{ field: 'from' }],
    });
    expect(readRange({ from: '2026-09-01' }, '2026-11-18')).toMatchObject({ errors: [{ field: 'to' }] });
    expect(readRange({ term: 'nonsense' }, '2026-11-18')).toMatchObject({ errors: [{ field: 'term' }] });
    expect(readRange({ from: '2026-09-01', to: '2026-09-01' }, '2026-11-18')).toMatchObject({
      range: { from: '2026-09-01', to: '2026-09-01' },
    });
    expect(readRange({ from: '2025-01-01', to: '2026-12-31' }, '2026-11-18')).toMatchObject({
      range: { from: '2025-01-01' },
    });
  });

  it('GOV-1: a range covers whole UK days, British Summer Time included', () => {
    const { start, end } = rangeInstants({ from: '2026-09-01', to: '2026-12-31', label: '' });
    expect(start.toISOString()).toBe('2026-08-31T23:00:00.000Z');
    expect(end.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});
