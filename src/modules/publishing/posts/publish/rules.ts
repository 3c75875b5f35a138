/** When to publish (PUB-6): pure, the clock passed in. */
import type { FieldError } from '../../../../platform/http/errors.ts';
import { readDateInput } from '../../../directory/dates.ts';

/** The instant a UK wall-clock time names (Europe/London, so summer time is respected). */
export function londonInstant(isoDate: string, hours: number, minutes: number): Date {
  const guess = new Date(`${isoDate}T${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:00Z`);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(guess);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(guess.getTime() - (shown - guess.getTime()));
}

export interface WhenForm {
  when: string;
  day: string;
  month: string;
  year: string;
  time: string;
}

const MAX_AHEAD_DAYS = 366;

export function readWhen(form: WhenForm, now: Date): { at: Date | null; errors: FieldError[] } {
  if (form.when === 'now') return { at: null, errors: [] };
  if (form.when !== 'later')
    return { at: null, errors: [{ href: '#when', text: 'Select whether to publish now or at a time you choose' }] };
  const date = readDateInput(form.day, form.month, form.year, 'The date to publish');
  const errors: FieldError[] = [];
  if (!date.ok) errors.push({ href: '#at', text: date.message });
  else if (!date.value) errors.push({ href: '#at', text: 'Enter the date to publish' });
  const time = /^\s*(\d{1,2})[:.](\d{2})\s*$/.exec(form.time);
  if (!time || Number(time[1]) > 23 || Number(time[2]) > 59)
    errors.push({ href: '#time', text: 'Enter the time in the 24-hour clock, like 09:30 or 16:00' });
  if (errors.length || !date.ok || !date.value || !time) return { at: null, errors };
  const at = londonInstant(date.value, Number(time[1]), Number(time[2]));
  if (at.getTime() <= now.getTime())
    return { at: null, errors: [{ href: '#at', text: 'The time to publish must be in the future' }] };
  if (at.getTime() > now.getTime() + MAX_AHEAD_DAYS * 86_400_000)
    return { at: null, errors: [{ href: '#at', text: 'Posts can be scheduled up to a year ahead' }] };
  return { at, errors: [] };
}
