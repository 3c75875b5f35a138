import { describe, expect, it } from 'vitest';
import { step, ShallowDenseAutomatonBuilder } from './shallow-dense-automaton.ts';
import { AhoCorasickBuilder } from '../../publishing/checks/names/aho-corasick.ts';
import { seededRandom } from '../../../../test/support/random.ts';

describe('MON-5: the automaton with a table for its shallow states only', () => {
  // 1: only the root has a row; 7: part of a level; 10,000: every state (the fully dense case).
  for (const denseLimit of [1, 7, 40, 10_000]) {
    it(`MON-5: finds exactly what the post checks’ automaton finds (rows for the first ${denseLimit} states)`, () => {
      const random = seededRandom(denseLimit);
      const patterns = Array.from({ length: 300 }, () =>
        Array.from({ length: 1 + Math.floor(random() * 5) }, () => Math.floor(random() * 3)),
      );
      const shallow = new ShallowDenseAutomatonBuilder(3, 4, denseLimit);
      const hashed = new AhoCorasickBuilder();
      const shallowIds = patterns.map((p) => shallow.add(p));
      const hashedEnds = patterns.map((p) => hashed.add(p));
      const s = shallow.build();
      expect(s.denseStates).toBe(Math.min(denseLimit, s.states));
      const text = Array.from({ length: 6000 }, () => Math.floor(random() * 3));
      const shallowHits: string[] = [];
      let state = 0;
      text.forEach((symbol, i) => {
        state = step(s, state, symbol);
        for (let o = s.terminal[state] ? state : s.dict[state]!; o > 0; o = s.dict[o]!)
          patterns.forEach((_, k) => {
            if (s.stateOf[shallowIds[k]!] === o) shallowHits.push(`${i}:${k}`);
          });
      });
      const hashedHits: string[] = [];
      hashed.build().scan(Int32Array.from(text), text.length, (i, node) =>
        patterns.forEach((_, k) => {
          if (hashedEnds[k] === node) hashedHits.push(`${i}:${k}`);
        }),
      );
      expect(shallowHits.length).toBeGreaterThan(1000);
      expect(shallowHits.sort()).toEqual(hashedHits.sort());
    });
  }
});
