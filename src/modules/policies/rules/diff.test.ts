import { describe, expect, test } from 'vitest';
import { MODEL_POLICY } from '../model/model-policy.ts';
import { defaultSettings, type PolicySettings } from '../model/settings.ts';
import type { PolicyDocument } from '../model/types.ts';
import { diffPolicies, summariseDiff, type ClauseChange } from './diff.ts';
import { addClause, moveClause, removeClause, updateClause } from './edit.ts';

const settings = (overrides: Partial<PolicySettings> = {}): PolicySettings => ({ ...defaultSettings(), ...overrides });

const base = (): PolicyDocument => ({
  title: 'Social media policy',
  sections: [
    {
      key: 'a',
      title: 'Section A',
      clauses: [
        { key: 'a.one', title: 'One', text: 'First.' },
        { key: 'a.two', title: 'Two', text: 'Reply within {{responseDeadlineHours}}.' },
        { key: 'a.three', title: 'Three', text: 'Third.' },
      ],
    },
    {
      key: 'b',
      title: 'Section B',
      clauses: [
        { key: 'b.one', title: 'B one', text: 'B first.' },
        { key: 'b.use', title: 'Use at work', when: { setting: 'personalUseAtWork', value: 'never' }, text: 'Never.' },
        {
          key: 'b.use',
          title: 'Use at work',
          when: { setting: 'personalUseAtWork', value: 'designated-place' },
          text: 'In the staff room.',
        },
      ],
    },
    {
      key: 'c',
      title: 'Accounts',
      when: { setting: 'businessUse', value: 'with-approval' },
      clauses: [{ key: 'c.one', title: 'Operators', text: 'At least {{minimumOperators}}.' }],
    },
  ],
  relatedPolicies: ['Behaviour policy'],
  legislation: [{ title: 'Equality Act 2010', why: 'x' }],
});

const kinds = (changes: ClauseChange[]) => changes.map((c) => `${c.kind} ${c.key}`);

