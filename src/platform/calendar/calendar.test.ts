import { describe, it, expect } from 'vitest';
import holidayData from './bank-holidays.json' with { type: 'json' };
import {
  REGIONS,
  addWorkingDays,
  bankHolidays,
  isWorkingDay,
  londonDate,
  londonTimeToInstant,
  nextWorkingDay,
  responseDeadline,
  type Region,
  type WorkingCalendar,
} from './calendar.ts';

// Every function here exists to compute the MON-2 reply deadline, so every test is tagged MON-2.

const calendar = (region: Region, closureDays: string[] = []): WorkingCalendar => ({
  region,
  closureDays,
});
const england = calendar('england-and-wales');
const scotland = calendar('scotland');
const northernIreland = calendar('northern-ireland');
const at = (iso: string) => new Date(iso);
const hasHoliday = (region: Region, date: string) => bankHolidays(region).some((holiday) => holiday.date === date);

describe('bank holiday data', () => {
  const expectedCounts: Record<Region, Record<number, number>> = {
    'england-and-wales': {
      2020: 8,
      2021: 8,
      2022: 10,
      2023: 9,
      2024: 8,
      2025: 8,
      2026: 8,
      2027: 8,
      2028: 8,
      2029: 8,
      2030: 8,
    },
    scotland: { 2020: 9, 2021: 9, 2022: 11, 2023: 10, 2024: 9, 2025: 9, 2026: 10, 2027: 9, 2028: 9, 2029: 9, 2030: 9 },
    'northern-ireland': {
      2020: 10,
      2021: 10,
      2022: 12,
      2023: 11,
      2024: 10,
      2025: 10,
      2026: 10,
      2027: 10,
      2028: 10,
      2029: 10,
      2030: 10,
    },
  };

  for (const region of REGIONS.map(({ id }) => id)) {
    it(`MON-2: ${region} has the right number of bank holidays each year 2020–2030`, () => {
      const counts = Object.fromEntries(
        Object.keys(expectedCounts[region]).map((year) => [year, bankHolidays(region, Number(year)).length]),
      );
      expect(counts).toEqual(expectedCounts[region]);
    });

    it(`MON-2: ${region} data is sorted, unique, within 2020–2030 and never on a weekend`, () => {
      const dates = holidayData[region].map((holiday) => holiday.date);
      expect(dates).toEqual([...dates].sort());
      expect(new Set(dates).size).toBe(dates.length);
      for (const date of dates) {
        expect(date >= '2020-01-01' && date <= '2030-12-31').toBe(true);
        expect([0, 6]).not.toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
      }
    });
  }

  const easterSundays: Record<number, string> = {
    2020: '04-12',
    2021: '04-04',
    2022: '04-17',
    2023: '04-09',
    2024: '03-31',
    2025: '04-20',
    2026: '04-05',
    2027: '03-28',
    2028: '04-16',
    2029: '04-01',
    2030: '04-21',
  };
  const shift = (iso: string, days: number) =>
    new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

  it('MON-2: Good Friday is a holiday everywhere and Easter Monday everywhere except Scotland', () => {
    for (const [year, monthDay] of Object.entries(easterSundays)) {
      const easter = `${year}-${monthDay}`;
      for (const region of ['england-and-wales', 'scotland', 'northern-ireland'] as const) {
        expect(hasHoliday(region, shift(easter, -2))).toBe(true);
      }
      expect(hasHoliday('england-and-wales', shift(easter, 1))).toBe(true);
      expect(hasHoliday('northern-ireland', shift(easter, 1))).toBe(true);
      expect(hasHoliday('scotland', shift(easter, 1))).toBe(false);
    }
  });

  it.each([
    ['england-and-wales', '2025-04-18', 'Good Friday'],
    ['england-and-wales', '2030-04-22', 'Easter Monday'],
    ['england-and-wales', '2026-12-28', 'Boxing Day (substitute day)'],
    ['england-and-wales', '2020-12-28', 'Boxing Day (substitute day)'],
    ['england-and-wales', '2022-12-27', 'Christmas Day (substitute day)'],
    ['england-and-wales', '2027-12-27', 'Christmas Day (substitute day)'],
    ['england-and-wales', '2027-12-28', 'Boxing Day (substitute day)'],
    ['england-and-wales', '2022-01-03', "New Year's Day (substitute day)"],
    ['england-and-wales', '2028-01-03', "New Year's Day (substitute day)"],
    ['england-and-wales', '2024-08-26', 'Summer bank holiday'],
    ['scotland', '2021-01-04', '2nd January (substitute day)'],
    ['scotland', '2022-01-04', '2nd January (substitute day)'],
    ['scotland', '2023-01-03', '2nd January (substitute day)'],
    ['scotland', '2028-01-04', '2nd January (substitute day)'],
    ['scotland', '2024-08-05', 'Summer bank holiday'],
    ['scotland', '2023-11-30', "St Andrew's Day"],
    ['scotland', '2024-12-02', "St Andrew's Day (substitute day)"],
    ['scotland', '2025-12-01', "St Andrew's Day (substitute day)"],
    ['scotland', '2030-12-02', "St Andrew's Day (substitute day)"],
    ['scotland', '2026-06-15', 'Bank holiday for Scotland at the FIFA World Cup'],
    ['northern-ireland', '2023-03-17', "St Patrick's Day"],
    ['northern-ireland', '2024-03-18', "St Patrick's Day (substitute day)"],
    ['northern-ireland', '2029-03-19', "St Patrick's Day (substitute day)"],
    ['northern-ireland', '2030-03-18', "St Patrick's Day (substitute day)"],
    ['northern-ireland', '2023-07-12', "Battle of the Boyne (Orangemen's Day)"],
    ['northern-ireland', '2020-07-13', "Battle of the Boyne (Orangemen's Day) (substitute day)"],
    ['northern-ireland', '2025-07-14', "Battle of the Boyne (Orangemen's Day) (substitute day)"],
  ] as const)('MON-2: %s has %s (%s)', (region, date, title) => {
    const holiday = bankHolidays(region).find((h) => h.date === date);
    expect(holiday?.title).toBe(title);
  });

  it.each([
    ['2020-05-08', 'VE Day 75 moved the early May bank holiday'],
    ['2022-06-02', 'the spring bank holiday moved to Thursday'],
    ['2022-06-03', 'Platinum Jubilee'],
    ['2022-09-19', 'State Funeral of Queen Elizabeth II'],
    ['2023-05-08', 'Coronation of King Charles III'],
  ])('MON-2: %s is a bank holiday in every region (%s)', (date) => {
    for (const { id } of REGIONS) expect(hasHoliday(id, date)).toBe(true);
  });

  it.each([
    ['2020-05-04', 'the usual first Monday of May in 2020'],
    ['2022-05-30', 'the usual last Monday of May in 2022'],
  ])('MON-2: %s is not a bank holiday anywhere (%s)', (date) => {
    for (const { id } of REGIONS) expect(hasHoliday(id, date)).toBe(false);
  });

  it('MON-2: regional holidays stay in their region', () => {
    expect(hasHoliday('england-and-wales', '2024-01-02')).toBe(false);
    expect(hasHoliday('northern-ireland', '2024-01-02')).toBe(false);
    expect(hasHoliday('england-and-wales', '2025-03-17')).toBe(false);
    expect(hasHoliday('scotland', '2025-03-17')).toBe(false);
    expect(hasHoliday('england-and-wales', '2023-11-30')).toBe(false);
    expect(hasHoliday('england-and-wales', '2026-06-15')).toBe(false);
    expect(hasHoliday('scotland', '2024-08-26')).toBe(false);
    expect(hasHoliday('england-and-wales', '2024-08-05')).toBe(false);
  });
});

