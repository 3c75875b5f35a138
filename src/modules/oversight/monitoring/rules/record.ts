/**
 * GOV-2: what a monitoring record must say before it is kept. Pure: the day comes in. Monitoring one
 * person is allowed only for a justified concern, authorised by the head or HR, for a set time.
 */
import type { FieldError } from '../../../../platform/http/errors.ts';

export const MAX_MONTHS = 12;
export const REMIND_DAYS_BEFORE_END = 7;

export interface RecordForm {
  subjectId: string;
  reason: string;
  systems: string;
  starts: { day: string; month: string; year: string };
  ends: { day: string; month: string; year: string };
}

export interface RecordInput {
  subjectId: string;
  reason: string;
  systems: string;
  startsOn: string;
  endsOn: string;
}

export const NO_REASON =
  'Enter why this person’s use of school systems is being monitored: the policy allows it only for a justified concern, and the reason is kept with the record';

/** A day from the three boxes of a GOV.UK date input, or an error naming what is wrong. */
export function parseDay(parts: { day: string; month: string; year: string }, what: string): string | string[] {
  const [d, m, y] = [parts.day.trim(), parts.month.trim(), parts.year.trim()];
  if (!d && !m && !y) return [`Enter the date ${what}`];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y))
    return [`The date ${what} must be a real date, like 27 3 2027`];
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso)
    return [`The date ${what} must be a real date, like 27 3 2027`];
  return iso;
}

function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export function checkRecord(
  form: RecordForm,
  today: string,
  subjects: ReadonlySet<string>,
): { input?: RecordInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (!subjects.has(form.subjectId)) errors.push({ href: '#subjectId', text: 'Choose the person being monitored' });
  const reason = form.reason.trim();
  if (!reason) errors.push({ href: '#reason', text: NO_REASON });
  else if (reason.length > 5000) errors.push({ href: '#reason', text: 'The reason must be 5,000 characters or fewer' });
  const systems = form.systems.trim();
  if (!systems)
    errors.push({
      href: '#systems',
      text: 'Enter which school systems are monitored, for example email and web browsing',
    });
  else if (systems.length > 500) errors.push({ href: '#systems', text: 'The systems must be 500 characters or fewer' });
  const starts = parseDay(form.starts, 'monitoring starts');
  const ends = parseDay(form.ends, 'monitoring ends');
  if (Array.isArray(starts)) errors.push({ href: '#starts-day', text: starts[0]! });
  if (Array.isArray(ends)) errors.push({ href: '#ends-day', text: ends[0]! });
  if (typeof starts === 'string' && typeof ends === 'string') {
    if (starts < addMonths(today, -1))
      errors.push({ href: '#starts-day', text: 'The date monitoring starts must be within the last month' });
    if (ends < starts)
      errors.push({ href: '#ends-day', text: 'The date monitoring ends must be on or after the day it starts' });
    else if (ends > addMonths(starts, MAX_MONTHS))
      errors.push({
        href: '#ends-day',
        text: `Monitoring can be authorised for ${MAX_MONTHS} months at most: set an end date and review it then`,
      });
  }
  if (errors.length > 0) return { errors };
  return {
    errors,
    input: { subjectId: form.subjectId, reason, systems, startsOn: starts as string, endsOn: ends as string },
  };
}

export type MonitoringState = 'active' | 'ending-soon' | 'past-end' | 'ended';

export function monitoringState(r: { ended_at: unknown; ends_on: string }, today: string): MonitoringState {
  if (r.ended_at) return 'ended';
  if (r.ends_on < today) return 'past-end';
  const soon = new Date(`${today}T12:00:00Z`);
  soon.setUTCDate(soon.getUTCDate() + REMIND_DAYS_BEFORE_END);
  return r.ends_on <= soon.toISOString().slice(0, 10) ? 'ending-soon' : 'active';
}