describe('diffPolicies', () => {
  test('POL-2: the same document and settings give no changes', () => {
    const diff = diffPolicies(base(), base(), settings(), settings());
    expect(diff).toEqual({
      sections: [],
      clauses: [],
      settings: [],
      relatedPolicies: { added: [], removed: [] },
      legislation: { added: [], removed: [] },
      unchanged: true,
    });
  });

  test('POL-2: an added clause is reported with its number and filled text, and the clauses after it as renumbered', () => {
    const after = addClause(
      base(),
      'a',
      { key: 'a.new', title: 'New', text: 'Ask the {{headTitle}}.' },
      { after: 'a.one' },
    );
    const diff = diffPolicies(base(), after, settings(), settings());
    expect(diff.clauses).toEqual([
      { kind: 'added', key: 'a.new', number: '1.2', title: 'New', text: 'Ask the Headteacher.' },
      { kind: 'renumbered', key: 'a.two', title: 'Two', from: '1.2', to: '1.3' },
      { kind: 'renumbered', key: 'a.three', title: 'Three', from: '1.3', to: '1.4' },
    ]);
    expect(diff.unchanged).toBe(false);
  });

  test('POL-2: a removed clause is reported with its old number and text', () => {
    const diff = diffPolicies(base(), removeClause(base(), 'a.one'), settings(), settings());
    expect(diff.clauses).toEqual([
      { kind: 'renumbered', key: 'a.two', title: 'Two', from: '1.2', to: '1.1' },
      { kind: 'renumbered', key: 'a.three', title: 'Three', from: '1.3', to: '1.2' },
      { kind: 'removed', key: 'a.one', number: '1.1', title: 'One', text: 'First.' },
    ]);
  });

  test('POL-2: reworded text is reported with the old and new filled text', () => {
    const after = updateClause(base(), 'a.two', {
      text: 'Reply within {{responseDeadlineHours}}, even to say thanks.',
    });
    const diff = diffPolicies(base(), after, settings(), settings());
    expect(diff.clauses).toEqual([
      {
        kind: 'changed',
        key: 'a.two',
        number: '1.2',
        title: 'Two',
        before: { title: 'Two', text: 'Reply within 24 hours.' },
        after: { title: 'Two', text: 'Reply within 24 hours, even to say thanks.' },
      },
    ]);
  });

  test('POL-2: a new heading is a change too', () => {
    const diff = diffPolicies(base(), updateClause(base(), 'a.one', { title: 'First things' }), settings(), settings());
    expect(diff.clauses).toEqual([
      {
        kind: 'changed',
        key: 'a.one',
        number: '1.1',
        title: 'First things',
        before: { title: 'One', text: 'First.' },
        after: { title: 'First things', text: 'First.' },
      },
    ]);
  });

  test('POL-2: a clause moved within its section is reported as moved, from 1.3 to 1.1; the others are renumbered', () => {
    const diff = diffPolicies(base(), moveClause(base(), 'a.three', 'a', 'start'), settings(), settings());
    expect(diff.clauses).toEqual([
      {
        kind: 'moved',
        key: 'a.three',
        title: 'Three',
        from: '1.3',
        to: '1.1',
        fromSection: 'Section A',
        toSection: 'Section A',
      },
      { kind: 'renumbered', key: 'a.one', title: 'One', from: '1.1', to: '1.2' },
      { kind: 'renumbered', key: 'a.two', title: 'Two', from: '1.2', to: '1.3' },
    ]);
  });

  test('POL-2: swapping two neighbours marks one of them moved', () => {
    const diff = diffPolicies(base(), moveClause(base(), 'a.two', 'a', { after: 'a.three' }), settings(), settings());
    expect(diff.clauses.filter((c) => c.kind === 'moved')).toHaveLength(1);
    expect(diff.clauses).toHaveLength(2);
  });

  test('POL-2: a clause moved to another section is reported with both sections', () => {
    const diff = diffPolicies(base(), moveClause(base(), 'a.one', 'b', 'end'), settings(), settings());
    expect(diff.clauses).toContainEqual({
      kind: 'moved',
      key: 'a.one',
      title: 'One',
      from: '1.1',
      to: '2.3',
      fromSection: 'Section A',
      toSection: 'Section B',
    });
    expect(kinds(diff.clauses)).toEqual(['renumbered a.two', 'renumbered a.three', 'moved a.one']);
  });

  test('POL-2: a moved and reworded clause is reported as both', () => {
    const after = updateClause(moveClause(base(), 'a.one', 'b'), 'a.one', { text: 'Changed.' });
    expect(kinds(diffPolicies(base(), after, settings(), settings()).clauses)).toContain('changed a.one');
    expect(kinds(diffPolicies(base(), after, settings(), settings()).clauses)).toContain('moved a.one');
  });

  test('POL-2: a changed setting is reported with its label and both values, and the text it fills changes', () => {
    const diff = diffPolicies(base(), base(), settings(), settings({ responseDeadlineHours: 48 }));
    expect(diff.settings).toEqual([
      {
        key: 'responseDeadlineHours',
        label: 'Reply to comments and messages within',
        from: '24 hours',
        to: '48 hours',
      },
    ]);
    expect(diff.clauses).toEqual([
      {
        kind: 'changed',
        key: 'a.two',
        number: '1.2',
        title: 'Two',
        before: { title: 'Two', text: 'Reply within 24 hours.' },
        after: { title: 'Two', text: 'Reply within 48 hours.' },
      },
    ]);
  });

  test('POL-2: choosing the other alternative changes the clause under the same key', () => {
    const diff = diffPolicies(base(), base(), settings(), settings({ personalUseAtWork: 'designated-place' }));
    expect(diff.settings).toEqual([
      {
        key: 'personalUseAtWork',
        label: 'Personal use of social media at work',
        from: 'Never during working hours or on school devices',
        to: 'Occasionally, in a designated place, if it does not affect work',
      },
    ]);
    expect(diff.clauses).toEqual([
      {
        kind: 'changed',
        key: 'b.use',
        number: '2.2',
        title: 'Use at work',
        before: { title: 'Use at work', text: 'Never.' },
        after: { title: 'Use at work', text: 'In the staff room.' },
      },
    ]);
  });

  test('POL-2: stopping business use removes the accounts section and its clauses', () => {
    const diff = diffPolicies(base(), base(), settings(), settings({ businessUse: 'not-permitted' }));
    expect(diff.sections).toEqual([{ kind: 'removed', key: 'c', number: '3', title: 'Accounts' }]);
    expect(diff.clauses).toEqual([
      { kind: 'removed', key: 'c.one', number: '3.1', title: 'Operators', text: 'At least 2 people.' },
    ]);
  });

  test('POL-2: sections added and renamed are reported', () => {
    const after = base();
    after.sections[0]!.title = 'Introduction';
    after.sections.push({ key: 'd', title: 'Review', clauses: [{ key: 'd.one', title: 'Cycle', text: 'Yearly.' }] });
    const diff = diffPolicies(base(), after, settings(), settings());
    expect(diff.sections).toEqual([
      { kind: 'renamed', key: 'a', number: '1', from: 'Section A', to: 'Introduction' },
      { kind: 'added', key: 'd', number: '4', title: 'Review' },
    ]);
    expect(kinds(diff.clauses)).toEqual(['added d.one']);
  });

  test('POL-2: title, related policies and legislation changes are reported', () => {
    const after = base();
    after.title = 'Online conduct policy';
    after.relatedPolicies = ['Complaints procedure'];
    after.legislation.push({ title: 'Online Safety Act 2023', why: 'y' });
    const diff = diffPolicies(base(), after, settings(), settings());
    expect(diff.title).toEqual({ from: 'Social media policy', to: 'Online conduct policy' });
    expect(diff.relatedPolicies).toEqual({ added: ['Complaints procedure'], removed: ['Behaviour policy'] });
    expect(diff.legislation).toEqual({ added: ['Online Safety Act 2023'], removed: [] });
    expect(diff.unchanged).toBe(false);
  });

  test('POL-2: people lists are compared by value', () => {
    const diff = diffPolicies(
      base(),
      base(),
      settings({ postApproverNominees: ['a'] }),
      settings({ postApproverNominees: ['a'] }),
    );
    expect(diff.unchanged).toBe(true);
    const changed = diffPolicies(
      base(),
      base(),
      settings({ postApproverNominees: ['a'] }),
      settings({ postApproverNominees: ['a', 'b'] }),
    );
    expect(changed.settings).toEqual([
      { key: 'postApproverNominees', label: 'Nominees who may approve posts', from: 'a', to: 'a, b' },
    ]);
  });

  test('POL-2: the inputs are not changed', () => {
    const before = base();
    const after = moveClause(base(), 'a.one', 'b');
    const copies = [structuredClone(before), structuredClone(after)];
    diffPolicies(before, after, settings(), settings());
    expect([before, after]).toEqual(copies);
  });

  test('POL-2: the model policy against the model with every setting switched is fast and thorough', () => {
    const after = updateClause(
      moveClause(removeClause(MODEL_POLICY, 'scope.purpose'), 'images.tagging', 'images', 'start'),
      'prohibited.confidential',
      { text: 'Keep secrets.' },
    );
    const switched = settings({
      businessUse: 'not-permitted',
      personalUseAtWork: 'occasional',
      firstNamesOnly: false,
      tradeUnionsConsulted: true,
      headTitle: 'Principal',
    });
    const started = performance.now();
    for (let i = 0; i < 20; i++) diffPolicies(MODEL_POLICY, after, settings(), switched);
    const perDiff = (performance.now() - started) / 20;
    expect(perDiff).toBeLessThan(25);
    const diff = diffPolicies(MODEL_POLICY, after, settings(), switched);
    expect(kinds(diff.clauses)).toEqual(
      expect.arrayContaining([
        'removed scope.purpose',
        'moved images.tagging',
        'changed prohibited.confidential',
        'changed personal-use.at-work',
        'removed images.first-names-only',
        'added business-use.not-permitted',
        'removed accounts.operators',
        'added review.consultation',
        'changed reporting.misuse',
      ]),
    );
    expect(diff.sections).toContainEqual(expect.objectContaining({ kind: 'removed', key: 'accounts' }));
    expect(diff.settings.map((s) => s.key)).toEqual([
      'headTitle',
      'personalUseAtWork',
      'businessUse',
      'firstNamesOnly',
      'tradeUnionsConsulted',
    ]);
  });
});

