import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptSecret, deriveKey, encryptSecret, loadMasterKey } from '../../src/platform/crypto/keys.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../../src/platform/auth/passwords.ts';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-crypto-'));
  tempDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Flips one bit of one base64url part of a sealed secret (v1.<nonce>.<tag>.<body>). */
function flipBit(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('stored secrets (encryption at rest)', () => {
  const master = Buffer.alloc(32, 7);
  const key = deriveKey(master, 'stored-secrets');

  it('ORG-1: a secret sealed with encryptSecret opens with decryptSecret, and the sealed text does not contain it', () => {
    const secret = 'app-password: horse-staple-42 £ ünïcødé';
    const sealed = encryptSecret(key, secret);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/);
    expect(sealed).not.toContain('horse-staple');
    expect(decryptSecret(key, sealed)).toBe(secret);
    // A fresh nonce every time: sealing the same secret twice gives different text, both of which open.
    const again = encryptSecret(key, secret);
    expect(again).not.toBe(sealed);
    expect(decryptSecret(key, again)).toBe(secret);
    expect(decryptSecret(key, encryptSecret(key, ''))).toBe('');
  });

  it('ORG-1: a tampered ciphertext, nonce or tag, a wrong key, or a malformed value is refused', () => {
    const sealed = encryptSecret(key, 'a secret worth protecting');
    expect(() => decryptSecret(key, flipBit(sealed, 3))).toThrow();
    expect(() => decryptSecret(key, flipBit(sealed, 2))).toThrow();
    expect(() => decryptSecret(key, flipBit(sealed, 1))).toThrow();
    expect(() => decryptSecret(deriveKey(master, 'another-purpose'), sealed)).toThrow();
    expect(() => decryptSecret(key, sealed.replace(/^v1\./, 'v2.'))).toThrow('Not a sealed secret');
    expect(() => decryptSecret(key, 'plain text')).toThrow('Not a sealed secret');
  });

  it('ORG-1: keys derived for different purposes differ, and the same purpose always gives the same key', () => {
    expect(deriveKey(master, 'session-cookie').equals(deriveKey(master, 'stored-secrets'))).toBe(false);
    expect(deriveKey(master, 'session-cookie').equals(deriveKey(Buffer.from(master), 'session-cookie'))).toBe(true);
    expect(deriveKey(master, 'session-cookie')).toHaveLength(32);
  });
});

describe('the master key', () => {
  it('ORG-1: without POSTWARDEN_SECRET_KEY a key file is made on first run, readable by the owner only, and reused after', () => {
    const dataDir = path.join(tempDir(), 'data'); // does not exist yet
    const first = loadMasterKey(undefined, dataDir);
    const file = path.join(dataDir, 'secret.key');
    expect(first).toHaveLength(32);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(first.toString('hex'));
    const second = loadMasterKey(undefined, dataDir);
    expect(second.equals(first)).toBe(true);
    // What was sealed before a restart opens after it.
    const sealed = encryptSecret(deriveKey(first, 'stored-secrets'), 'survives a restart');
    expect(decryptSecret(deriveKey(second, 'stored-secrets'), sealed)).toBe('survives a restart');
    // Another instance gets another key.
    expect(loadMasterKey(undefined, tempDir()).equals(first)).toBe(false);
  });

  it('ORG-1: POSTWARDEN_SECRET_KEY is used as given and no key file is written', () => {
    const dataDir = tempDir();
    const hex = 'ab'.repeat(32);
    expect(loadMasterKey(hex, dataDir).toString('hex')).toBe(hex);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(false);
  });

  it('ORG-1: a damaged key file stops start-up with a message naming the file, and is not replaced', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'secret.key');
    fs.writeFileSync(file, 'not a key\n', { mode: 0o600 });
    expect(() => loadMasterKey(undefined, dataDir)).toThrow(/secret\.key is damaged/);
    expect(fs.readFileSync(file, 'utf8')).toBe('not a key\n');
  });
});

describe('passwords', () => {
  it('ORG-3: a hashed password verifies, a wrong one does not, and the hash carries its parameters and a salt', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
    // Salted: the same password hashes differently each time, and each hash verifies.
    const other = await hashPassword('correct horse battery staple');
    expect(other).not.toBe(stored);
    expect(await verifyPassword('correct horse battery staple', other)).toBe(true);
  });

  it('ORG-3: a tampered hash, another scheme or an empty hash never verifies', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const parts = stored.split('$');
    const key = Buffer.from(parts[5]!, 'base64');
    key[0] = key[0]! ^ 0xff;
    parts[5] = key.toString('base64');
    expect(await verifyPassword('correct horse battery staple', parts.join('$'))).toBe(false);
    expect(await verifyPassword('correct horse battery staple', stored.replace(/^scrypt/, 'bcrypt'))).toBe(false);
    expect(await verifyPassword('correct horse battery staple', '')).toBe(false);
  });

  it('ORG-3: an unknown user (no stored hash) is checked against a dummy hash: false, and as slow as a real check', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const time = async (fn: () => Promise<boolean>) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        expect(await fn()).toBe(false);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    const real = await time(() => verifyPassword('wrong password here', stored));
    const unknownUndefined = await time(() => verifyPassword('wrong password here', undefined));
    const unknownNull = await time(() => verifyPassword('', null));
    // The dummy path really runs scrypt, so a wrong email cannot be told from a wrong password by timing.
    expect(unknownUndefined).toBeGreaterThan(real * 0.25);
    expect(unknownNull).toBeGreaterThan(real * 0.25);
  });

  it('ORG-3: the password rule asks for 12 to 200 characters', () => {
    expect(passwordProblem('short')).toBe('Enter a password that is at least 12 characters long');
    expect(passwordProblem('a'.repeat(12))).toBeUndefined();
    expect(passwordProblem('a'.repeat(201))).toBe('Enter a password that is 200 characters or fewer');
  });
});