describe('REGIONS and bankHolidays', () => {
  it('MON-2: lists the three regions with their labels', () => {
    expect(REGIONS).toEqual([
      { id: 'england-and-wales', label: 'England and Wales' },
      { id: 'scotland', label: 'Scotland' },
      { id: 'northern-ireland', label: 'Northern Ireland' },
    ]);
  });

  it('MON-2: bankHolidays for one year lists that year only, in date order', () => {
    expect(bankHolidays('england-and-wales', 2024)).toEqual([
      { date: '2024-01-01', title: "New Year's Day" },
      { date: '2024-03-29', title: 'Good Friday' },
      { date: '2024-04-01', title: 'Easter Monday' },
      { date: '2024-05-06', title: 'Early May bank holiday' },
      { date: '2024-05-27', title: 'Spring bank holiday' },
      { date: '2024-08-26', title: 'Summer bank holiday' },
      { date: '2024-12-25', title: 'Christmas Day' },
      { date: '2024-12-26', title: 'Boxing Day' },
    ]);
  });

  it('MON-2: bankHolidays without a year lists all of 2020–2030', () => {
    const all = bankHolidays('scotland');
    expect(all).toHaveLength(holidayData.scotland.length);
    expect(all[0]?.date).toBe('2020-01-01');
    expect(all.at(-1)?.date).toBe('2030-12-26');
  });

  it('MON-2: bankHolidays returns copies, so callers cannot change the data', () => {
    const first = bankHolidays('england-and-wales', 2024);
    first[0]!.date = '1999-01-01';
    first.pop();
    expect(bankHolidays('england-and-wales', 2024)[0]?.date).toBe('2024-01-01');
    expect(bankHolidays('england-and-wales', 2024)).toHaveLength(8);
  });

  it('MON-2: bankHolidays rejects unknown regions and uncovered years', () => {
    expect(() => bankHolidays('wales' as Region)).toThrow(RangeError);
    expect(() => bankHolidays('wales' as Region)).toThrow(/unknown region "wales"/);
    expect(() => bankHolidays('scotland', 2019)).toThrow(/bank holiday data covers 2020–2030/);
    expect(() => bankHolidays('scotland', 2031)).toThrow(RangeError);
    expect(() => bankHolidays('scotland', 2024.5)).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2024-06-12', true, 'an ordinary Wednesday'],
    ['2024-02-29', true, 'a leap day Thursday'],
    ['2024-06-15', false, 'a Saturday'],
    ['2024-06-16', false, 'a Sunday'],
    ['2024-12-25', false, 'Christmas Day'],
    ['2024-04-01', false, 'Easter Monday'],
  ])('MON-2: England and Wales %s is %s (%s)', (date, expected) => {
    expect(isWorkingDay(england, date)).toBe(expected);
  });

  it('MON-2: Easter Monday is a working day in Scotland but not in England and Wales', () => {
    expect(isWorkingDay(scotland, '2024-04-01')).toBe(true);
    expect(isWorkingDay(england, '2024-04-01')).toBe(false);
  });

  it('MON-2: 2 January is a holiday in Scotland only', () => {
    expect(isWorkingDay(scotland, '2024-01-02')).toBe(false);
    expect(isWorkingDay(england, '2024-01-02')).toBe(true);
    expect(isWorkingDay(northernIreland, '2024-01-02')).toBe(true);
  });

  it("MON-2: St Patrick's Day is a holiday in Northern Ireland only", () => {
    expect(isWorkingDay(northernIreland, '2026-03-17')).toBe(false);
    expect(isWorkingDay(england, '2026-03-17')).toBe(true);
    expect(isWorkingDay(scotland, '2026-03-17')).toBe(true);
  });

  it('MON-2: a school closure day is not a working day for that school only', () => {
    const withInset = calendar('england-and-wales', ['2026-02-16']);
    expect(isWorkingDay(withInset, '2026-02-16')).toBe(false);
    expect(isWorkingDay(england, '2026-02-16')).toBe(true);
  });

  it.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-2-3', '20240101', '2024-01-01T00:00', ''])(
    'MON-2: rejects the malformed date "%s"',
    (date) => {
      expect(() => isWorkingDay(england, date)).toThrow(RangeError);
      expect(() => isWorkingDay(england, date)).toThrow(/not a valid ISO date/);
    },
  );

  it.each(['2019-12-31', '2031-01-01'])('MON-2: rejects %s, outside the holiday data', (date) => {
    expect(() => isWorkingDay(england, date)).toThrow(RangeError);
    expect(() => isWorkingDay(england, date)).toThrow(/bank holiday data covers 2020–2030/);
  });

  it('MON-2: rejects an unknown region and a malformed closure day', () => {
    expect(() => isWorkingDay(calendar('wales' as Region), '2024-06-12')).toThrow(/unknown region/);
    expect(() => isWorkingDay(calendar('scotland', ['16/02/2026']), '2024-06-12')).toThrow(
      /"16\/02\/2026" is not a valid ISO date/,
    );
  });
});

