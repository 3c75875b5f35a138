import { expect, test } from 'vitest';
import { arrange } from './arrange.ts';
import type { SplitDocument } from './split.ts';

const doc: SplitDocument = {
  title: 'Policy',
  sections: [
    { number: '1', title: 'Scope', clauses: [{ text: 'a' }, { text: 'b' }, { text: 'c' }] },
    { title: 'Use', clauses: [{ text: 'd' }] },
  ],
};

test('POL-7: rename, merge, split at a clause and reorder sections; impossible changes say why', () => {
  expect(arrange(doc, { action: 'rename', section: 1, title: '  Personal  use ' })).toMatchObject({
    sections: [{ title: 'Scope' }, { title: 'Personal use' }],
  });
  const merged = arrange(doc, { action: 'merge', section: 1 }) as SplitDocument;
  expect(merged.sections.map((s) => s.clauses.length)).toEqual([4]);
  const split = arrange(doc, { action: 'split', section: 0, clause: 2, title: 'More' }) as SplitDocument;
  expect(split.sections.map((s) => [s.title, s.clauses.map((c) => c.text).join('')])).toEqual([
    ['Scope', 'ab'],
    ['More', 'c'],
    ['Use', 'd'],
  ]);
  expect((arrange(doc, { action: 'down', section: 0 }) as SplitDocument).sections[0]!.title).toBe('Use');
  expect(arrange(doc, { action: 'merge', section: 0 })).toEqual({
    error: 'The first section has no section before it to join',
  });
  expect(arrange(doc, { action: 'split', section: 0, clause: 0, title: 'x' })).toHaveProperty('error');
  expect(arrange(doc, { action: 'up', section: 0 })).toHaveProperty('error');
  expect(arrange(doc, { action: 'rename', section: 5, title: 'x' })).toHaveProperty('error');
  expect(doc.sections[0]!.clauses).toHaveLength(3);
});
