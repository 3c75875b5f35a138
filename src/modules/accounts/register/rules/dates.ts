import type { AccountStatus } from '../../../../platform/db/schema.ts';
import { LIVE_STATUSES } from '../../model.ts';

/** The same day `months` later (clamped to the month's last day): 31 January + 1 month = 28 February. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The date `days` after an ISO date (before it, when negative). */
export function addDaysIso(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A live account whose review date has gone by: due on the 3rd, overdue from the 4th. */
export function isReviewOverdue(status: AccountStatus, reviewDue: string | null, today: string): boolean {
  return LIVE_STATUSES.includes(status) && reviewDue !== null && reviewDue < today;
}

/** What the register and account page look at first: an overdue review or an open handover. */
export function needsAttention(
  facts: { status: AccountStatus; reviewDue: string | null; openHandover: boolean },
  today: string,
): boolean {
  return isReviewOverdue(facts.status, facts.reviewDue, today) || facts.openHandover;
}
