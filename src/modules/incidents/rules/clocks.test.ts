import { describe, expect, it } from 'vitest';
import type { WorkingCalendar } from '../../../platform/calendar/calendar.ts';
import {
  breachDecisionDue,
  clockState,
  endOfWorkingDay,
  ladoReferralDue,
  reminderAt,
  removalCheckDue,
  supportDue,
  takedownDue,
  timeLeftText,
  triageDue,
} from './clocks.ts';

const cal: WorkingCalendar = { region: 'england-and-wales', closureDays: ['2026-12-21'] };
const at = (s: string) => new Date(s);

describe('the clocks a case keeps (INC-3, INC-4, INC-9)', () => {
  it('INC-4: the LADO referral is due at the end of the next working day, across a weekend and a bank holiday', () => {
    // Thursday 23:59 → Friday 17:00 (GMT).
    expect(ladoReferralDue(cal, at('2026-11-19T23:59:00Z')).toISOString()).toBe('2026-11-20T17:00:00.000Z');
    // Friday 23:59 before Christmas: Mon 21 is a closure day, 25 and 28 Dec are bank holidays → Tue 22.
    expect(ladoReferralDue(cal, at('2026-12-18T23:59:00Z')).toISOString()).toBe('2026-12-22T17:00:00.000Z');
    // Thursday 24 Dec → 25 (Christmas), 26–27 weekend, 28 (Boxing Day substitute) → Tuesday 29.
    expect(ladoReferralDue(cal, at('2026-12-24T09:00:00Z')).toISOString()).toBe('2026-12-29T17:00:00.000Z');
    // In summer time, 17:00 local is 16:00 UTC.
    expect(ladoReferralDue(cal, at('2026-06-10T08:00:00Z')).toISOString()).toBe('2026-06-11T16:00:00.000Z');
  });

  it('INC-9: the breach clock is 72 calendar hours from awareness, weekends and holidays included', () => {
    expect(breachDecisionDue(at('2026-12-24T09:00:00Z')).toISOString()).toBe('2026-12-27T09:00:00.000Z');
    // Across the October clock change: 72 real hours, not three wall-clock days.
    expect(breachDecisionDue(at('2026-10-24T09:00:00Z')).toISOString()).toBe('2026-10-27T09:00:00.000Z');
  });

  it('INC-3: a takedown request is due 24 hours after a weekday report, or at the end of the next working day after a weekend one', () => {
    expect(takedownDue(cal, at('2026-11-18T10:00:00Z'), 24).toISOString()).toBe('2026-11-19T10:00:00.000Z');
    expect(takedownDue(cal, at('2026-11-21T10:00:00Z'), 24).toISOString()).toBe('2026-11-23T23:59:59.999Z');
    expect(takedownDue(cal, at('2026-11-18T10:00:00Z'), 48).toISOString()).toBe('2026-11-20T10:00:00.000Z');
  });

  it('INC-3: the removal check is two working days after the request; support within two working days', () => {
    expect(removalCheckDue(cal, at('2026-11-20T15:00:00Z')).toISOString()).toBe('2026-11-24T17:00:00.000Z');
    expect(supportDue(cal, at('2026-11-18T10:00:00Z')).toISOString()).toBe('2026-11-20T17:00:00.000Z');
  });

  it('INC-1: urgent triage is within the hour, whatever the day; the rest by the end of the next working day', () => {
    expect(triageDue(cal, at('2026-11-21T22:30:00Z'), true).toISOString()).toBe('2026-11-21T23:30:00.000Z');
    expect(triageDue(cal, at('2026-11-21T22:30:00Z'), false).toISOString()).toBe('2026-11-23T17:00:00.000Z');
    expect(endOfWorkingDay(cal, at('2026-11-18T10:00:00Z'), 0).toISOString()).toBe('2026-11-18T17:00:00.000Z');
  });

  it('INC-3: reminders come a quarter of the time before, between 15 minutes and a day, never before the clock started', () => {
    expect(reminderAt(at('2026-11-18T10:00:00Z'), at('2026-11-18T11:00:00Z')).toISOString()).toBe(
      '2026-11-18T10:45:00.000Z',
    );
    expect(reminderAt(at('2026-11-18T10:00:00Z'), at('2026-11-18T10:10:00Z')).toISOString()).toBe(
      '2026-11-18T10:00:00.000Z',
    );
    expect(reminderAt(at('2026-11-18T10:00:00Z'), at('2026-11-21T10:00:00Z')).toISOString()).toBe(
      '2026-11-20T16:00:00.000Z',
    );
    expect(reminderAt(at('2026-11-01T10:00:00Z'), at('2026-11-21T10:00:00Z')).toISOString()).toBe(
      '2026-11-20T10:00:00.000Z',
    );
  });

  it('INC-3: a clock reads as done, overdue, due soon or running, with the time left in words', () => {
    const due = at('2026-11-18T12:00:00Z');
    expect(clockState(due, at('2026-11-18T13:00:00Z'), true)).toBe('done');
    expect(clockState(due, at('2026-11-18T12:00:01Z'), false)).toBe('overdue');
    expect(clockState(due, at('2026-11-18T09:00:00Z'), false)).toBe('due-soon');
    expect(clockState(due, at('2026-11-18T07:00:00Z'), false)).toBe('running');
    expect(timeLeftText(due, at('2026-11-18T11:30:00Z'))).toBe('30 minutes left');
    expect(timeLeftText(due, at('2026-11-18T11:00:00Z'))).toBe('1 hour left');
    expect(timeLeftText(due, at('2026-11-21T12:00:00Z'))).toBe('3 days overdue');
  });
});
