// Pure rules for the second factor (AUTH-2): the time is passed in.
import * as OTPAuth from 'otpauth';
import { createHash, randomBytes } from 'node:crypto';

/** Revealing sign-in details or opening a restricted record asks again after this long. */
export const RECENT_CHECK_MS = 15 * 60_000;

export function isRecent(checkedAt: number | undefined, now: Date): boolean {
  return typeof checkedAt === 'number' && now.getTime() - checkedAt <= RECENT_CHECK_MS && checkedAt <= now.getTime();
}

/** `amr` values (RFC 8176) that mean the provider itself asked for more than a password. */
const SECOND_FACTOR_AMR = ['mfa', 'otp', 'hwk', 'swk', 'fido', 'sc', 'face', 'fpt'];

export function amrShowsSecondFactor(amr: unknown): boolean {
  return Array.isArray(amr) && amr.some((v) => typeof v === 'string' && SECOND_FACTOR_AMR.includes(v));
}

const PERIOD = 30;

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export function totpFor(secretBase32: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'Postwarden',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

/** The code an authenticator app shows at `now` (used by the demo page and the tests' own arithmetic). */
export function totpCode(secretBase32: string, now: Date): string {
  return totpFor(secretBase32, 'x').generate({ timestamp: now.getTime() });
}

/**
 * The time step a code belongs to, if it is right within one step either side of `now` and later
 * than the last step used (a code is accepted once), else null.
 */
export function acceptedStep(
  secretBase32: string,
  code: string,
  now: Date,
  lastUsedStep: number | null,
): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secretBase32, 'x').validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return null;
  return step;
}

export const RECOVERY_CODE_COUNT = 10;

/** Ten codes like `k3f9-2m8q-x7pd`: easy to read aloud and type, 60 bits each. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'; // 32 characters, so every byte maps evenly
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => alphabet[b & 31]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
}

/** A recovery code is 12 letters and digits once spaces and dashes are dropped; a TOTP code is 6 digits. */
export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{12}$/.test(normaliseRecoveryCode(code)) && !/^\d{6}$/.test(code.trim());
}
