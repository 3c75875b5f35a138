import { describe, expect, test } from 'vitest';
import { defaultSettings } from '../model/settings.ts';
import type { PolicyDocument } from '../model/types.ts';
import { addClause, addSection, moveClause, removeClause, removeSection, updateClause } from './edit.ts';
import { citation, validateDocument } from './render.ts';

const base = (): PolicyDocument => ({
  title: 'Policy',
  sections: [
    {
      key: 'a',
      title: 'A',
      clauses: [
        { key: 'a.one', title: 'One', text: '1' },
        { key: 'a.two', title: 'Two', text: '2' },
      ],
    },
    {
      key: 'b',
      title: 'B',
      clauses: [
        { key: 'b.use', title: 'Use', when: { setting: 'personalUseAtWork', value: 'never' }, text: 'never' },
        {
          key: 'b.use',
          title: 'Use',
          when: { setting: 'personalUseAtWork', value: 'designated-place' },
          text: 'place',
        },
        { key: 'b.two', title: 'B two', text: 'b2' },
      ],
    },
  ],
  relatedPolicies: [],
  legislation: [],
});

const keysOf = (doc: PolicyDocument) => doc.sections.map((s) => `${s.key}: ${s.clauses.map((c) => c.key).join(' ')}`);

describe('addClause', () => {
  test('POL-1: a clause can be added at the end, the start, or before or after another', () => {
    const clause = { key: 'a.new', title: 'New', text: 'new' };
    expect(keysOf(addClause(base(), 'a', clause))[0]).toBe('a: a.one a.two a.new');
    expect(keysOf(addClause(base(), 'a', clause, 'start'))[0]).toBe('a: a.new a.one a.two');
    expect(keysOf(addClause(base(), 'a', clause, { after: 'a.one' }))[0]).toBe('a: a.one a.new a.two');
    expect(keysOf(addClause(base(), 'a', clause, { before: 'a.one' }))[0]).toBe('a: a.new a.one a.two');
  });

  test('POL-1: after a clause with alternatives means after the last of them; before means before the first', () => {
    const clause = { key: 'b.new', title: 'New', text: 'new' };
    expect(keysOf(addClause(base(), 'b', clause, { after: 'b.use' }))[1]).toBe('b: b.use b.use b.new b.two');
    expect(keysOf(addClause(base(), 'b', clause, { before: 'b.use' }))[1]).toBe('b: b.new b.use b.use b.two');
  });

  test('POL-1: a key already used is refused, unless the new clause is an alternative', () => {
    expect(() => addClause(base(), 'a', { key: 'a.one', title: 'x', text: 'x' })).toThrow(
      'The key ‘a.one’ is already used',
    );
    const withAlternative = addClause(
      base(),
      'b',
      { key: 'b.use', title: 'Use', when: { setting: 'personalUseAtWork', value: 'occasional' }, text: 'sometimes' },
      { after: 'b.use' },
    );
    expect(validateDocument(withAlternative)).toEqual([]);
  });

  test('POL-1: an unknown section or anchor is refused', () => {
    expect(() => addClause(base(), 'z', { key: 'z.one', title: 'x', text: 'x' })).toThrow('There is no section ‘z’');
    expect(() => addClause(base(), 'a', { key: 'a.new', title: 'x', text: 'x' }, { after: 'b.two' })).toThrow(
      'There is no clause ‘b.two’ in that section',
    );
  });
});

describe('removeClause and updateClause', () => {
  test('POL-1: removing a clause removes all its alternatives', () => {
    expect(keysOf(removeClause(base(), 'b.use'))[1]).toBe('b: b.two');
    expect(() => removeClause(base(), 'nope')).toThrow('There is no clause ‘nope’');
  });

  test('POL-1: a clause can be reworded and retitled; its key stays', () => {
    const doc = updateClause(base(), 'a.two', { title: 'Second', text: 'two' });
    expect(doc.sections[0]!.clauses[1]).toEqual({ key: 'a.two', title: 'Second', text: 'two' });
  });

  test('POL-1: rewording a clause with alternatives needs to say which one', () => {
    expect(() => updateClause(base(), 'b.use', { text: 'x' })).toThrow(
      'The clause ‘b.use’ has alternatives: say which one to change',
    );
    expect(() => updateClause(base(), 'b.use', { text: 'x' }, 'occasional')).toThrow(
      'The clause ‘b.use’ has no alternative for ‘occasional’',
    );
    const doc = updateClause(base(), 'b.use', { text: 'the staff room' }, 'designated-place');
    expect(doc.sections[1]!.clauses.map((c) => c.text)).toEqual(['never', 'the staff room', 'b2']);
    expect(() => updateClause(base(), 'nope', { text: 'x' })).toThrow('There is no clause ‘nope’');
  });
});

describe('moveClause', () => {
  test('POL-1: a clause can be reordered within its section or moved to another; alternatives move together', () => {
    expect(keysOf(moveClause(base(), 'a.two', 'a', 'start'))[0]).toBe('a: a.two a.one');
    expect(keysOf(moveClause(base(), 'b.use', 'a', { after: 'a.one' }))).toEqual([
      'a: a.one b.use b.use a.two',
      'b: b.two',
    ]);
    expect(keysOf(moveClause(base(), 'a.one', 'b', { before: 'b.two' }))).toEqual([
      'a: a.two',
      'b: b.use b.use a.one b.two',
    ]);
  });

  test('POL-1: moving to an unknown section, or an unknown clause, is refused', () => {
    expect(() => moveClause(base(), 'a.one', 'z')).toThrow('There is no section ‘z’');
    expect(() => moveClause(base(), 'nope', 'a')).toThrow('There is no clause ‘nope’');
  });

  test('POL-6: a citation keeps its key and follows the clause to its new number', () => {
    const settings = defaultSettings();
    expect(citation(base(), settings, 'a.two')?.label).toBe('§1.2 Two');
    expect(citation(moveClause(base(), 'a.two', 'b', 'start'), settings, 'a.two')?.label).toBe('§2.1 Two');
  });
});

describe('sections', () => {
  test('POL-1: a section can be added after another or at the end, and removed', () => {
    const section = { key: 'c', title: 'C', clauses: [{ key: 'c.one', title: 'C one', text: 'c' }] };
    expect(addSection(base(), section).sections.map((s) => s.key)).toEqual(['a', 'b', 'c']);
    expect(addSection(base(), section, 'a').sections.map((s) => s.key)).toEqual(['a', 'c', 'b']);
    expect(removeSection(base(), 'a').sections.map((s) => s.key)).toEqual(['b']);
    expect(() => addSection(base(), { ...section, key: 'a' })).toThrow('The section key ‘a’ is already used');
    expect(() => addSection(base(), section, 'z')).toThrow('There is no section ‘z’');
    expect(() => removeSection(base(), 'z')).toThrow('There is no section ‘z’');
  });
});

test('POL-1: every edit leaves the original document untouched', () => {
  const doc = base();
  const copy = structuredClone(doc);
  const clause = { key: 'a.new', title: 'New', text: 'new' };
  addClause(doc, 'a', clause);
  removeClause(doc, 'a.one');
  updateClause(doc, 'a.one', { text: 'changed' });
  moveClause(doc, 'a.one', 'b');
  addSection(doc, { key: 'c', title: 'C', clauses: [] });
  removeSection(doc, 'b');
  expect(doc).toEqual(copy);
  const added = addClause(doc, 'a', clause);
  clause.text = 'mutated later';
  expect(added.sections[0]!.clauses[2]!.text).toBe('new');
});
