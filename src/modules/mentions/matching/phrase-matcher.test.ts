import { describe, expect, it } from 'vitest';
import { PhraseMatcher } from './phrase-matcher.ts';
import { DenseAutomatonBuilder } from './dense-automaton.ts';
import { AhoCorasickBuilder } from '../../publishing/checks/names/aho-corasick.ts';
import { seededRandom } from '../../../../test/support/random.ts';

const found = (m: PhraseMatcher, text: string) =>
  m
    .find(text)
    .map((h) => h.phrase)
    .sort((a, b) => a - b);

describe('MON-5: matching the school’s names in a text', () => {
  const phrases = ['Alder Primary', 'St Mary’s', 'Oak Academy', 'Jo Smith', 'Alder Primary School', 'Zoë Brontë'];
  const m = new PhraseMatcher(phrases);

  it('MON-5: whole words only, in any case, with apostrophes and accents folded', () => {
    expect(found(m, 'Parents at ALDER PRIMARY were told')).toEqual([0]);
    expect(found(m, 'soak academy')).toEqual([]);
    expect(found(m, 'the oak academyx')).toEqual([]);
    expect(found(m, 'Oak Academy.')).toEqual([2]);
    expect(found(m, "St Mary's fete and st marys choir")).toEqual([1, 1]);
    expect(found(m, 'Jo   Smith, again: jo-smith')).toEqual([3, 3]);
    expect(found(m, 'zoe bronte spoke')).toEqual([5]);
    expect(found(m, 'Alder Primary School')).toEqual([0, 4]);
    expect(found(m, '')).toEqual([]);
  });

  it('MON-5: a phrase with no letters or digits is never found, and repeated phrases report the first', () => {
    const odd = new PhraseMatcher(['!!!', 'Ash', 'ash']);
    expect(found(odd, '!!! ash')).toEqual([1]);
  });

  it('MON-5: the dense automaton finds exactly what the post checks’ automaton finds', () => {
    const random = seededRandom(5);
    const word = () =>
      Array.from({ length: 1 + Math.floor(random() * 3) }, () => 'abc'[Math.floor(random() * 3)]).join('');
    const patterns = Array.from({ length: 300 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 4) }, () => 'abc'.charCodeAt(Math.floor(random() * 3)) - 97),
    );
    const dense = new DenseAutomatonBuilder(3);
    const hashed = new AhoCorasickBuilder();
    const denseEnds = patterns.map((p) => dense.add(p));
    const hashedEnds = patterns.map((p) => hashed.add(p));
    const d = dense.build();
    const h = hashed.build();
    const text = Array.from({ length: 2000 }, () => word())
      .join('')
      .split('')
      .map((c) => c.charCodeAt(0) - 97);
    const denseHits: string[] = [];
    let state = 0;
    text.forEach((s, i) => {
      state = d.table[state * 3 + s]!;
      for (let o = d.terminal[state] ? state : d.dict[state]!; o > 0; o = d.dict[o]!)
        patterns.forEach((_, k) => {
          if (denseEnds[k] === o) denseHits.push(`${i}:${k}`);
        });
    });
    const hashedHits: string[] = [];
    h.scan(Int32Array.from(text), text.length, (i, node) =>
      patterns.forEach((_, k) => {
        if (hashedEnds[k] === node) hashedHits.push(`${i}:${k}`);
      }),
    );
    expect(denseHits.length).toBeGreaterThan(100);
    expect(denseHits.sort()).toEqual(hashedHits.sort());
  });
});
