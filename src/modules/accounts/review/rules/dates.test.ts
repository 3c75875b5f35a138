import { describe, expect, it } from 'vitest';
import { addMonths, isOverdue, longDate, nextReviewDue } from './dates.ts';

describe('account review dates', () => {
  it('ACC-6: the next review is the policy cycle after the review, on the same day of the month', () => {
    expect(nextReviewDue('2026-11-18', 12)).toBe('2027-11-18');
    expect(nextReviewDue('2026-11-18', 1)).toBe('2026-12-18');
    expect(nextReviewDue('2026-12-18', 1)).toBe('2027-01-18'); // into the next year
    expect(nextReviewDue('2026-05-15', 36)).toBe('2029-05-15'); // the longest cycle a policy allows
    expect(nextReviewDue('2026-03-01', 6)).toBe('2026-09-01');
  });

  it('ACC-6: a review on a day the due month does not have falls due on that month’s last day', () => {
    expect(nextReviewDue('2026-01-31', 1)).toBe('2026-02-28');
    expect(nextReviewDue('2026-03-31', 1)).toBe('2026-04-30');
    expect(nextReviewDue('2026-08-31', 6)).toBe('2027-02-28');
    expect(nextReviewDue('2026-05-31', 4)).toBe('2026-09-30');
    expect(nextReviewDue('2026-10-31', 1)).toBe('2026-11-30');
    expect(nextReviewDue('2026-01-30', 1)).toBe('2026-02-28');
    expect(nextReviewDue('2026-01-28', 1)).toBe('2026-02-28'); // the day exists, so it is kept
    expect(nextReviewDue('2026-12-31', 12)).toBe('2027-12-31');
  });

  it('ACC-6: leap years: 29 February exists only in a leap year, and a review on it moves to the 28th', () => {
    expect(nextReviewDue('2028-01-31', 1)).toBe('2028-02-29');
    expect(nextReviewDue('2027-08-29', 6)).toBe('2028-02-29');
    expect(nextReviewDue('2028-02-29', 12)).toBe('2029-02-28');
    expect(nextReviewDue('2028-02-29', 36)).toBe('2031-02-28');
    expect(nextReviewDue('2028-02-29', 1)).toBe('2028-03-29');
    expect(addMonths('2028-02-29', 48)).toBe('2032-02-29'); // four years on is a leap year again
    expect(nextReviewDue('2099-01-31', 1)).toBe('2099-02-28');
    expect(addMonths('2100-01-31', 1)).toBe('2100-02-28'); // 2100 is not a leap year
    expect(addMonths('2000-01-31', 1)).toBe('2000-02-29'); // 2000 was
  });

  it('ACC-6: every day of two years plus every cycle gives a real date, never before the review, with the day kept or clamped', () => {
    const start = Date.UTC(2027, 0, 1);
    const wrong: string[] = [];
    for (let day = 0; day < 731; day++) {
      const iso = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      for (let months = 1; months <= 36; months++) {
        const due = nextReviewDue(iso, months);
        const monthIndex = y * 12 + (m - 1) + months;
        const lastDay = new Date(Date.UTC(Math.floor(monthIndex / 12), (monthIndex % 12) + 1, 0)).getUTCDate();
        const expected = `${Math.floor(monthIndex / 12)}-${String((monthIndex % 12) + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
        if (due !== expected || !(due > iso)) wrong.push(`${iso} + ${months}: ${due}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('ACC-6: a cycle that is not a whole number of months from 1 up is refused', () => {
    for (const bad of [0, -1, 1.5, Number.NaN])
      expect(() => nextReviewDue('2026-11-18', bad)).toThrow(/whole number of months/);
  });

  it('ACC-6: a review is overdue from the day after it is due, not on the day; no date is never overdue', () => {
    expect(isOverdue('2026-11-17', '2026-11-18')).toBe(true);
    expect(isOverdue('2026-11-18', '2026-11-18')).toBe(false);
    expect(isOverdue('2026-11-19', '2026-11-18')).toBe(false);
    expect(isOverdue('2025-12-31', '2026-01-01')).toBe(true);
    expect(isOverdue(null, '2026-11-18')).toBe(false);
  });

  it('ACC-6: dates read the British way', () => {
    expect(longDate('2026-03-03')).toBe('3 March 2026');
    expect(longDate('2028-02-29')).toBe('29 February 2028');
  });
});
