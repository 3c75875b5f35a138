import { describe, expect, it } from 'vitest';
import { STATUS_ORDER } from '../../model.ts';
import { ACTIONS, isLive, notLiveMessage } from './live.ts';

describe('what only a live account allows (ACC-5, ACC-6)', () => {
  it('ACC-6: only active accounts and accounts under review are live', () => {
    expect(STATUS_ORDER.filter(isLive)).toEqual(['active', 'under_review']);
  });

  it('ACC-6: a closed account says when it closed and what can no longer be done', () => {
    expect(notLiveMessage({ status: 'closed', closed_on: '2027-03-01' }, 'review')).toBe(
      'This account was closed on 1 March 2027, so it cannot be reviewed',
    );
    expect(notLiveMessage({ status: 'closed', closed_on: '2027-03-01' }, 'close')).toBe(
      'This account was closed on 1 March 2027, so it cannot be closed again',
    );
    expect(notLiveMessage({ status: 'closed', closed_on: '2027-03-01' }, 'handover')).toBe(
      'This account was closed on 1 March 2027, so it no longer needs a handover',
    );
  });

  it('ACC-6: an account not yet live says its status', () => {
    expect(notLiveMessage({ status: 'approved', closed_on: null }, 'operators')).toBe(
      'This account is not live (approved, to be set up), so who runs it cannot be changed yet',
    );
    for (const status of STATUS_ORDER.filter((s) => !isLive(s))) {
      for (const action of Object.keys(ACTIONS) as (keyof typeof ACTIONS)[])
        expect(notLiveMessage({ status, closed_on: null }, action)).toMatch(/^This account (is not live|was closed)/);
    }
  });
});
