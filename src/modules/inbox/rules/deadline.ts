/**
 * The 24-hour rule (MON-2, 001): pure, the clock passed in. An item is due 24 hours after it
 * arrives; one that arrives on a weekend, a bank holiday of the school's region or one of its
 * closure days is due by the end of the next working day (23:59:59.999 London time), which is the
 * calendar's `responseDeadline` (see docs/decisions.md for why the end of that day).
 */
import { responseDeadline, type WorkingCalendar } from '../../../platform/calendar/calendar.ts';

export const RESPONSE_HOURS = 24;

export function inboxDeadline(cal: WorkingCalendar, arrivedAt: Date): Date {
  return responseDeadline(cal, arrivedAt, RESPONSE_HOURS);
}

/** Before a deadline, when the person handling it is reminded: 4 hours before, or at arrival if later. */
export function reminderAt(arrivedAt: Date, deadline: Date): Date {
  return new Date(Math.max(arrivedAt.getTime(), deadline.getTime() - 4 * 3_600_000));
}

/** "3 hours 20 minutes left", "Overdue by 2 hours", for a person reading a list. */
export function timeLeft(deadline: Date, now: Date): { text: string; overdue: boolean; soon: boolean } {
  const ms = deadline.getTime() - now.getTime();
  const overdue = ms < 0;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const span =
    days > 0
      ? `${plural(days, 'day')}${hours ? ` ${plural(hours, 'hour')}` : ''}`
      : hours > 0
        ? `${plural(hours, 'hour')}${mins ? ` ${plural(mins, 'minute')}` : ''}`
        : plural(Math.max(mins, overdue ? 1 : 0), 'minute');
  return {
    text: overdue ? `Overdue by ${span}` : `${span} left`,
    overdue,
    soon: !overdue && ms <= 4 * 3_600_000,
  };
}
