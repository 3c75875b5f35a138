import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { CannotOpenError, openCredentials, reseal, sealCredentials } from './seal.ts';
import { decryptSecret, deriveKey } from '../../../platform/crypto/keys.ts';

const details = {
  username: 'history@harbourbridge.sch.uk',
  password: 'correct-Horse-battery-9',
  notes: 'Recovery codes in the safe',
};

describe('sealing sign-in details (ACC-4)', () => {
  it('ACC-4: sealed details open with the same master key, and the sealed text holds none of them', () => {
    const master = randomBytes(32);
    const sealed = sealCredentials(master, details);
    expect(sealed).toMatch(/^v1\./);
    for (const part of Object.values(details)) expect(sealed).not.toContain(part);
    expect(Buffer.from(sealed.split('.')[3]!, 'base64url').toString('latin1')).not.toContain(details.password);
    expect(openCredentials(master, sealed)).toEqual(details);
    expect(sealCredentials(master, details)).not.toBe(sealed);
  });

  it('ACC-4: another master key, or a key for another purpose, cannot open them', () => {
    const master = randomBytes(32);
    const sealed = sealCredentials(master, details);
    expect(() => openCredentials(randomBytes(32), sealed)).toThrow(CannotOpenError);
    expect(() => decryptSecret(deriveKey(master, 'session-cookie'), sealed)).toThrow();
    expect(() => openCredentials(master, sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA'))).toThrow(
      CannotOpenError,
    );
  });

  it('ACC-4: resealing moves details to a new key: they open with the new key and no longer with the old', () => {
    const current = randomBytes(32);
    const next = randomBytes(32);
    const moved = reseal(current, next, sealCredentials(current, details));
    expect(openCredentials(next, moved)).toEqual(details);
    expect(() => openCredentials(current, moved)).toThrow(CannotOpenError);
    expect(() => reseal(next, current, sealCredentials(current, details))).toThrow(CannotOpenError);
  });
});
