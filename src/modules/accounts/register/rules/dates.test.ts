import { describe, expect, it } from 'vitest';
import { addDaysIso, addMonths, isReviewOverdue, needsAttention } from './dates.ts';
import { STATUS_ORDER } from '../../model.ts';

describe('review dates (ACC-6)', () => {
  it('ACC-6, issue 8.8: adds days across months, years and leap days', () => {
    expect(addDaysIso('2026-11-18', 30)).toBe('2026-12-18');
    expect(addDaysIso('2026-12-18', 14)).toBe('2027-01-01');
    expect(addDaysIso('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDaysIso('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDaysIso('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDaysIso('2026-03-29', 0)).toBe('2026-03-29');
  });

  it('ACC-6: adds months to a date, keeping the day where the month has it', () => {
    expect(addMonths('2026-11-18', 12)).toBe('2027-11-18');
    expect(addMonths('2026-11-18', 1)).toBe('2026-12-18');
    expect(addMonths('2026-12-18', 1)).toBe('2027-01-18');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-05-15', 36)).toBe('2029-05-15');
  });

  it('ACC-6: a live account is overdue the day after its review date, not on it', () => {
    expect(isReviewOverdue('active', '2026-11-17', '2026-11-18')).toBe(true);
    expect(isReviewOverdue('active', '2026-11-18', '2026-11-18')).toBe(false);
    expect(isReviewOverdue('active', '2026-11-19', '2026-11-18')).toBe(false);
    expect(isReviewOverdue('under_review', '2026-01-01', '2026-11-18')).toBe(true);
    expect(isReviewOverdue('active', null, '2026-11-18')).toBe(false);
  });

  it('ACC-6: only live accounts can be overdue for review (a closed or rejected account is not)', () => {
    for (const status of STATUS_ORDER) {
      expect(isReviewOverdue(status, '2020-01-01', '2026-11-18'), status).toBe(
        status === 'active' || status === 'under_review',
      );
    }
  });

  it('ACC-6: an account needs attention when its review is overdue or a handover is open', () => {
    expect(needsAttention({ status: 'active', reviewDue: '2027-01-01', openHandover: false }, '2026-11-18')).toBe(
      false,
    );
    expect(needsAttention({ status: 'active', reviewDue: '2026-01-01', openHandover: false }, '2026-11-18')).toBe(true);
    expect(needsAttention({ status: 'active', reviewDue: '2027-01-01', openHandover: true }, '2026-11-18')).toBe(true);
    expect(needsAttention({ status: 'closed', reviewDue: '2020-01-01', openHandover: false }, '2026-11-18')).toBe(
      false,
    );
  });
});
