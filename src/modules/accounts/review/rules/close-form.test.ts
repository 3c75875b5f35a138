import { describe, expect, it } from 'vitest';
import { readClose } from './close-form.ts';

const facts = { today: '2027-03-10', activatedOn: '2026-09-01' };
const messages = (form: Parameters<typeof readClose>[0], f = facts) => {
  const r = readClose(form, f);
  return r.ok ? [] : r.errors.map((e) => `${e.href} ${e.text}`);
};

describe('closing an account', () => {
  it('ACC-6: a reason and no date closes it today', () => {
    expect(readClose({ reason: '  The trip is over.  ' }, facts)).toEqual({
      ok: true,
      value: { reason: 'The trip is over.', closedOn: '2027-03-10' },
    });
  });

  it('ACC-6: a past date, or today, is kept', () => {
    expect(readClose({ reason: 'Over', closedDay: '1', closedMonth: '3', closedYear: '2027' }, facts)).toEqual({
      ok: true,
      value: { reason: 'Over', closedOn: '2027-03-01' },
    });
    expect(readClose({ reason: 'Over', closedDay: '10', closedMonth: '3', closedYear: '2027' }, facts)).toMatchObject({
      ok: true,
      value: { closedOn: '2027-03-10' },
    });
    expect(readClose({ reason: 'Over', closedDay: '1', closedMonth: '9', closedYear: '2026' }, facts)).toMatchObject({
      ok: true,
      value: { closedOn: '2026-09-01' },
    });
  });

  it('ACC-6: no reason, a future date, a date before set-up and a date that is not real are refused', () => {
    expect(messages({ reason: '   ' })).toEqual(['#reason Enter why the account is closing']);
    expect(messages({ reason: 'x'.repeat(2001) })).toEqual(['#reason The reason must be 2,000 characters or fewer']);
    expect(messages({ reason: 'Over', closedDay: '11', closedMonth: '3', closedYear: '2027' })).toEqual([
      '#closedOn The date it closed cannot be in the future',
    ]);
    expect(messages({ reason: 'Over', closedDay: '31', closedMonth: '8', closedYear: '2026' })).toEqual([
      '#closedOn The date it closed cannot be before the account was set up on 1 September 2026',
    ]);
    expect(messages({ reason: 'Over', closedDay: '30', closedMonth: '2', closedYear: '2027' })).toEqual([
      '#closedOn The date it closed must be a real date',
    ]);
    expect(messages({ reason: 'Over', closedDay: '3', closedMonth: '', closedYear: '2027' })).toEqual([
      '#closedOn The date it closed must include a day, month and year',
    ]);
    expect(messages({ reason: '', closedDay: '11', closedMonth: '3', closedYear: '2027' })).toEqual([
      '#reason Enter why the account is closing',
      '#closedOn The date it closed cannot be in the future',
    ]);
  });

  it('ACC-6: an account with no set-up date can be closed on any past date', () => {
    expect(
      readClose(
        { reason: 'Over', closedDay: '1', closedMonth: '1', closedYear: '2020' },
        { today: '2027-03-10', activatedOn: null },
      ),
    ).toMatchObject({ ok: true, value: { closedOn: '2020-01-01' } });
  });
});
