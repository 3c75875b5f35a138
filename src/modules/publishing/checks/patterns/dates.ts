/**
 * Dates as people write them in posts: "14 July 2016", "14th of July, 2016", "July 14th 2016",
 * "14/07/2016", "4.5.16", "2016-07-14". Only dates with a year: a date of birth needs one.
 */
import type { Span } from '../types.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const DATE = new RegExp(
  [
    `\\b${DAY}\\s+(?:of\\s+)?${MONTH}\\.?,?\\s+(\\d{4})\\b`,
    `\\b${MONTH}\\.?\\s+${DAY},?\\s+(\\d{4})\\b`,
    '\\b(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4}|\\d{2})\\b',
    '\\b(\\d{4})-(\\d{2})-(\\d{2})\\b',
  ].join('|'),
  'gi',
);

export interface FoundDate {
  span: Span;
  /** YYYY-MM-DD */
  iso: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function iso(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const monthOf = (name: string): number => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

export function findDates(text: string): FoundDate[] {
  if (!/\d/.test(text)) return [];
  const out: FoundDate[] = [];
  for (const m of text.matchAll(DATE)) {
    let value: string | undefined;
    if (m[1] !== undefined) value = iso(Number(m[3]), monthOf(m[2]!), Number(m[1]));
    else if (m[4] !== undefined) value = iso(Number(m[6]), monthOf(m[4]), Number(m[5]));
    else if (m[7] !== undefined) {
      const y = m[9]!.length === 2 ? 2000 + Number(m[9]) : Number(m[9]);
      value = iso(y, Number(m[8]), Number(m[7]));
    } else value = iso(Number(m[10]), Number(m[11]), Number(m[12]));
    if (value) out.push({ span: { start: m.index, end: m.index + m[0].length }, iso: value });
  }
  return out;
}
