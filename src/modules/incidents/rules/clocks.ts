/**
 * Every clock a case keeps (INC-3, INC-4, INC-9), from the working-day calendar or in calendar
 * hours where the rule counts hours. Pure: the instant and the school's calendar are passed in.
 */
import {
  addWorkingDays,
  londonDate,
  londonTimeToInstant,
  responseDeadline,
  type WorkingCalendar,
} from '../../../platform/calendar/calendar.ts';

const HOUR = 3_600_000;
const END_OF_WORKING_DAY = '17:00:00.000';

/** The end of the working day n working days after `from` (17:00 local time). */
export function endOfWorkingDay(cal: WorkingCalendar, from: Date, n: number): Date {
  return londonTimeToInstant(addWorkingDays(cal, londonDate(from, cal.timeZone), n), END_OF_WORKING_DAY, cal.timeZone);
}

/** Triage: urgent concerns within the hour, around the clock; the rest by the end of the next working day. */
export function triageDue(cal: WorkingCalendar, reportedAt: Date, urgent: boolean): Date {
  return urgent ? new Date(reportedAt.getTime() + HOUR) : endOfWorkingDay(cal, reportedAt, 1);
}

/** Ask the site to take the content down within the policy's target (24 hours by default), or by the next working day when reported at a weekend (003 §9.3). */
export function takedownDue(cal: WorkingCalendar, reportedAt: Date, targetHours: number): Date {
  return responseDeadline(cal, reportedAt, targetHours);
}

/** Check the content has gone two working days after the request was sent (003 §9.4). */
export function removalCheckDue(cal: WorkingCalendar, requestSentAt: Date): Date {
  return endOfWorkingDay(cal, requestSentAt, 2);
}

/** Refer an allegation about an adult to the LADO within one working day (002). */
export function ladoReferralDue(cal: WorkingCalendar, reportedAt: Date): Date {
  return endOfWorkingDay(cal, reportedAt, 1);
}

/** Material that may be unlawful goes to the police by the end of the next working day (003 §10.5; 001). */
export function policeReportDue(cal: WorkingCalendar, assessedAt: Date): Date {
  return endOfWorkingDay(cal, assessedAt, 1);
}

/** A possible personal data breach: 72 hours, counted in calendar hours from when the school became aware (INC-9). */
export function breachDecisionDue(awareAt: Date): Date {
  return new Date(awareAt.getTime() + 72 * HOUR);
}

/** Offer support to the member of staff within two working days (003 §9.6). */
export function supportDue(cal: WorkingCalendar, reportedAt: Date): Date {
  return endOfWorkingDay(cal, reportedAt, 2);
}

/** A reminder before a clock runs out: a quarter of the time left, at least 15 minutes, at most a day. */
export function reminderAt(createdAt: Date, dueAt: Date): Date {
  const span = dueAt.getTime() - createdAt.getTime();
  const before = Math.min(24 * HOUR, Math.max(15 * 60_000, span / 4));
  return new Date(Math.max(createdAt.getTime(), dueAt.getTime() - before));
}

export type ClockState = 'done' | 'overdue' | 'due-soon' | 'running';

export function clockState(dueAt: Date, now: Date, done: boolean): ClockState {
  if (done) return 'done';
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left <= 4 * HOUR ? 'due-soon' : 'running';
}

/** "2 hours left", "3 days overdue": how a clock reads at the top of a case. */
export function timeLeftText(dueAt: Date, now: Date): string {
  const ms = dueAt.getTime() - now.getTime();
  const abs = Math.abs(ms);
  const unit =
    abs < HOUR
      ? ([Math.max(1, Math.round(abs / 60_000)), 'minute'] as const)
      : abs < 48 * HOUR
        ? ([Math.round(abs / HOUR), 'hour'] as const)
        : ([Math.round(abs / (24 * HOUR)), 'day'] as const);
  const text = `${unit[0]} ${unit[1]}${unit[0] === 1 ? '' : 's'}`;
  return ms < 0 ? `${text} overdue` : `${text} left`;
}
