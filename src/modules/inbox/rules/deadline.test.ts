import { describe, expect, it } from 'vitest';
import type { WorkingCalendar } from '../../../platform/calendar/calendar.ts';
import { inboxDeadline, reminderAt, timeLeft } from './deadline.ts';

const england: WorkingCalendar = { region: 'england-and-wales', closureDays: [] };
const at = (iso: string) => new Date(iso);

describe('MON-2: the 24-hour rule', () => {
  it('MON-2: an item arriving on a Wednesday morning is due 24 hours later', () => {
    expect(inboxDeadline(england, at('2026-11-18T09:15:00Z')).toISOString()).toBe('2026-11-19T09:15:00.000Z');
  });

  it('MON-2: an item arriving on a Friday afternoon keeps its 24 hours even though they end on Saturday', () => {
    expect(inboxDeadline(england, at('2026-11-20T15:00:00Z')).toISOString()).toBe('2026-11-21T15:00:00.000Z');
  });

  it('MON-2: an item arriving on Saturday is due by the end of Monday', () => {
    expect(inboxDeadline(england, at('2026-11-21T10:00:00Z')).toISOString()).toBe('2026-11-23T23:59:59.999Z');
  });

  it('MON-2: an item arriving on Sunday night is due by the end of Monday, not 24 hours later', () => {
    expect(inboxDeadline(england, at('2026-11-22T23:30:00Z')).toISOString()).toBe('2026-11-23T23:59:59.999Z');
  });

  it('MON-2: an item arriving on Christmas Day is due by the end of Tuesday 29 December (Boxing Day is moved to Monday 28)', () => {
    expect(inboxDeadline(england, at('2026-12-25T12:00:00Z')).toISOString()).toBe('2026-12-29T23:59:59.999Z');
  });

  it('MON-2: the region matters: 2 January is a bank holiday in Scotland only', () => {
    const scotland: WorkingCalendar = { region: 'scotland', closureDays: [] };
    expect(inboxDeadline(england, at('2026-01-02T10:00:00Z')).toISOString()).toBe('2026-01-03T10:00:00.000Z');
    expect(inboxDeadline(scotland, at('2026-01-02T10:00:00Z')).toISOString()).toBe('2026-01-05T23:59:59.999Z');
  });

  it('MON-2: a closure day (INSET) counts as not working: arrival on it, or before it at the weekend, is due the day after', () => {
    const inset: WorkingCalendar = { region: 'england-and-wales', closureDays: ['2026-11-23'] };
    expect(inboxDeadline(inset, at('2026-11-21T10:00:00Z')).toISOString()).toBe('2026-11-24T23:59:59.999Z');
    expect(inboxDeadline(inset, at('2026-11-23T09:00:00Z')).toISOString()).toBe('2026-11-24T23:59:59.999Z');
  });

  it('MON-2: the clocks going back (Sunday 25 October 2026): due by the end of Monday in GMT', () => {
    // 01:30 BST on the Sunday, before the change
    expect(inboxDeadline(england, at('2026-10-25T00:30:00Z')).toISOString()).toBe('2026-10-26T23:59:59.999Z');
  });

  it('MON-2: the clocks going forward (Sunday 29 March 2026): due by the end of Monday in BST, an hour earlier in UTC', () => {
    expect(inboxDeadline(england, at('2026-03-29T00:30:00Z')).toISOString()).toBe('2026-03-30T22:59:59.999Z');
  });

  it('MON-2: a Saturday by UTC that is already Saturday in London counts as the weekend (23:30 UTC Friday in summer)', () => {
    // 2026-06-19 is a Friday; 23:30 UTC is 00:30 BST on Saturday
    expect(inboxDeadline(england, at('2026-06-19T23:30:00Z')).toISOString()).toBe('2026-06-22T22:59:59.999Z');
  });

  it('MON-2: the reminder comes 4 hours before the deadline, never before the item arrived', () => {
    expect(reminderAt(at('2026-11-18T09:00:00Z'), at('2026-11-19T09:00:00Z')).toISOString()).toBe(
      '2026-11-19T05:00:00.000Z',
    );
    expect(reminderAt(at('2026-11-18T09:00:00Z'), at('2026-11-18T10:00:00Z')).toISOString()).toBe(
      '2026-11-18T09:00:00.000Z',
    );
  });

  it('MON-2: time left reads as hours and minutes, and as overdue once passed', () => {
    const due = at('2026-11-19T09:00:00Z');
    expect(timeLeft(due, at('2026-11-18T09:00:00Z'))).toEqual({ text: '1 day left', overdue: false, soon: false });
    expect(timeLeft(due, at('2026-11-19T05:40:00Z'))).toEqual({
      text: '3 hours 20 minutes left',
      overdue: false,
      soon: true,
    });
    expect(timeLeft(due, at('2026-11-19T11:00:00Z'))).toEqual({
      text: 'Overdue by 2 hours',
      overdue: true,
      soon: false,
    });
    expect(timeLeft(due, at('2026-11-19T09:00:20Z')).text).toBe('Overdue by 1 minute');
  });
});
