import { describe, expect, it } from 'vitest';
import { checkInPeriod, checkInState } from './period.ts';

describe('STF-2: check-in periods', () => {
  it('STF-2: each term is its own period, due six weeks in', () => {
    expect(checkInPeriod('2026-11-18', 'term')).toEqual({
      key: '2026-autumn',
      label: 'Autumn term 2026',
      starts: '2026-09-01',
      due: '2026-10-13',
      ends: '2027-01-01',
    });
    expect(checkInPeriod('2027-01-01', 'term').key).toBe('2027-spring');
    expect(checkInPeriod('2027-03-31', 'term').key).toBe('2027-spring');
    expect(checkInPeriod('2027-04-01', 'term').key).toBe('2027-summer');
    expect(checkInPeriod('2027-08-31', 'term').key).toBe('2027-summer');
    expect(checkInPeriod('2027-09-01', 'term').key).toBe('2027-autumn');
  });

  it('STF-2: once a school year runs September to August', () => {
    expect(checkInPeriod('2026-11-18', 'year')).toMatchObject({
      key: '2026-27',
      starts: '2026-09-01',
      ends: '2027-09-01',
    });
    expect(checkInPeriod('2027-08-31', 'year').key).toBe('2026-27');
    expect(checkInPeriod('2099-09-01', 'year').key).toBe('2099-00');
  });

  it('STF-2: done, due until the due day, overdue after it', () => {
    const p = checkInPeriod('2026-11-18', 'term');
    expect(checkInState(true, '2026-12-30', p)).toBe('done');
    expect(checkInState(false, '2026-10-13', p)).toBe('due');
    expect(checkInState(false, '2026-10-14', p)).toBe('overdue');
  });

  it('STF-2: a day that is not a day is refused', () => {
    expect(() => checkInPeriod('18/11/2026', 'term')).toThrow();
  });
});
