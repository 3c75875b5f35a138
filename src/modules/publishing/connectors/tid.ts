/**
 * Record keys for Bluesky posts (PUB-6). The app.bsky.feed.post lexicon says `"key": "tid"`: a
 * post's record key must be a timestamp identifier, 13 characters of base32-sortable encoding a
 * 64-bit number whose top bit is 0, then 53 bits of microseconds since 1970, then a 10-bit clock id.
 *
 * Postwarden derives the key from when publishing started and the idempotency key, so every retry
 * of the same post writes to the same record key: a retry after a lost answer finds the post it
 * already made instead of making a second one.
 */
import { createHash } from 'node:crypto';

const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
const TID_PATTERN = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

export function isTid(value: string): boolean {
  return TID_PATTERN.test(value);
}

/** Encodes microseconds since the epoch and a clock id (0–1023) as a TID. */
export function encodeTid(micros: bigint, clockId: number): string {
  if (micros < 0n || micros >= 1n << 53n) throw new RangeError('TID timestamp out of range');
  if (!Number.isInteger(clockId) || clockId < 0 || clockId > 1023) throw new RangeError('TID clock id out of range');
  let n = (micros << 10n) | BigInt(clockId);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return out;
}

export function decodeTid(tid: string): { micros: bigint; clockId: number } {
  if (!isTid(tid)) throw new RangeError('Not a TID');
  let n = 0n;
  for (const ch of tid) n = (n << 5n) | BigInt(ALPHABET.indexOf(ch));
  return { micros: n >> 10n, clockId: Number(n & 1023n) };
}

/**
 * The record key for a publishing attempt: the start time to the millisecond, with the sub-millisecond
 * digits and the clock id taken from a hash of the idempotency key, so two posts started in the same
 * millisecond still get different keys and one post always gets the same key.
 */
export function rkeyFor(idempotencyKey: string, startedAt: Date): string {
  const hash = createHash('sha256').update(idempotencyKey).digest();
  const subMillis = hash.readUInt16BE(0) % 1000;
  const clockId = hash.readUInt16BE(2) % 1024;
  const micros = BigInt(startedAt.getTime()) * 1000n + BigInt(subMillis);
  return encodeTid(micros, clockId);
}
