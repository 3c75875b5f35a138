/**
 * Review dates as pure rules (no clock: "today" is passed in, as a UK calendar date YYYY-MM-DD).
 */

/** The same day `months` later, or the month's last day when it has no such day: 31 January + 1 month = 28 February (29 in a leap year). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** When an account reviewed on `reviewedOn` is next due, on the policy's review cycle. */
export function nextReviewDue(reviewedOn: string, cycleMonths: number): string {
  if (!Number.isInteger(cycleMonths) || cycleMonths < 1)
    throw new Error(`A review cycle must be a whole number of months, not ${cycleMonths}`);
  return addMonths(reviewedOn, cycleMonths);
}

/** Due on its date, overdue from the day after. An account with no review date is not overdue. */
export function isOverdue(reviewDue: string | null, today: string): boolean {
  return reviewDue !== null && reviewDue < today;
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** "3 March 2026" from "2026-03-03". */
export function longDate(isoDate: string): string {
  return LONG_DATE.format(new Date(`${isoDate}T12:00:00Z`));
}
