import { describe, expect, it } from 'vitest';
import { decodeTid, encodeTid, isTid, rkeyFor } from './tid.ts';

describe('PUB-6: Bluesky record keys derived from the idempotency key', () => {
  const started = new Date('2026-11-22T09:30:00.123Z');

  it('PUB-6: the key is a TID, as the app.bsky.feed.post lexicon requires', () => {
    const rkey = rkeyFor('post-41-publish', started);
    expect(rkey).toHaveLength(13);
    expect(isTid(rkey)).toBe(true);
  });

  it('PUB-6: a retry of the same post gets the same key', () => {
    expect(rkeyFor('post-41-publish', started)).toBe(rkeyFor('post-41-publish', new Date(started.getTime())));
  });

  it('PUB-6: another post started in the same millisecond gets a different key', () => {
    const keys = new Set(Array.from({ length: 200 }, (_, i) => rkeyFor(`post-${i}`, started)));
    expect(keys.size).toBe(200);
  });

  it('PUB-6: the key carries the start time, so posts sort in the order they were published', () => {
    const { micros } = decodeTid(rkeyFor('post-41-publish', started));
    expect(Number(micros / 1000n)).toBe(started.getTime());
    expect(rkeyFor('a', new Date('2026-11-22T09:30:01Z')) > rkeyFor('a', started)).toBe(true);
  });

  it('PUB-6: encodes and decodes the timestamp and clock id exactly', () => {
    for (const [micros, clock] of [
      [0n, 0],
      [1n, 1023],
      [(1n << 53n) - 1n, 512],
      [1_763_800_000_000_000n, 7],
    ] as const) {
      const tid = encodeTid(micros, clock);
      expect(isTid(tid)).toBe(true);
      expect(decodeTid(tid)).toEqual({ micros, clockId: clock });
    }
    expect(encodeTid(0n, 0)).toBe('2222222222222');
  });

  it('PUB-6: refuses values a TID cannot hold, and strings that are not TIDs', () => {
    expect(() => encodeTid(-1n, 0)).toThrow(RangeError);
    expect(() => encodeTid(1n << 53n, 0)).toThrow(RangeError);
    expect(() => encodeTid(0n, 1024)).toThrow(RangeError);
    for (const bad of ['', 'k222222222222', '222222222222', '22222222222222', '222222222222A', '2222222222221'])
      expect(isTid(bad)).toBe(false);
  });
});