describe('summariseDiff', () => {
  test('POL-2: each change becomes one plain line for the revision history; renumbering is counted', () => {
    let after = addClause(base(), 'a', { key: 'a.new', title: 'New', text: 'New.' }, 'end');
    after = updateClause(after, 'a.three', { text: 'Third, reworded.' });
    after = updateClause(after, 'b.one', { title: 'B first' });
    after = moveClause(after, 'a.one', 'b');
    after = removeClause(after, 'c.one');
    after.sections = after.sections.filter((s) => s.key !== 'c');
    after.sections[1]!.title = 'Section Bee';
    after.sections.push({ key: 'd', title: 'Review', clauses: [{ key: 'd.one', title: 'Cycle', text: 'Yearly.' }] });
    after.title = 'New title';
    after.relatedPolicies = ['Complaints procedure'];
    after.legislation = [{ title: 'Online Safety Act 2023', why: 'y' }];
    const diff = diffPolicies(base(), after, settings(), settings({ responseDeadlineHours: 48 }));
    expect(summariseDiff(diff)).toEqual([
      'Title changed from ‘Social media policy’ to ‘New title’',
      'Section 2 renamed from ‘Section B’ to ‘Section Bee’',
      'New section 3: Review',
      'Section 3 (Accounts) removed',
      '§1.1 Two reworded',
      '§1.2 Three reworded',
      '§1.3 New added',
      '§2.1 retitled from ‘B one’ to ‘B first’',
      '§1.1 One moved to §2.3',
      '§3.1 Cycle added',
      '§3.1 Operators removed',
      '2 clauses renumbered',
      'Reply to comments and messages within: changed from 24 hours to 48 hours',
      'Related policy added: Complaints procedure',
      'Related policy removed: Behaviour policy',
      'Legislation added: Online Safety Act 2023',
      'Legislation removed: Equality Act 2010',
    ]);
  });

  test('POL-2: no changes give no lines; one renumbered clause is singular', () => {
    expect(summariseDiff(diffPolicies(base(), base(), settings(), settings()))).toEqual([]);
    const after = removeClause(base(), 'a.two');
    expect(summariseDiff(diffPolicies(base(), after, settings(), settings()))).toEqual([
      '§1.2 Two removed',
      '1 clause renumbered',
    ]);
  });
});
