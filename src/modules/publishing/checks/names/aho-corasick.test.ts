import { describe, expect, test } from 'vitest';
import { AhoCorasickBuilder } from './aho-corasick.ts';
import { seededRandom as random } from '../../../../../test/support/random.ts';

/** Every (end index, pattern) pair, found the slow way. */
function naive(patterns: number[][], text: number[]): string[] {
  const found: string[] = [];
  for (let end = 0; end < text.length; end++) {
    patterns.forEach((p, id) => {
      const s = end - p.length + 1;
      if (s < 0) return;
      for (let k = 0; k < p.length; k++) if (text[s + k] !== p[k] || text[s + k]! < 0) return;
      found.push(`${end}:${id}`);
    });
  }
  return found.sort();
}

function automaton(patterns: number[][]) {
  const builder = new AhoCorasickBuilder();
  const ends = new Map<number, number[]>();
  patterns.forEach((p, id) => {
    const node = builder.add(p);
    ends.set(node, [...(ends.get(node) ?? []), id]);
  });
  return { ac: builder.build(), ends };
}

function fast(patterns: number[][], text: number[]): string[] {
  const { ac, ends } = automaton(patterns);
  const found: string[] = [];
  ac.scan(Int32Array.from(text), text.length, (end, node) => {
    for (const id of ends.get(node) ?? []) found.push(`${end}:${id}`);
  });
  return found.sort();
}

describe('Aho–Corasick over integer symbols', () => {
  test('PUB-2: finds the classic example (he, she, his, hers in "ushers")', () => {
    const code = (s: string) => [...s].map((c) => c.charCodeAt(0));
    const patterns = ['he', 'she', 'his', 'hers'].map(code);
    expect(fast(patterns, code('ushers'))).toEqual(['3:0', '3:1', '5:3']);
  });

  test('PUB-2: nested, overlapping and repeated patterns all report, longest first at each end', () => {
    const patterns = [[1], [1, 1], [1, 1, 1], [2, 1], [1, 2, 1]];
    expect(fast(patterns, [1, 1, 1, 2, 1])).toEqual(naive(patterns, [1, 1, 1, 2, 1]));
    const { ac } = automaton(patterns);
    const depths: number[] = [];
    ac.scan(Int32Array.from([1, 1, 1]), 3, (end, node) => {
      if (end === 2) depths.push(ac.depth[node]!);
    });
    expect(depths).toEqual([3, 2, 1]);
  });

  test('PUB-2: a negative symbol is a break that no pattern crosses', () => {
    const patterns = [[5, 6]];
    expect(fast(patterns, [5, -1, 6])).toEqual([]);
    expect(fast(patterns, [5, 6, -1, 5, 6])).toEqual(['1:0', '4:0']);
  });

  test('PUB-2: symbols never added (and larger than any added) simply return to the root', () => {
    expect(fast([[3, 4]], [99999, 3, 4, 123456])).toEqual(['2:0']);
  });

  test('PUB-2: the same pattern added twice ends at the same node', () => {
    const builder = new AhoCorasickBuilder();
    expect(builder.add([7, 8])).toBe(builder.add([7, 8]));
  });

  test('PUB-2: empty patterns and negative or fractional symbols are refused', () => {
    const builder = new AhoCorasickBuilder();
    expect(() => builder.add([])).toThrow(/empty/);
    expect(() => builder.add([1, -2])).toThrow(/whole numbers/);
    expect(() => builder.add([1.5])).toThrow(/whole numbers/);
  });

  test('PUB-2: agrees with a naive search on 300 random dictionaries and texts (small alphabets force many failure links)', () => {
    const next = random(42);
    for (let round = 0; round < 300; round++) {
      const alphabet = 2 + Math.floor(next() * 4);
      const patterns: number[][] = [];
      const count = 1 + Math.floor(next() * 12);
      for (let p = 0; p < count; p++)
        patterns.push(Array.from({ length: 1 + Math.floor(next() * 5) }, () => Math.floor(next() * alphabet)));
      const text = Array.from({ length: Math.floor(next() * 40) }, () =>
        next() < 0.05 ? -1 : Math.floor(next() * alphabet),
      );
      expect(fast(patterns, text), JSON.stringify({ patterns, text })).toEqual(naive(patterns, text));
    }
  });

  test('PUB-2: grows past its initial tables (10,000 patterns over a large alphabet)', () => {
    const next = random(7);
    const patterns = Array.from({ length: 10_000 }, () =>
      Array.from({ length: 1 + Math.floor(next() * 3) }, () => Math.floor(next() * 50_000)),
    );
    const text = patterns.slice(0, 200).flatMap((p) => [...p, -1]);
    expect(fast(patterns, text)).toEqual(naive(patterns, text));
  });

  test('PUB-2: the dense table gives the same states as following failure links', () => {
    const next = random(9);
    for (let round = 0; round < 50; round++) {
      const alphabet = 3 + Math.floor(next() * 5);
      const builder = new AhoCorasickBuilder();
      for (let p = 0; p < 10; p++)
        builder.add(Array.from({ length: 1 + Math.floor(next() * 6) }, () => Math.floor(next() * alphabet)));
      const ac = builder.build();
      const table = ac.dense(alphabet);
      let a = 0;
      let b = 0;
      for (let i = 0; i < 60; i++) {
        const s = Math.floor(next() * alphabet);
        a = ac.step(a, s);
        b = table[b * alphabet + s]!;
        expect(b).toBe(a);
      }
    }
  });
});
