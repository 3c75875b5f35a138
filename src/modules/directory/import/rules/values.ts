// Parsers for single CSV values. Pure: no I/O, no clock. Every parser returns a result, never throws.

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

// ---------------------------------------------------------------- dates

const DATE_HELP = 'Use the format DD/MM/YYYY, for example 14/09/2016';
const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d+)(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const YEAR_MONTH_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
const DAY_MONTHNAME_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?,?[ -](\d+)$/i;
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTHS: ReadonlyMap<string, number> = new Map([
  ...MONTH_NAMES.map((name, i) => [name, i + 1] as const),
  ...MONTH_NAMES.map((name, i) => [name.slice(0, 3), i + 1] as const),
  ['sept', 9],
]);

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Reads a UK-style date (DD/MM/YYYY and friends, YYYY-MM-DD, "12 Mar 2015") and returns it as ISO YYYY-MM-DD. */
export function parseUkDate(text: string): ParseResult<string> {
  const t = text.trim();
  if (t === '') return fail(`No date given. ${DATE_HELP}`);
  let day: number, month: number, yearText: string;
  let m = DAY_MONTH_YEAR.exec(t);
  if (m) {
    day = Number(m[1]);
    month = Number(m[2]);
    yearText = m[3]!;
  } else if ((m = YEAR_MONTH_DAY.exec(t))) {
    yearText = m[1]!;
    month = Number(m[2]);
    day = Number(m[3]);
  } else if ((m = DAY_MONTHNAME_YEAR.exec(t)) && MONTHS.has(m[2]!.toLowerCase())) {
    day = Number(m[1]);
    month = MONTHS.get(m[2]!.toLowerCase())!;
    yearText = m[3]!;
  } else {
    return fail(`‘${t}’ is not a date we can read. ${DATE_HELP}`);
  }
  if (yearText.length === 2)
    return fail(`‘${t}’ has a two-digit year. Write the year in full as DD/MM/YYYY, for example 14/09/2016`);
  const year = Number(yearText);
  if (yearText.length !== 4 || year < 1900 || year > 2099) return fail(`‘${t}’ is not a real date. ${DATE_HELP}`);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    const american = month > 12 && day <= 12 && month <= 31;
    return fail(`‘${t}’ is not a real date${american ? ' (it looks like month/day order)' : ''}. ${DATE_HELP}`);
  }
  return ok(`${year}-${pad2(month)}-${pad2(day)}`);
}

// ---------------------------------------------------------------- yes / no

const YES: ReadonlySet<string> = new Set(['yes', 'y', 'true', '1']);
const NO: ReadonlySet<string> = new Set(['no', 'n', 'false', '0', '']);

/** Yes/No, Y/N, True/False, 1/0 in any case. Blank means no (for consent: not given). */
export function parseYesNo(text: string, subject = 'Consent'): ParseResult<boolean> {
  const t = text.trim();
  const key = t.toLowerCase();
  if (YES.has(key)) return ok(true);
  if (NO.has(key)) return ok(false);
  return fail(`${subject} must be Yes or No, not ‘${t}’`);
}

// ---------------------------------------------------------------- year group

export const MIN_YEAR_GROUP = -2; // N1
export const MAX_YEAR_GROUP = 14;
const YEAR_WORDS: ReadonlyMap<string, number> = new Map([
  ['r', 0],
  ['rec', 0],
  ['reception', 0],
  ['yr', 0],
  ['yearr', 0],
  ['yearreception', 0],
  ['n1', -2],
  ['nursery1', -2],
  ['yearn1', -2],
  ['n2', -1],
  ['nursery2', -1],
  ['yearn2', -1],
  ['nursery', -1],
]);
const YEAR_NUMBER = /^(?:nationalcurriculumyear|ncyear|year|yr|y)?(-?\d{1,2})$/;
const WHITESPACE = /\s+/g;

/** National Curriculum year: N1 = -2, N2/Nursery = -1, Reception = 0, Year 1..14 = 1..14. */
export function parseYearGroup(text: string): ParseResult<number> {
  const t = text.trim();
  const key = t.toLowerCase().replace(WHITESPACE, '');
  const word = YEAR_WORDS.get(key);
  if (word !== undefined) return ok(word);
  const m = YEAR_NUMBER.exec(key);
  const year = m ? Number(m[1]) : NaN;
  if (year >= MIN_YEAR_GROUP && year <= MAX_YEAR_GROUP) return ok(year);
  return fail(`Year group must be a number from 1 to 14, R for Reception, or N1 or N2 for Nursery, not ‘${t}’`);
}

// ---------------------------------------------------------------- employment type

export const EMPLOYMENT_TYPES = [
  'full-time',
  'part-time',
  'fixed-term',
  'supply',
  'agency',
  'volunteer',
  'consultant',
  'contractor',
  'governor',
  'trainee',
] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