describe('nextWorkingDay', () => {
  it.each([
    { cal: england, from: '2024-06-12', expected: '2024-06-13', why: 'a working day moves to the next day' },
    { cal: england, from: '2024-06-14', expected: '2024-06-17', why: 'Friday moves to Monday' },
    {
      cal: england,
      from: '2025-04-17',
      expected: '2025-04-22',
      why: 'Easter in England skips Good Friday and Easter Monday',
    },
    { cal: scotland, from: '2025-04-17', expected: '2025-04-21', why: 'Easter in Scotland skips Good Friday only' },
    { cal: england, from: '2027-12-24', expected: '2027-12-29', why: 'Christmas 2027 skips the substitute days' },
    { cal: scotland, from: '2027-12-31', expected: '2028-01-05', why: 'Scottish New Year 2028 skips 3 and 4 January' },
    {
      cal: calendar('england-and-wales', ['2026-02-16', '2026-02-17']),
      from: '2026-02-13',
      expected: '2026-02-18',
      why: 'closure days are skipped',
    },
  ])('MON-2: $why: $from → $expected', ({ cal, from, expected }) => {
    expect(nextWorkingDay(cal, from)).toBe(expected);
  });

  it('MON-2: throws when the next working day would fall after the holiday data', () => {
    expect(() => nextWorkingDay(england, '2030-12-31')).toThrow(/bank holiday data covers 2020–2030/);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2024-06-12', 0, '2024-06-12', 'n=0 on a working day is that day'],
    ['2024-06-15', 0, '2024-06-17', 'n=0 on a Saturday is the Monday'],
    ['2024-06-14', 1, '2024-06-17', 'one working day after Friday is Monday'],
    ['2024-06-15', 1, '2024-06-17', 'one working day after Saturday is Monday'],
    ['2025-04-14', 5, '2025-04-23', 'five working days across Easter'],
    ['2024-06-03', 10, '2024-06-17', 'two working weeks'],
  ])('MON-2: %s + %i working days = %s (%s)', (from, n, expected) => {
    expect(addWorkingDays(england, from, n)).toBe(expected);
  });

  it('MON-2: counts closure days as non-working', () => {
    expect(addWorkingDays(calendar('england-and-wales', ['2026-02-16']), '2026-02-13', 1)).toBe('2026-02-17');
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('MON-2: rejects n = %s', (n) => {
    expect(() => addWorkingDays(england, '2024-06-12', n)).toThrow(RangeError);
  });
});

describe('londonDate', () => {
  it.each([
    ['2026-01-01T23:30:00Z', '2026-01-01', 'GMT: UTC and London agree'],
    ['2026-07-01T23:30:00Z', '2026-07-02', 'BST: 23:30 UTC is 00:30 the next day in London'],
    ['2026-07-01T22:59:59.999Z', '2026-07-01', 'BST: one millisecond before London midnight'],
    ['2026-03-28T23:59:59.999Z', '2026-03-28', 'the Saturday night before the clocks go forward is GMT'],
    ['2026-10-24T23:30:00Z', '2026-10-25', 'the Saturday night before the clocks go back is still BST'],
  ])('MON-2: %s is %s in London (%s)', (instant, expected) => {
    expect(londonDate(at(instant))).toBe(expected);
  });

  it('MON-2: uses another time zone when given one', () => {
    expect(londonDate(at('2026-01-01T03:00:00Z'), 'America/New_York')).toBe('2025-12-31');
  });

  it('MON-2: rejects an invalid Date', () => {
    expect(() => londonDate(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('londonTimeToInstant', () => {
  it.each([
    ['2026-01-15', '12:00:00.000', '2026-01-15T12:00:00.000Z', 'GMT'],
    ['2026-07-15', '12:00:00.000', '2026-07-15T11:00:00.000Z', 'BST'],
    ['2026-03-28', '23:59:59.999', '2026-03-28T23:59:59.999Z', 'the day before the clocks go forward'],
    ['2026-03-29', '00:30:00.000', '2026-03-29T00:30:00.000Z', 'before 01:00 on the spring-forward day'],
    ['2026-03-29', '03:00:00.000', '2026-03-29T02:00:00.000Z', 'after the spring-forward'],
    ['2026-03-29', '23:59:59.999', '2026-03-29T22:59:59.999Z', 'end of the spring-forward day'],
    ['2026-10-24', '23:59:59.999', '2026-10-24T22:59:59.999Z', 'the day before the clocks go back'],
    ['2026-10-25', '00:30:00.000', '2026-10-24T23:30:00.000Z', 'before the fall-back, still BST'],
    ['2026-10-25', '03:00:00.000', '2026-10-25T03:00:00.000Z', 'after the fall-back'],
    ['2026-10-25', '23:59:59.999', '2026-10-25T23:59:59.999Z', 'end of the fall-back day'],
    ['2026-03-29', '01:30:00.000', '2026-03-29T01:30:00.000Z', 'a skipped time resolves an hour later (02:30 BST)'],
    ['2026-10-25', '01:30:00.000', '2026-10-25T01:30:00.000Z', 'a repeated time resolves to the GMT one'],
  ])('MON-2: %s %s London is %s (%s)', (date, time, expected) => {
    expect(londonTimeToInstant(date, time).toISOString()).toBe(expected);
  });

  it('MON-2: round-trips every hour of both 2026 transition weekends', () => {
    const londonClock = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      timeStyle: 'medium',
      hourCycle: 'h23',
    });
    const hoursBetween = (from: string, to: string) => {
      const instants: Date[] = [];
      for (let ms = Date.parse(from); ms < Date.parse(to); ms += 3_600_000) instants.push(new Date(ms));
      return instants;
    };
    const instants = [
      ...hoursBetween('2026-03-27T00:00:00Z', '2026-03-31T00:00:00Z'),
      // 01:00–01:59 BST on 25 October repeats as GMT and resolves to the GMT one, so skip it.
      ...hoursBetween('2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z').filter(
        (instant) => !instant.toISOString().startsWith('2026-10-25T00'),
      ),
    ];
    for (const instant of instants) {
      const wallClock = `${londonClock.format(instant)}.000`;
      expect(londonTimeToInstant(londonDate(instant), wallClock)).toEqual(instant);
    }
  });

  it.each(['24:00:00.000', '9:00:00.000', '09:00', '09:00:00', '09:60:00.000', '09:00:00.0000'])(
    'MON-2: rejects the malformed time "%s"',
    (time) => {
      expect(() => londonTimeToInstant('2026-01-15', time)).toThrow(RangeError);
    },
  );

  it('MON-2: rejects a malformed date', () => {
    expect(() => londonTimeToInstant('2026-02-30', '12:00:00.000')).toThrow(/not a valid ISO date/);
  });
});

describe('responseDeadline', () => {
  const endOfDay = (isoDate: string) => londonTimeToInstant(isoDate, '23:59:59.999').toISOString();
  const deadline = (cal: WorkingCalendar, receivedAt: string, hours = 24) =>
    responseDeadline(cal, at(receivedAt), hours).toISOString();

  it('MON-2: a comment at 23:59 on the Friday before the early May bank holiday Monday is due 23:59 Saturday (received + 24h)', () => {
    // Friday 1 May 2026 23:59 BST.
    expect(deadline(england, '2026-05-01T22:59:00Z')).toBe('2026-05-02T22:59:00.000Z');
  });

  it('MON-2: a comment at 23:59 on the Thursday before Good Friday is due 23:59 on Good Friday, even though that is a bank holiday', () => {
    // Thursday 17 April 2025 23:59 BST; the clock started on a working day, so it keeps running.
    expect(deadline(england, '2025-04-17T22:59:00Z')).toBe('2025-04-18T22:59:00.000Z');
  });

  it('MON-2: a comment at 23:59 on Good Friday is due at the end of Easter Tuesday in England, Easter Monday in Scotland', () => {
    expect(deadline(england, '2025-04-18T22:59:00Z')).toBe(endOfDay('2025-04-22'));
    expect(deadline(scotland, '2025-04-18T22:59:00Z')).toBe(endOfDay('2025-04-21'));
    expect(endOfDay('2025-04-22')).toBe('2025-04-22T22:59:59.999Z');
  });

  it('MON-2: a Saturday comment is due at the end of Monday', () => {
    expect(deadline(england, '2025-03-08T10:00:00Z')).toBe('2025-03-10T23:59:59.999Z');
  });

  it('MON-2: a Saturday comment before a bank holiday Monday is due at the end of Tuesday', () => {
    expect(deadline(england, '2025-05-03T09:00:00Z')).toBe('2025-05-06T22:59:59.999Z');
  });

  it('MON-2: a comment on Christmas Day 2027 (a Saturday) skips the substitute days 27 and 28 December and is due at the end of 29 December', () => {
    expect(deadline(england, '2027-12-25T12:00:00Z')).toBe('2027-12-29T23:59:59.999Z');
    expect(deadline(scotland, '2027-12-25T12:00:00Z')).toBe('2027-12-29T23:59:59.999Z');
    expect(deadline(northernIreland, '2027-12-25T12:00:00Z')).toBe('2027-12-29T23:59:59.999Z');
  });

  it('MON-2: a comment on Christmas Eve 2027 (Friday) is due 24 hours later, on Christmas Day', () => {
    expect(deadline(england, '2027-12-24T15:00:00Z')).toBe('2027-12-25T15:00:00.000Z');
  });

  it('MON-2: a comment on Easter Monday is due end of Tuesday in England and Wales but 24 hours later in Scotland', () => {
    // Monday 6 April 2026 09:00 BST.
    expect(deadline(england, '2026-04-06T08:00:00Z')).toBe('2026-04-07T22:59:59.999Z');
    expect(deadline(scotland, '2026-04-06T08:00:00Z')).toBe('2026-04-07T08:00:00.000Z');
    expect(deadline(northernIreland, '2026-04-06T08:00:00Z')).toBe('2026-04-07T22:59:59.999Z');
  });

  it('MON-2: a comment on 2 January is due 24 hours later in England but at the end of the next working day in Scotland', () => {
    // Friday 2 January 2026 09:00 GMT: Scotland's next working day is Monday 5 January.
    expect(deadline(england, '2026-01-02T09:00:00Z')).toBe('2026-01-03T09:00:00.000Z');
    expect(deadline(scotland, '2026-01-02T09:00:00Z')).toBe('2026-01-05T23:59:59.999Z');
  });

  it("MON-2: a comment on New Year's Day is due at the end of 2 January in England, the following Monday in Scotland", () => {
    expect(deadline(england, '2026-01-01T09:00:00Z')).toBe('2026-01-02T23:59:59.999Z');
    expect(deadline(scotland, '2026-01-01T09:00:00Z')).toBe('2026-01-05T23:59:59.999Z');
  });

  it("MON-2: a comment on St Patrick's Day is due at the end of 18 March in Northern Ireland, 24 hours later elsewhere", () => {
    // Tuesday 17 March 2026 10:00 GMT.
    expect(deadline(northernIreland, '2026-03-17T10:00:00Z')).toBe('2026-03-18T23:59:59.999Z');
    expect(deadline(england, '2026-03-17T10:00:00Z')).toBe('2026-03-18T10:00:00.000Z');
    expect(deadline(scotland, '2026-03-17T10:00:00Z')).toBe('2026-03-18T10:00:00.000Z');
  });

  it('MON-2: a Saturday comment before the Scottish World Cup holiday is due end of Monday in England, Tuesday in Scotland', () => {
    expect(deadline(england, '2026-06-13T10:00:00Z')).toBe('2026-06-15T22:59:59.999Z');
    expect(deadline(scotland, '2026-06-13T10:00:00Z')).toBe('2026-06-16T22:59:59.999Z');
  });

  describe('closure days', () => {
    const withInset = calendar('england-and-wales', ['2026-02-16']);

    it('MON-2: a comment on a closure day is due at the end of the next working day', () => {
      expect(deadline(withInset, '2026-02-16T08:00:00Z')).toBe('2026-02-17T23:59:59.999Z');
    });

    it('MON-2: a Saturday comment before a Monday closure day is due at the end of Tuesday', () => {
      expect(deadline(withInset, '2026-02-14T10:00:00Z')).toBe('2026-02-17T23:59:59.999Z');
      expect(deadline(england, '2026-02-14T10:00:00Z')).toBe('2026-02-16T23:59:59.999Z');
    });

    it('MON-2: a Friday comment is due 24 hours later even when Monday is a closure day', () => {
      expect(deadline(withInset, '2026-02-13T16:00:00Z')).toBe('2026-02-14T16:00:00.000Z');
    });
  });

  describe('clock changes', () => {
    it('MON-2: a comment on the Saturday before the clocks go forward (2026-03-29) is due 23:59:59.999 BST on Monday', () => {
      expect(deadline(england, '2026-03-28T12:00:00Z')).toBe('2026-03-30T22:59:59.999Z');
    });

    it('MON-2: a comment at 00:30 GMT on the Sunday the clocks go forward is due 23:59:59.999 BST on Monday', () => {
      expect(deadline(england, '2026-03-29T00:30:00Z')).toBe('2026-03-30T22:59:59.999Z');
    });

    it('MON-2: hours are elapsed time, so 72 hours from Friday 09:00 GMT across the spring-forward is Monday 10:00 BST', () => {
      expect(deadline(england, '2026-03-27T09:00:00Z', 72)).toBe('2026-03-30T09:00:00.000Z');
      expect(londonDate(at('2026-03-30T09:00:00Z'))).toBe('2026-03-30');
    });

    it('MON-2: a comment late on the Saturday before the clocks go back (2026-10-25) is due 23:59:59.999 GMT on Monday', () => {
      expect(deadline(england, '2026-10-24T22:30:00Z')).toBe('2026-10-26T23:59:59.999Z');
    });

    it('MON-2: comments in both 01:30s of the Sunday the clocks go back are due 23:59:59.999 GMT on Monday', () => {
      expect(deadline(england, '2026-10-25T00:30:00Z')).toBe('2026-10-26T23:59:59.999Z');
      expect(deadline(england, '2026-10-25T01:30:00Z')).toBe('2026-10-26T23:59:59.999Z');
    });

    it('MON-2: a comment at 00:30 BST on Saturday (23:30 UTC Friday) counts as a Saturday arrival', () => {
      expect(deadline(england, '2026-07-03T23:30:00Z')).toBe('2026-07-06T22:59:59.999Z');
    });

    it('MON-2: a comment at 23:59 BST on Friday (22:59 UTC) counts as a Friday arrival', () => {
      expect(deadline(england, '2026-07-03T22:59:00Z')).toBe('2026-07-04T22:59:00.000Z');
    });

    it('MON-2: the calendar time zone decides the arrival day', () => {
      const utcSchool: WorkingCalendar = { ...england, timeZone: 'UTC' };
      expect(deadline(utcSchool, '2026-07-03T23:30:00Z')).toBe('2026-07-04T23:30:00.000Z');
      expect(deadline(utcSchool, '2026-07-04T10:00:00Z')).toBe('2026-07-06T23:59:59.999Z');
    });
  });

  describe('midnight', () => {
    it('MON-2: a comment at exactly 00:00 on a Saturday is due at the end of Monday', () => {
      // 00:00:00.000 BST on Saturday 9 May 2026.
      expect(deadline(england, '2026-05-08T23:00:00Z')).toBe('2026-05-11T22:59:59.999Z');
    });

    it('MON-2: a comment at exactly 00:00 on a Monday is due at 00:00 Tuesday', () => {
      expect(deadline(england, '2026-05-10T23:00:00Z')).toBe('2026-05-11T23:00:00.000Z');
      expect(deadline(england, '2026-01-12T00:00:00Z')).toBe('2026-01-13T00:00:00.000Z');
    });

    it('MON-2: a comment one millisecond before Monday is a Sunday arrival, due at the end of Monday', () => {
      expect(deadline(england, '2026-05-10T22:59:59.999Z')).toBe('2026-05-11T22:59:59.999Z');
    });
  });

  it('MON-2: a Friday comment whose 24 hours ends on Saturday keeps the Saturday deadline', () => {
    // Friday 12 June 2026 15:00 BST.
    expect(deadline(england, '2026-06-12T14:00:00Z')).toBe('2026-06-13T14:00:00.000Z');
  });

  it('MON-2: a working-day deadline is exactly received + hours, including 0 and fractions', () => {
    expect(deadline(england, '2026-06-10T09:00:00Z', 0)).toBe('2026-06-10T09:00:00.000Z');
    expect(deadline(england, '2026-06-10T09:00:00Z', 1.5)).toBe('2026-06-10T10:30:00.000Z');
    expect(deadline(england, '2026-06-10T09:00:00Z', 48)).toBe('2026-06-12T09:00:00.000Z');
  });

  it('MON-2: a non-working-day arrival is due at the end of the next working day whatever the hours', () => {
    expect(deadline(england, '2026-06-13T10:00:00Z', 1)).toBe('2026-06-15T22:59:59.999Z');
    expect(deadline(england, '2026-06-13T10:00:00Z', 72)).toBe('2026-06-15T22:59:59.999Z');
  });

  describe('invalid input', () => {
    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
      'MON-2: rejects hours = %s',
      (hours) => {
        expect(() => responseDeadline(england, at('2026-06-10T09:00:00Z'), hours)).toThrow(RangeError);
        expect(() => responseDeadline(england, at('2026-06-10T09:00:00Z'), hours)).toThrow(
          /hours must be a finite number/,
        );
      },
    );

    it('MON-2: rejects an invalid receivedAt', () => {
      expect(() => responseDeadline(england, new Date('nope'), 24)).toThrow(/receivedAt is not a valid date/);
    });

    it('MON-2: rejects an unknown region', () => {
      expect(() => responseDeadline(calendar('cornwall' as Region), at('2026-06-10T09:00:00Z'), 24)).toThrow(
        /unknown region "cornwall"/,
      );
    });

    it('MON-2: rejects arrivals outside the holiday data, saying which years are covered', () => {
      expect(() => responseDeadline(england, at('2019-12-31T12:00:00Z'), 24)).toThrow(
        /bank holiday data covers 2020–2030/,
      );
      expect(() => responseDeadline(england, at('2031-01-06T12:00:00Z'), 24)).toThrow(RangeError);
    });

    it('MON-2: a weekend arrival late in 2030 still resolves inside the data', () => {
      expect(deadline(england, '2030-12-28T12:00:00Z')).toBe('2030-12-30T23:59:59.999Z');
    });

    it('MON-2: rejects a non-working-day arrival whose next working day is in 2031', () => {
      const closedOnNewYearsEve = calendar('england-and-wales', ['2030-12-31']);
      expect(() => responseDeadline(closedOnNewYearsEve, at('2030-12-31T10:00:00Z'), 24)).toThrow(
        /bank holiday data covers 2020–2030/,
      );
    });

    it('MON-2: rejects a malformed closure day', () => {
      expect(() => responseDeadline(calendar('scotland', ['2026-2-16']), at('2026-06-10T09:00:00Z'), 24)).toThrow(
        /not a valid ISO date/,
      );
    });
  });
});
