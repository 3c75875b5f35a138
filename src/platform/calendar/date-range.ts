// A period for a report or an export (GOV-1, GOV-3): a school term or any two dates, as UK calendar
// days. Pure: the caller passes today. The longest range is two years, so a report or an export can
// never be asked to cover a decade in one go.
import { londonTimeToInstant } from './calendar.ts';

export interface DateRange {
  /** First day, YYYY-MM-DD (UK). */
  from: string;
  /** Last day, YYYY-MM-DD (UK), included. */
  to: string;
  /** The term it is, when it is one ("2026-autumn"). */
  term?: string;
  label: string;
}

export type RangeError = { field: 'from' | 'to' | 'term'; text: string };

export const MAX_RANGE_DAYS = 731;
const TERM_NAMES = { autumn: 'Autumn term', spring: 'Spring term', summer: 'Summer term' } as const;
type TermName = keyof typeof TERM_NAMES;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** The term's first and last days: autumn 1 Sep–31 Dec, spring 1 Jan–31 Mar, summer 1 Apr–31 Aug. */
export function termRange(key: string): DateRange | undefined {
  const match = /^(\d{4})-(autumn|spring|summer)$/.exec(key);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return undefined;
  const name = match[2] as TermName;
  const [from, to] =
    name === 'autumn'
      ? [`${year}-09-01`, `${year}-12-31`]
      : name === 'spring'
        ? [`${year}-01-01`, `${year}-03-31`]
        : [`${year}-04-01`, `${year}-08-31`];
  return { from, to, term: key, label: `${TERM_NAMES[name]} ${year} (${longDate(from)} to ${longDate(to)})` };
}

export function termOf(isoDate: string): string {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  return `${y}-${m >= 9 ? 'autumn' : m >= 4 ? 'summer' : 'spring'}`;
}

/** The terms to offer: the current one and the five before it, newest first. */
export function recentTerms(today: string, count = 6): DateRange[] {
  const out: DateRange[] = [];
  let key = termOf(today);
  for (let i = 0; i < count; i++) {
    out.push(termRange(key)!);
    const [y, name] = key.split('-') as [string, TermName];
    const year = Number(y);
    key = name === 'autumn' ? `${year}-summer` : name === 'summer' ? `${year}-spring` : `${year - 1}-autumn`;
  }
  return out;
}

function validDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 2000 && y <= 2100 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/**
 * Reads a period from a query: `term`, or `from` and `to`, or neither (the current term). Returns the
 * range or the problems, each naming its field, for the page's error summary.
 */
export function readRange(
  query: { term?: unknown; from?: unknown; to?: unknown },
  today: string,
): { range: DateRange } | { errors: RangeError[] } {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const term = text(query.term);
  const from = text(query.from);
  const to = text(query.to);
  if (!from && !to) {
    if (!term) return { range: termRange(termOf(today))! };
    const range = termRange(term);
    return range ? { range } : { errors: [{ field: 'term', text: 'Choose a term from the list' }] };
  }
  const errors: RangeError[] = [];
  if (!validDate(from))
    errors.push({ field: 'from', text: 'Enter the start date as year-month-day, for example 2026-09-01' });
  if (!validDate(to))
    errors.push({ field: 'to', text: 'Enter the end date as year-month-day, for example 2026-12-31' });
  if (errors.length) return { errors };
  if (to < from) return { errors: [{ field: 'to', text: 'The end date must be the same as or after the start date' }] };
  if (daysBetween(from, to) > MAX_RANGE_DAYS)
    return { errors: [{ field: 'to', text: 'Choose a period of two years or less' }] };
  return { range: { from, to, label: `${longDate(from)} to ${longDate(to)}` } };
}

function nextDay(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The instants that bound the range in the UK: from midnight on the first day up to midnight after the last. */
export function rangeInstants(range: DateRange): { start: Date; end: Date } {
  return {
    start: londonTimeToInstant(range.from, '00:00:00.000'),
    end: londonTimeToInstant(nextDay(range.to), '00:00:00.000'),
  };
}
