import { describe, expect, it } from 'vitest';
import { checkRecord, monitoringState, NO_REASON, parseDay, type RecordForm } from './record.ts';

const day = (iso: string) => ({ day: iso.slice(8), month: iso.slice(5, 7), year: iso.slice(0, 4) });
const form = (over: Partial<RecordForm> = {}): RecordForm => ({
  subjectId: 'p1',
  reason: 'Reported use of a school laptop to message a pupil',
  systems: 'School email and web browsing',
  starts: day('2026-11-18'),
  ends: day('2027-01-31'),
  ...over,
});
const subjects = new Set(['p1']);

describe('GOV-2: a monitoring record', () => {
  it('GOV-2: a complete record is accepted as it is', () => {
    expect(checkRecord(form(), '2026-11-18', subjects)).toEqual({
      errors: [],
      input: {
        subjectId: 'p1',
        reason: 'Reported use of a school laptop to message a pupil',
        systems: 'School email and web browsing',
        startsOn: '2026-11-18',
        endsOn: '2027-01-31',
      },
    });
  });

  it('GOV-2: a record without a reason is refused with a clear message (blank or spaces alike)', () => {
    for (const reason of ['', '   \n ']) {
      const { input, errors } = checkRecord(form({ reason }), '2026-11-18', subjects);
      expect(input).toBeUndefined();
      expect(errors).toEqual([{ href: '#reason', text: NO_REASON }]);
    }
  });

  it('GOV-2: someone not on the school’s staff, dates that are not dates, an end before the start or beyond a year', () => {
    expect(checkRecord(form({ subjectId: 'other' }), '2026-11-18', subjects).errors[0]!.href).toBe('#subjectId');
    expect(
      checkRecord(form({ starts: { day: '31', month: '2', year: '2027' } }), '2026-11-18', subjects).errors,
    ).toEqual([{ href: '#starts-day', text: 'The date monitoring starts must be a real date, like 27 3 2027' }]);
    expect(checkRecord(form({ ends: day('2026-11-01') }), '2026-11-18', subjects).errors[0]!.text).toMatch(
      /on or after/,
    );
    expect(checkRecord(form({ ends: day('2027-12-01') }), '2026-11-18', subjects).errors[0]!.text).toMatch(/12 months/);
    expect(checkRecord(form({ starts: day('2026-01-01') }), '2026-11-18', subjects).errors[0]!.text).toMatch(
      /last month/,
    );
  });

  it('GOV-2: parseDay reads the three boxes', () => {
    expect(parseDay({ day: '7', month: '3', year: '2027' }, 'x')).toBe('2027-03-07');
    expect(parseDay({ day: '', month: '', year: '' }, 'it ends')).toEqual(['Enter the date it ends']);
  });

  it('GOV-2: due to end within a week, past its end, or ended', () => {
    expect(monitoringState({ ended_at: null, ends_on: '2026-12-31' }, '2026-11-18')).toBe('active');
    expect(monitoringState({ ended_at: null, ends_on: '2026-11-25' }, '2026-11-18')).toBe('ending-soon');
    expect(monitoringState({ ended_at: null, ends_on: '2026-11-17' }, '2026-11-18')).toBe('past-end');
    expect(monitoringState({ ended_at: new Date(), ends_on: '2026-11-17' }, '2026-11-18')).toBe('ended');
  });
});
