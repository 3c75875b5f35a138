import { describe, expect, it } from 'vitest';
import { checkState, gapsIn, isoWeekday, readRotaForm, rotaDays, whoIsOn, type RotaEntry } from './rota.ts';

const cal = { region: 'england-and-wales' as const, closureDays: ['2027-01-04'] };
const ANN = '11111111-1111-4111-8111-111111111111';
const BEN = '22222222-2222-4222-8222-222222222222';

/** Ann checks every day but not on holidays; Ben covers weekends, holidays included. */
const rota: RotaEntry[] = [
  ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, personId: ANN, coversHolidays: false })),
  { weekday: 6, personId: BEN, coversHolidays: true },
  { weekday: 7, personId: BEN, coversHolidays: true },
];

describe('MON-1: the monitoring rota', () => {
  it('MON-1: weekdays are numbered Monday 1 to Sunday 7', () => {
    expect(isoWeekday('2026-12-07')).toBe(1);
    expect(isoWeekday('2026-12-13')).toBe(7);
  });

  it('MON-1: a bank holiday is a gap when the person on that weekday does not cover holidays', () => {
    const days = rotaDays(cal, '2026-12-21', 15);
    const gaps = gapsIn(rota, days);
    expect(gaps.map((g) => g.date)).toEqual(['2026-12-25', '2026-12-28', '2027-01-01', '2027-01-04']);
    expect(gaps[0]!.holiday).toBe('Christmas Day');
    expect(gaps[3]!.holiday).toBe('School closure day');
  });

  it('MON-1: weekends are days like any other, and someone who covers holidays closes the gap', () => {
    const days = rotaDays(cal, '2026-12-21', 15);
    expect(whoIsOn(rota, days.find((d) => d.date === '2026-12-26')!)).toEqual([BEN]);
    const covered = [...rota, { weekday: 1, personId: BEN, coversHolidays: true }];
    expect(gapsIn(covered, days).map((g) => g.date)).toEqual(['2026-12-25', '2027-01-01']);
    expect(gapsIn([], days)).toHaveLength(15);
  });

  it('MON-1: an account last checked on Friday afternoon is overdue on Saturday afternoon, weekend or not', () => {
    const friday = new Date('2026-12-11T16:00:00Z');
    const since = new Date('2026-09-01T00:00:00Z');
    expect(checkState('a', friday, since, new Date('2026-12-12T15:59:00Z'), 24).overdue).toBe(false);
    const saturday = checkState('a', friday, since, new Date('2026-12-12T16:01:00Z'), 24);
    expect(saturday.overdue).toBe(true);
    expect(saturday.dueAt.toISOString()).toBe('2026-12-12T16:00:00.000Z');
    // Across the whole weekend it stays overdue, under the same alert key (one alert, not one an hour).
    const sunday = checkState('a', friday, since, new Date('2026-12-13T20:00:00Z'), 24);
    expect(sunday.overdue).toBe(true);
    expect(sunday.alertKey).toBe(saturday.alertKey);
    // A 72-hour policy lets the same weekend pass.
    expect(checkState('a', friday, since, new Date('2026-12-14T09:00:00Z'), 72).overdue).toBe(false);
  });

  it('MON-1: before any check the clock runs from when the account went live; a new check starts a new alert', () => {
    const since = new Date('2026-12-10T00:00:00Z');
    const never = checkState('a', null, since, new Date('2026-12-11T01:00:00Z'), 24);
    expect(never.overdue).toBe(true);
    expect(never.alertKey).toBe('monitoring:unchecked:a:never');
    const later = checkState('a', new Date('2026-12-11T02:00:00Z'), since, new Date('2026-12-12T03:00:00Z'), 24);
    expect(later.alertKey).not.toBe(never.alertKey);
  });

  it('MON-1: the rota form keeps only people who may be on it, and says when it refused a cell', () => {
    const allowed = new Set([ANN]);
    expect(readRotaForm([`1:${ANN}`, `1:${ANN}`, `6:${ANN}`], [`6:${ANN}`], allowed)).toEqual({
      entries: [
        { weekday: 1, personId: ANN, coversHolidays: false },
        { weekday: 6, personId: ANN, coversHolidays: true },
      ],
      refused: false,
    });
    expect(readRotaForm([`1:${BEN}`], [], allowed).refused).toBe(true);
    expect(readRotaForm([`8:${ANN}`], [], allowed).refused).toBe(true);
    expect(readRotaForm(['nonsense'], [], allowed)).toEqual({ entries: [], refused: true });
  });
});

describe('MON-1: dates on the rota', () => {
  it('MON-1: a day reads in GOV.UK style', async () => {
    const { longDay } = await import('./rota.ts');
    expect(longDay('2026-12-25')).toBe('Friday 25 December 2026');
    expect(longDay('2027-01-03')).toBe('Sunday 3 January 2027');
  });
});