/** Words MIS exports use, compared after removing everything but letters and digits. */
const EMPLOYMENT_SYNONYMS: Record<EmploymentType, readonly string[]> = {
  'full-time': ['ft', 'permanent', 'permanent full time', 'full time permanent', 'permanent ft', 'full time teacher'],
  'part-time': ['pt', 'permanent part time', 'part time permanent', 'permanent pt', 'part time teacher'],
  'fixed-term': [
    'temporary',
    'temp',
    'fixed term contract',
    'temporary contract',
    'fixed term full time',
    'fixed term part time',
    'maternity cover',
  ],
  supply: ['supply teacher', 'supply staff', 'casual', 'casual worker', 'zero hours', 'cover supervisor supply'],
  agency: ['agency staff', 'agency worker', 'agency supply', 'agency teacher'],
  volunteer: ['voluntary', 'unpaid'],
  consultant: ['external consultant'],
  contractor: ['self employed', 'external contractor', 'contracted'],
  governor: ['local governor', 'school governor'],
  trainee: [
    'student teacher',
    'trainee teacher',
    'apprentice',
    'student',
    'student placement',
    'pgce student',
    'itt trainee',
  ],
};
const NOT_ALPHANUMERIC = /[^\p{L}\p{N}]+/gu;
const compact = (text: string): string => text.toLowerCase().replace(NOT_ALPHANUMERIC, '');
const EMPLOYMENT_LOOKUP: ReadonlyMap<string, EmploymentType> = new Map(
  EMPLOYMENT_TYPES.flatMap((type) =>
    [type, ...EMPLOYMENT_SYNONYMS[type]].map((word) => [compact(word), type] as const),
  ),
);
const EMPLOYMENT_NAMES = EMPLOYMENT_TYPES.map((t) => t[0]!.toUpperCase() + t.slice(1)).join(', ');

export function parseEmploymentType(text: string): ParseResult<EmploymentType> {
  const t = text.trim();
  const type = EMPLOYMENT_LOOKUP.get(compact(t));
  if (type) return ok(type);
  return fail(`Employment type ‘${t}’ is not one we recognise. Use one of: ${EMPLOYMENT_NAMES}`);
}

// ---------------------------------------------------------------- UPN

/** The 23 letters the DfE uses for check letters and temporary-UPN suffixes (no I, O or S). */
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';
const UPN = /^[A-Z]\d{11}[0-9A-HJ-NP-RT-Z]$/;
const UPN_BODY = /^\d{11}[0-9A-HJ-NP-RT-Z]$/;

function checkLetterOf(body: string): string {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum += (body.charCodeAt(i) - 48) * (i + 2);
  const last = body.charCodeAt(11);
  sum += (last <= 57 ? last - 48 : UPN_LETTERS.indexOf(body[11]!)) * 13;
  return UPN_LETTERS[sum % 23]!;
}

/**
 * The DfE check letter for the 12 characters after it: character n (n = 2..13) is weighted by n,
 * a temporary UPN's final letter counts as its position in UPN_LETTERS, and the sum modulo 23 picks the letter.
 */
export function upnCheckLetter(body: string): string {
  if (!UPN_BODY.test(body)) throw new RangeError(`UPN body must be 11 digits then a digit or letter, got ${body}`);
  return checkLetterOf(body);
}

/** A valid permanent UPN for n = 0, 1, 2, … (deterministic, distinct for distinct n): for demo data and benchmarks. */
export function makeUpn(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1e11) throw new RangeError(`makeUpn needs 0 <= n < 1e11, got ${n}`);
  const body = String(801_200_000_000 + n); // LA 801, then establishment, year and serial digits
  return checkLetterOf(body) + body;
}

const UPN_EXAMPLE = makeUpn(16_001);
const UPN_HELP = `A UPN has 13 characters: a letter followed by 12 digits, or for a temporary UPN a letter, 11 digits and a letter, for example ${UPN_EXAMPLE}`;

/** Unique Pupil Number, trimmed and upper-cased, with its check letter verified. */
export function parseUpn(text: string): ParseResult<string> {
  const t = text.trim().toUpperCase();
  if (t === '') return fail(`No UPN given. ${UPN_HELP}`);
  if (!UPN.test(t)) return fail(`‘${t}’ is not a valid UPN. ${UPN_HELP}`);
  if (checkLetterOf(t.slice(1)) !== t[0]) {
    return fail(
      `‘${t}’ is not a valid UPN: its first letter does not match the digits after it, so a character has probably been mistyped. Copy the UPN again from your MIS`,
    );
  }
  return ok(t);
}

// ---------------------------------------------------------------- email

const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/** An email address, trimmed and lower-cased. Deliberately simple: one address, something@domain.tld. */
export function parseEmail(text: string): ParseResult<string> {
  const t = text.trim();
  if (t === '') return fail('No email address given');
  const email = t.toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) return fail(`‘${t}’ is not a valid email address`);
  return ok(email);
}
