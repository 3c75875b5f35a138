/**
 * The monitoring rota's rules (MON-1): pure, with every date and instant passed in.
 * A rota names, for each day of the week, who checks the account; 001 prefers seven days a week, so
 * weekends and holidays are days like any other. Someone may be on for a weekday in term but not
 * when that day is a bank holiday or a closure day (covers_holidays = false): then, unless someone
 * else covers it, the holiday is a gap.
 */
import { bankHolidays, type WorkingCalendar } from '../../../platform/calendar/calendar.ts';

export interface RotaEntry {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  personId: string;
  coversHolidays: boolean;
}

export interface RotaDay {
  date: string;
  weekday: number;
  /** The bank holiday's or closure day's name, or null on an ordinary day. */
  holiday: string | null;
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

const DAY = 86_400_000;

/** ISO weekday of a date (YYYY-MM-DD), 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** The days from `from` for `n` days, each with its weekday and whether it is a holiday for the school. */
export function rotaDays(cal: WorkingCalendar, from: string, n: number): RotaDay[] {
  const names = new Map<string, string>();
  const years = new Set([from.slice(0, 4), addDays(from, n).slice(0, 4)]);
  for (const year of years) for (const h of bankHolidays(cal.region, Number(year))) names.set(h.date, h.title);
  for (const c of cal.closureDays) if (!names.has(c)) names.set(c, 'School closure day');
  const days: RotaDay[] = [];
  for (let i = 0; i < n; i++) {
    const date = addDays(from, i);
    days.push({ date, weekday: isoWeekday(date), holiday: names.get(date) ?? null });
  }
  return days;
}

/** Who is on for a day: everyone on for its weekday, less those who do not cover holidays on a holiday. */
export function whoIsOn(rota: readonly RotaEntry[], day: Pick<RotaDay, 'weekday' | 'holiday'>): string[] {
  return rota
    .filter((e) => e.weekday === day.weekday && (day.holiday === null || e.coversHolidays))
    .map((e) => e.personId);
}

/** The days with nobody on. */
export function gapsIn(rota: readonly RotaEntry[], days: readonly RotaDay[]): RotaDay[] {
  return days.filter((d) => whoIsOn(rota, d).length === 0);
}

export interface CheckState {
  /** When the next check is due: the last check (or, before any, the time checking began) plus the interval. */
  dueAt: Date;
  overdue: boolean;
  /** The key that makes one alert per missed check: a new check starts a new key. */
  alertKey: string;
}

/**
 * Whether an account has gone unchecked longer than the policy's interval (accountCheckIntervalHours).
 * Weekends and holidays count like any other hours. Before the first check the clock runs from
 * `since` (when the account went live).
 */
export function checkState(
  accountId: string,
  lastCheckedAt: Date | null,
  since: Date,
  now: Date,
  intervalHours: number,
): CheckState {
  const from = lastCheckedAt ?? since;
  const dueAt = new Date(from.getTime() + intervalHours * 3_600_000);
  return {
    dueAt,
    overdue: now.getTime() > dueAt.getTime(),
    alertKey: `monitoring:unchecked:${accountId}:${lastCheckedAt ? lastCheckedAt.toISOString() : 'never'}`,
  };
}

export function gapAlertKey(accountId: string, date: string): string {
  return `monitoring:gap:${accountId}:${date}`;
}

/** The rota form's cells: "3:person-id" = Wednesday; the holiday column lists the same keys. */
export function readRotaForm(
  on: readonly string[],
  holidays: readonly string[],
  allowed: ReadonlySet<string>,
): { entries: RotaEntry[]; refused: boolean } {
  const entries: RotaEntry[] = [];
  const seen = new Set<string>();
  const holidaySet = new Set(holidays);
  let refused = false;
  for (const cell of on) {
    const m = /^([1-7]):([0-9a-f-]{36})$/.exec(cell);
    if (!m || !allowed.has(m[2]!)) {
      refused = true;
      continue;
    }
    if (seen.has(cell)) continue;
    seen.add(cell);
    entries.push({ weekday: Number(m[1]), personId: m[2]!, coversHolidays: holidaySet.has(cell) });
  }
  for (const cell of holidays) if (!seen.has(cell)) refused = refused || !/^[1-7]:[0-9a-f-]{36}$/.test(cell);
  return { entries, refused };
}

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

/** "Friday 25 December 2026" (GOV.UK style: no comma). */
export function longDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${WEEKDAYS[isoWeekday(date) - 1]} ${d} ${MONTHS[m! - 1]} ${y}`;
}
