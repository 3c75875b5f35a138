import { decryptSecret, deriveKey, encryptSecret } from '../../../platform/crypto/keys.ts';
import { parseCredentials, serialiseCredentials, type Credentials } from './rules/credentials.ts';

/**
 * Sealing an account's sign-in details (ACC-4): AES-256-GCM under a key derived from the instance's
 * master key for this one purpose, so the session key never doubles as the credentials key.
 */
export const CREDENTIALS_PURPOSE = 'account-credentials';

/** The master key in use cannot open a stored secret: the wrong key, or the secret was altered. */
export class CannotOpenError extends Error {
  constructor() {
    super('The stored sign-in details cannot be opened with this installation’s secret key.');
  }
}

export function sealCredentials(masterKey: Buffer, credentials: Credentials): string {
  return encryptSecret(deriveKey(masterKey, CREDENTIALS_PURPOSE), serialiseCredentials(credentials));
}

export function openCredentials(masterKey: Buffer, sealed: string): Credentials {
  let text: string;
  try {
    text = decryptSecret(deriveKey(masterKey, CREDENTIALS_PURPOSE), sealed);
  } catch {
    throw new CannotOpenError();
  }
  return parseCredentials(text);
}

/** The same details sealed under another master key (key rotation); throws CannotOpenError with the wrong current key. */
export function reseal(currentKey: Buffer, newKey: Buffer, sealed: string): string {
  let text: string;
  try {
    text = decryptSecret(deriveKey(currentKey, CREDENTIALS_PURPOSE), sealed);
  } catch {
    throw new CannotOpenError();
  }
  return encryptSecret(deriveKey(newKey, CREDENTIALS_PURPOSE), text);
}
