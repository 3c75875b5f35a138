/**
 * STF-2: which check-in period a day falls in, and when its check-in is due. Pure: the day comes in.
 * Terms follow the English school year as Postwarden counts it: autumn September–December, spring
 * January–March, summer April–August. A check-in is due six weeks into its period.
 */
export type CheckInEvery = 'term' | 'year';

export interface CheckInPeriod {
  /** Stable key stored with each check-in: "2026-autumn", "2027-spring", "2026-27". */
  key: string;
  label: string;
  starts: string;
  due: string;
  /** The first day of the next period. */
  ends: string;
}

const DUE_AFTER_DAYS = 42;

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function checkInPeriod(today: string, every: CheckInEvery): CheckInPeriod {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`Not a day: ${today}`);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (every === 'year') {
    const start = month >= 9 ? year : year - 1;
    const starts = `${start}-09-01`;
    return {
      key: `${start}-${String((start + 1) % 100).padStart(2, '0')}`,
      label: `School year ${start} to ${start + 1}`,
      starts,
      due: addDays(starts, DUE_AFTER_DAYS),
      ends: `${start + 1}-09-01`,
    };
  }
  const [name, starts, ends] =
    month >= 9
      ? ['autumn', `${year}-09-01`, `${year + 1}-01-01`]
      : month <= 3
        ? ['spring', `${year}-01-01`, `${year}-04-01`]
        : ['summer', `${year}-04-01`, `${year}-09-01`];
  return {
    key: `${year}-${name}`,
    label: `${name[0]!.toUpperCase()}${name.slice(1)} term ${year}`,
    starts,
    due: addDays(starts, DUE_AFTER_DAYS),
    ends,
  };
}

export type CheckInState = 'done' | 'due' | 'overdue';

export function checkInState(done: boolean, today: string, period: CheckInPeriod): CheckInState {
  if (done) return 'done';
  return today > period.due ? 'overdue' : 'due';
}

export function isCheckInEvery(value: string): value is CheckInEvery {
  return value === 'term' || value === 'year';
}
