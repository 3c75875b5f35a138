import { describe, expect, it } from 'vitest';
import { ROLE_NAMES, roleNeedsSecondFactor } from '../permissions.ts';
import {
  acceptedStep,
  amrShowsSecondFactor,
  hashRecoveryCode,
  isRecent,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  totpCode,
} from './rules.ts';

// RFC 6238 appendix B: the SHA-1 key "12345678901234567890", in base32.
const RFC_KEY = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('authenticator-app codes (AUTH-2)', () => {
  it('AUTH-2: codes are the RFC 6238 test vectors at their fixed times (last six digits)', () => {
    expect(totpCode(RFC_KEY, new Date(59_000))).toBe('287082');
    expect(totpCode(RFC_KEY, new Date(1111111109_000))).toBe('081804');
    expect(totpCode(RFC_KEY, new Date(1234567890_000))).toBe('005924');
    expect(totpCode(RFC_KEY, new Date(2000000000_000))).toBe('279037');
  });

  it('AUTH-2: a code is accepted in its own 30 seconds and one step either side, not two', () => {
    const at = new Date(1111111109_000);
    const step = Math.floor(1111111109 / 30);
    expect(acceptedStep(RFC_KEY, '081804', at, null)).toBe(step);
    expect(acceptedStep(RFC_KEY, '081804', new Date(at.getTime() + 30_000), null)).toBe(step);
    expect(acceptedStep(RFC_KEY, '081804', new Date(at.getTime() - 30_000), null)).toBe(step);
    expect(acceptedStep(RFC_KEY, '081804', new Date(at.getTime() + 61_000), null)).toBeNull();
    expect(acceptedStep(RFC_KEY, '081 804', at, null)).toBe(step);
    expect(acceptedStep(RFC_KEY, '081805', at, null)).toBeNull();
    expect(acceptedStep(RFC_KEY, 'abcdef', at, null)).toBeNull();
  });

  it('AUTH-2: a code whose step was already used (or an earlier one) is refused: each code works once', () => {
    const at = new Date(1111111109_000);
    const step = Math.floor(1111111109 / 30);
    expect(acceptedStep(RFC_KEY, '081804', at, step)).toBeNull();
    expect(acceptedStep(RFC_KEY, '081804', at, step + 1)).toBeNull();
    expect(acceptedStep(RFC_KEY, '081804', at, step - 1)).toBe(step);
  });

  it('AUTH-2: the last check is recent for 15 minutes, not a moment longer, and never from the future', () => {
    const now = new Date('2026-11-18T10:00:00Z');
    expect(isRecent(undefined, now)).toBe(false);
    expect(isRecent(now.getTime() - 15 * 60_000, now)).toBe(true);
    expect(isRecent(now.getTime() - 15 * 60_000 - 1, now)).toBe(false);
    expect(isRecent(now.getTime() + 1000, now)).toBe(false);
  });

  it('AUTH-2: amr values that mean the provider asked for a second factor count; a password alone does not', () => {
    expect(amrShowsSecondFactor(['pwd', 'mfa'])).toBe(true);
    expect(amrShowsSecondFactor(['hwk'])).toBe(true);
    expect(amrShowsSecondFactor(['pwd'])).toBe(false);
    expect(amrShowsSecondFactor('mfa')).toBe(false);
    expect(amrShowsSecondFactor(undefined)).toBe(false);
  });

  it('AUTH-2: ten recovery codes, all different, hashed the same however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) {
      expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
      expect(looksLikeRecoveryCode(c)).toBe(true);
      expect(hashRecoveryCode(c.toUpperCase().replace(/-/g, ' '))).toBe(hashRecoveryCode(c));
    }
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});

describe('who needs a second factor (AUTH-2), derived from permissions.ts', () => {
  it('AUTH-2: every role that can see restricted information needs one; the others do not', () => {
    const needing = ROLE_NAMES.filter(roleNeedsSecondFactor).sort();
    expect(needing).toEqual(
      [
        'account_admin',
        'chair_of_governors',
        'deputy_dsl',
        'dsl',
        'headteacher',
        'hr',
        'school_admin',
        'slt',
        'trust_admin',
        'trust_leader',
      ].sort(),
    );
  });
});
