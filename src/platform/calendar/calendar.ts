// Working-day calendar for UK schools. Pure: no I/O, no clock — every instant is passed in.
import holidayData from './bank-holidays.json' with { type: 'json' };

export type Region = 'england-and-wales' | 'scotland' | 'northern-ireland';

export const REGIONS: ReadonlyArray<{ readonly id: Region; readonly label: string }> = [
  { id: 'england-and-wales', label: 'England and Wales' },
  { id: 'scotland', label: 'Scotland' },
  { id: 'northern-ireland', label: 'Northern Ireland' },
];

export interface BankHoliday {
  date: string;
  title: string;
}

export interface WorkingCalendar {
  region: Region;
  /** ISO dates (YYYY-MM-DD) the school is closed: INSET days, snow days. */
  closureDays: string[];
  /** IANA time zone; defaults to 'Europe/London'. */
  timeZone?: string;
}

const FIRST_COVERED_YEAR = 2020;
const LAST_COVERED_YEAR = 2030;
const COVERAGE = `bank holiday data covers ${FIRST_COVERED_YEAR}–${LAST_COVERED_YEAR}`;
const DEFAULT_TIME_ZONE = 'Europe/London';
const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const END_OF_DAY = '23:59:59.999';

const holidaysByRegion: Record<Region, readonly BankHoliday[]> = holidayData;
const holidayDates = (region: Region) => new Set(holidaysByRegion[region].map((h) => h.date));
const holidayDatesByRegion: Record<Region, ReadonlySet<string>> = {
  'england-and-wales': holidayDates('england-and-wales'),
  scotland: holidayDates('scotland'),
  'northern-ireland': holidayDates('northern-ireland'),
};

export function bankHolidays(region: Region, year?: number): BankHoliday[] {
  assertRegion(region);
  if (year !== undefined) assertCoveredYear(year, String(year));
  return holidaysByRegion[region]
    .filter((holiday) => year === undefined || holiday.date.startsWith(`${year}-`))
    .map((holiday) => ({ ...holiday }));
}

export function isWorkingDay(cal: WorkingCalendar, isoDate: string): boolean {
  assertCalendar(cal);
  assertCoveredDate(isoDate);
  return !isWeekend(isoDate) && !holidayDatesByRegion[cal.region].has(isoDate) && !cal.closureDays.includes(isoDate);
}

export function nextWorkingDay(cal: WorkingCalendar, isoDate: string): string {
  assertCoveredDate(isoDate);
  let candidate = shiftDate(isoDate, 1);
  while (!isWorkingDay(cal, candidate)) candidate = shiftDate(candidate, 1);
  return candidate;
}

/**
 * The working day n working days after isoDate, counting only working days strictly after it
 * (so from a Saturday, n=1 is the Monday). n=0 returns isoDate itself if it is a working day,
 * otherwise the next working day.
 */
export function addWorkingDays(cal: WorkingCalendar, isoDate: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`n must be a whole number of 0 or more, got ${n}`);
  }
  if (n === 0) return isWorkingDay(cal, isoDate) ? isoDate : nextWorkingDay(cal, isoDate);
  let day = isoDate;
  for (let i = 0; i < n; i++) day = nextWorkingDay(cal, day);
  return day;
}

/** The calendar date (YYYY-MM-DD) of an instant in the given time zone. */
export function londonDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  assertValidInstant(instant, 'instant');
  const { year, month, day } = zonedParts(instant.getTime(), timeZone);
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * The UTC instant of a wall-clock time ('HH:MM:SS.mmm') on isoDate in the given time zone.
 * A time skipped by the spring-forward gap resolves one hour later (01:30 → 02:30 BST);
 * a time repeated at the autumn fall-back resolves to the later (GMT) occurrence.
 */
export function londonTimeToInstant(isoDate: string, time: string, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const [year, month, day] = parseIsoDate(isoDate);
  const match = /^([01]\d|2[0-3]):([0-5]\d):([0-5]\d)\.(\d{3})$/.exec(time);
  if (!match) throw new RangeError(`time must be HH:MM:SS.mmm (24-hour), got "${time}"`);
  const [hour, minute, second, millisecond] = match.slice(1).map(Number) as [number, number, number, number];

  const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  // The offset at the naive guess can be wrong within an hour of a transition, so re-check it
  // at the corrected instant.
  const firstGuess = wallClockAsUtc - utcOffsetMs(wallClockAsUtc, timeZone);
  const corrected = wallClockAsUtc - utcOffsetMs(firstGuess, timeZone);
  return new Date(corrected);
}

