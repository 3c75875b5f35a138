import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_LIMIT,
  ADDRESS_LIMIT,
  addressSubject,
  afterFailure,
  howLong,
  pauseAfter,
  pausedMessage,
  pausedUntil,
  timeOfDay,
  type LimitState,
} from './rules.ts';

const MINUTE = 60_000;
const T0 = new Date('2026-11-18T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** n failures, one a second from T0. */
function failures(policy = ACCOUNT_LIMIT, n: number, start = T0): LimitState | undefined {
  let state: LimitState | undefined;
  for (let i = 0; i < n; i++) state = afterFailure(policy, state, new Date(start.getTime() + i * 1000));
  return state;
}

describe('sign-in limits', () => {
  it('ISSUE-8.6: an account pauses after its 5th failure for 1 minute, then 2, 4, 8, 16, and never more than 30', () => {
    expect([1, 2, 3, 4].map((n) => pauseAfter(ACCOUNT_LIMIT, n))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11, 50, 10_000].map((n) => pauseAfter(ACCOUNT_LIMIT, n) / MINUTE)).toEqual([
      1, 2, 4, 8, 16, 30, 30, 30, 30,
    ]);
  });

  it('ISSUE-8.6: an address allows 50 failures before pausing, and pauses for at most 15 minutes', () => {
    expect(pauseAfter(ADDRESS_LIMIT, 49)).toBe(0);
    expect([50, 51, 52, 53, 54, 1000].map((n) => pauseAfter(ADDRESS_LIMIT, n) / MINUTE)).toEqual([1, 2, 4, 8, 15, 15]);
  });

  it('ISSUE-8.6: four failures leave the account open; the fifth pauses it until a minute after', () => {
    const four = failures(ACCOUNT_LIMIT, 4)!;
    expect(four.failures).toBe(4);
    expect(pausedUntil(four, at(4000))).toBeNull();
    const five = afterFailure(ACCOUNT_LIMIT, four, at(4000));
    expect(pausedUntil(five, at(4000))).toEqual(at(4000 + MINUTE));
    expect(pausedUntil(five, at(4000 + MINUTE - 1))).toEqual(at(4000 + MINUTE));
    expect(pausedUntil(five, at(4000 + MINUTE))).toBeNull();
  });

  it('ISSUE-8.6: each failure after the pause doubles the next one', () => {
    let state = failures(ACCOUNT_LIMIT, 5)!;
    const pauses: number[] = [];
    let now = state.pausedUntil!;
    for (let i = 0; i < 4; i++) {
      state = afterFailure(ACCOUNT_LIMIT, state, now);
      pauses.push((state.pausedUntil!.getTime() - now.getTime()) / MINUTE);
      now = state.pausedUntil!;
    }
    expect(pauses).toEqual([2, 4, 8, 16]);
  });

  it('ISSUE-8.6: the count starts again when the window that began with the first failure is over', () => {
    const five = failures(ACCOUNT_LIMIT, 5)!;
    const nextDay = afterFailure(ACCOUNT_LIMIT, five, at(24 * 60 * MINUTE));
    expect(nextDay).toEqual({
      failures: 1,
      windowStartedAt: at(24 * 60 * MINUTE),
      lastFailureAt: at(24 * 60 * MINUTE),
      pausedUntil: null,
    });
    const sameDay = afterFailure(ACCOUNT_LIMIT, five, at(24 * 60 * MINUTE - 1));
    expect(sameDay.failures).toBe(6);
    expect(sameDay.windowStartedAt).toEqual(T0);
  });

  it('ISSUE-8.6: a mistyped password every two minutes at one address, all day, never pauses it (the window restarts each hour)', () => {
    let state: LimitState | undefined;
    for (let minute = 0; minute < 24 * 60; minute += 2) {
      state = afterFailure(ADDRESS_LIMIT, state, at(minute * MINUTE));
      expect(pausedUntil(state, at(minute * MINUTE)), `minute ${minute}`).toBeNull();
    }
  });

  it('ISSUE-8.6: no state means not paused', () => {
    expect(pausedUntil(undefined, T0)).toBeNull();
    expect(pausedUntil({ failures: 0, windowStartedAt: T0, lastFailureAt: T0, pausedUntil: null }, T0)).toBeNull();
  });

  it('ISSUE-8.6: IPv4 addresses count one by one; an IPv6 /64 counts as one address', () => {
    expect(addressSubject('203.0.113.7')).toBe('203.0.113.7');
    expect(addressSubject('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressSubject('::FFFF:203.0.113.7')).toBe('203.0.113.7');
    expect(addressSubject('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3:8d3::/64');
    expect(addressSubject('2001:0db8:85a3:08d3:ffff:ffff:ffff:ffff')).toBe('2001:db8:85a3:8d3::/64');
    expect(addressSubject('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressSubject('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(addressSubject('::1')).toBe('0:0:0:0::/64');
    expect(addressSubject('fe80::1:2:3:4')).toBe('fe80:0:0:0::/64');
    expect(addressSubject('2001:db8:1:2::')).toBe(addressSubject('2001:db8:1:2:aaaa:bbbb:cccc:dddd'));
    expect(addressSubject('2001:db8:1:2::')).not.toBe(addressSubject('2001:db8:1:3::'));
    expect(addressSubject('')).toBe('');
    expect(addressSubject('not-an-address')).toBe('not-an-address');
  });

  it('ISSUE-8.6: the time to try again is UK time, rounded up to the minute, in GOV.UK style', () => {
    expect(timeOfDay(new Date('2026-11-18T10:07:00Z'))).toBe('10:07am');
    expect(timeOfDay(new Date('2026-11-18T10:07:01Z'))).toBe('10:08am');
    expect(timeOfDay(new Date('2026-07-18T10:07:00Z'))).toBe('11:07am'); // British Summer Time
    expect(timeOfDay(new Date('2026-11-18T12:00:00Z'))).toBe('12:00pm');
    expect(timeOfDay(new Date('2026-11-18T00:30:00Z'))).toBe('12:30am');
    expect(timeOfDay(new Date('2026-11-18T15:45:00Z'))).toBe('3:45pm');
  });

  it('ISSUE-8.6: how long is said in whole minutes or hours', () => {
    expect(howLong(1)).toBe('1 minute');
    expect(howLong(MINUTE)).toBe('1 minute');
    expect(howLong(MINUTE + 1)).toBe('2 minutes');
    expect(howLong(30 * MINUTE)).toBe('30 minutes');
    expect(howLong(60 * MINUTE)).toBe('1 hour');
    expect(howLong(120 * MINUTE)).toBe('2 hours');
    expect(howLong(90 * MINUTE)).toBe('90 minutes');
  });

  it('ISSUE-8.6: the message says what happened and when to try again, for an account and for a network, without blame', () => {
    const account = pausedMessage('account', at(2 * MINUTE), T0);
    expect(account).toBe(
      'There have been several unsuccessful attempts to sign in with this email address, so signing in with it is paused until 10:02am (in 2 minutes). Try again then, or reset your password to sign in straight away.',
    );
    const network = pausedMessage('address', at(15 * MINUTE), T0);
    expect(network).toContain('from the network you are using');
    expect(network).toContain('paused until 10:15am (in 15 minutes)');
    for (const text of [account, network]) expect(text).not.toMatch(/\byou have tried\b|too many times/i);
  });
});