/**
 * When a reply to a comment is due, under the schools' rule "within 24 hours, or by the next
 * working day if it arrives at a weekend":
 * - Arrival on a working day (by its local date in the school's time zone): due receivedAt + hours.
 *   Once the clock has started on a working day it keeps running, so a deadline that lands on a
 *   weekend, bank holiday or closure day stays where it lands.
 * - Arrival on a non-working day (weekend, bank holiday, closure day): due at the end of the next
 *   working day, 23:59:59.999 local time; `hours` does not apply.
 */
export function responseDeadline(cal: WorkingCalendar, receivedAt: Date, hours: number): Date {
  assertCalendar(cal);
  assertValidInstant(receivedAt, 'receivedAt');
  if (!Number.isFinite(hours) || hours < 0) {
    throw new RangeError(`hours must be a finite number of 0 or more, got ${hours}`);
  }
  const timeZone = cal.timeZone ?? DEFAULT_TIME_ZONE;
  const arrivalDay = londonDate(receivedAt, timeZone);
  if (isWorkingDay(cal, arrivalDay)) return new Date(receivedAt.getTime() + hours * MS_PER_HOUR);
  return londonTimeToInstant(nextWorkingDay(cal, arrivalDay), END_OF_DAY, timeZone);
}

// --- date arithmetic on ISO date strings (UTC midnight, so no time zone is involved) ---

function parseIsoDate(isoDate: string): [year: number, month: number, day: number] {
  const match = typeof isoDate === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate) : null;
  const [year, month, day] = (match?.slice(1).map(Number) ?? []) as number[];
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    toIsoDate(Date.UTC(year, month - 1, day)) !== isoDate
  ) {
    throw new RangeError(`"${isoDate}" is not a valid ISO date (expected YYYY-MM-DD)`);
  }
  return [year, month, day];
}

function toIsoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

function shiftDate(isoDate: string, days: number): string {
  const [year, month, day] = parseIsoDate(isoDate);
  return toIsoDate(Date.UTC(year, month - 1, day) + days * MS_PER_DAY);
}

function isWeekend(isoDate: string): boolean {
  const [year, month, day] = parseIsoDate(isoDate);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

// --- time zones, via Intl only ---

const formatters = new Map<string, Intl.DateTimeFormat>();

function zonedParts(epochMs: number, timeZone: string) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(epochMs).map((part) => [part.type, Number(part.value)]));
  return {
    year: parts.year ?? NaN,
    month: parts.month ?? NaN,
    day: parts.day ?? NaN,
    hour: parts.hour ?? NaN,
    minute: parts.minute ?? NaN,
    second: parts.second ?? NaN,
  };
}

/** Local time minus UTC at the given instant, e.g. +1h during BST. */
function utcOffsetMs(epochMs: number, timeZone: string): number {
  const { year, month, day, hour, minute, second } = zonedParts(epochMs, timeZone);
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return Date.UTC(year, month - 1, day, hour, minute, second) - wholeSecond;
}

// --- validation ---

function assertRegion(region: unknown): asserts region is Region {
  if (!REGIONS.some(({ id }) => id === region)) {
    const known = REGIONS.map(({ id }) => id).join(', ');
    throw new RangeError(`unknown region "${String(region)}"; expected one of ${known}`);
  }
}

function assertCalendar(cal: WorkingCalendar): void {
  assertRegion(cal.region);
  for (const closureDay of cal.closureDays) parseIsoDate(closureDay);
}

function assertCoveredYear(year: number, shown: string): void {
  if (!Number.isInteger(year) || year < FIRST_COVERED_YEAR || year > LAST_COVERED_YEAR) {
    throw new RangeError(`${shown} is outside the supported range: ${COVERAGE}`);
  }
}

function assertCoveredDate(isoDate: string): void {
  const [year] = parseIsoDate(isoDate);
  assertCoveredYear(year, isoDate);
}

function assertValidInstant(instant: Date, name: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`${name} is not a valid date`);
  }
}
