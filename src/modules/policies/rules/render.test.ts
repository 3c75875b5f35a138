import { describe, expect, test } from 'vitest';
import { defaultSettings, type PolicySettings } from '../model/settings.ts';
import type { PolicyDocument } from '../model/types.ts';
import {
  citation,
  citations,
  conditionHolds,
  fillPlaceholders,
  numberPolicy,
  placeholdersIn,
  validateDocument,
} from './render.ts';

const settings = (overrides: Partial<PolicySettings> = {}): PolicySettings => ({ ...defaultSettings(), ...overrides });

/** A small policy: two alternatives, a conditional section, and placeholders. */
const doc = (): PolicyDocument => ({
  title: 'Test policy',
  sections: [
    {
      key: 'intro',
      title: 'Introduction',
      clauses: [
        { key: 'intro.purpose', title: 'Purpose', text: 'Why we have this.' },
        { key: 'intro.head', title: 'The {{headTitle}}', text: 'Ask the {{headTitle}}.' },
      ],
    },
    {
      key: 'use',
      title: 'Use',
      clauses: [
        {
          key: 'use.at-work',
          title: 'At work',
          when: { setting: 'personalUseAtWork', value: 'never' },
          text: 'Never at work.',
        },
        {
          key: 'use.at-work',
          title: 'At work',
          when: { setting: 'personalUseAtWork', value: 'designated-place' },
          text: 'Only in the staff room.',
        },
        { key: 'use.reply', title: 'Replies', text: 'Reply within {{responseDeadlineHours}}.' },
      ],
    },
    {
      key: 'accounts',
      title: 'Accounts',
      when: { setting: 'businessUse', value: 'with-approval' },
      clauses: [{ key: 'accounts.operators', title: 'Operators', text: 'At least {{minimumOperators}}.' }],
    },
    {
      key: 'training',
      title: 'Training',
      clauses: [
        {
          key: 'training.required',
          title: 'Training',
          when: { setting: 'operatorTrainingRequired', value: true },
          text: 'Train first.',
        },
      ],
    },
    {
      key: 'review',
      title: 'Review',
      clauses: [{ key: 'review.cycle', title: 'Review', text: 'Every {{reviewCycleMonths}}.' }],
    },
  ],
  relatedPolicies: ['Behaviour policy'],
  legislation: [{ title: 'Equality Act 2010', why: 'Discrimination is unlawful.' }],
});

describe('fillPlaceholders', () => {
  test('POL-6: whole numbers are filled with their unit, singular for one', () => {
    expect(fillPlaceholders('within {{responseDeadlineHours}}', settings())).toBe('within 24 hours');
    expect(fillPlaceholders('within {{responseDeadlineHours}}', settings({ responseDeadlineHours: 1 }))).toBe(
      'within 1 hour',
    );
    expect(fillPlaceholders('at least {{minimumOperators}}', settings({ minimumOperators: 3 }))).toBe(
      'at least 3 people',
    );
    expect(fillPlaceholders('under {{pupilContactAgeLimit}}', settings())).toBe('under 18 years old');
    expect(fillPlaceholders('every {{reviewCycleMonths}}', settings({ reviewCycleMonths: 24 }))).toBe(
      'every 24 months',
    );
    expect(fillPlaceholders('within {{takedownTargetHours}}', settings({ takedownTargetHours: 48 }))).toBe(
      'within 48 hours',
    );
  });

  test('POL-6: the head’s title is filled as the school calls it', () => {
    expect(fillPlaceholders('Tell the {{headTitle}}.', settings({ headTitle: 'Head of School' }))).toBe(
      'Tell the Head of School.',
    );
  });

  test('POL-6: a choice is filled with its wording in text, which may itself name the head', () => {
    expect(fillPlaceholders('ask {{businessUseApprover}}', settings({ businessUseApprover: 'line-manager' }))).toBe(
      'ask your line manager',
    );
    expect(
      fillPlaceholders(
        'ask {{businessUseApprover}}',
        settings({ businessUseApprover: 'head', headTitle: 'Principal' }),
      ),
    ).toBe('ask the Principal');
    expect(fillPlaceholders('rests with {{postApprovers}}', settings({ headTitle: 'Head of School' }))).toBe(
      'rests with the Head of School or someone they nominate',
    );
  });

  test('POL-6: a choice without wording in text is filled with its value', () => {
    expect(fillPlaceholders('{{businessUse}}', settings())).toBe('with-approval');
  });

  test('POL-6: typed text is filled literally, never read for placeholders', () => {
    const s = settings({ signingStatement: 'I agree to {{nothing}}.' });
    expect(fillPlaceholders('‘{{signingStatement}}’', s)).toBe('‘I agree to {{nothing}}.’');
  });

  test('POL-6: yes/no settings and people fill as plain words', () => {
    expect(fillPlaceholders('{{firstNamesOnly}}/{{tradeUnionsConsulted}}', settings())).toBe('yes/no');
    expect(fillPlaceholders('{{postApproverNominees}}', settings({ postApproverNominees: ['Ann', 'Bob'] }))).toBe(
      'Ann, Bob',
    );
  });

  test('POL-6: spaces inside the braces are allowed, and text without placeholders is unchanged', () => {
    expect(fillPlaceholders('{{ headTitle }}', settings())).toBe('Headteacher');
    expect(fillPlaceholders('No placeholders { here }.', settings())).toBe('No placeholders { here }.');
  });

  test('POL-6: extras fill names that are not settings', () => {
    expect(
      fillPlaceholders('Welcome to {{schoolName}}, {{headTitle}}', settings(), { schoolName: 'Anstey First School' }),
    ).toBe('Welcome to Anstey First School, Headteacher');
  });

  test('POL-6: an unknown placeholder throws an error that names it', () => {
    expect(() => fillPlaceholders('Ask the {{headteacherName}}.', settings())).toThrow(
      'The policy text uses the placeholder {{headteacherName}}, which is not a setting Postwarden knows',
    );
    expect(() => fillPlaceholders('{{toString}}', settings())).toThrow('{{toString}}');
    expect(() => fillPlaceholders('{{}}', settings())).toThrow('{{}}');
  });

  test('POL-6: a setting missing from stale settings falls back to its default', () => {
    const stale = { ...defaultSettings() } as Partial<PolicySettings>;
    delete stale.accountCheckIntervalHours;
    expect(fillPlaceholders('{{accountCheckIntervalHours}}', stale as PolicySettings)).toBe('24 hours');
  });

  test('POL-6: placeholdersIn lists the names used, trimmed', () => {
    expect(placeholdersIn('{{a}} and {{ b }} and {{a}}')).toEqual(['a', 'b', 'a']);
    expect(placeholdersIn('none')).toEqual([]);
  });
});

describe('conditionHolds', () => {
  test('POL-1: a clause with no condition always appears; otherwise the setting must have the value', () => {
    expect(conditionHolds(undefined, settings())).toBe(true);
    expect(conditionHolds({ setting: 'businessUse', value: 'with-approval' }, settings())).toBe(true);
    expect(conditionHolds({ setting: 'businessUse', value: 'not-permitted' }, settings())).toBe(false);
    expect(conditionHolds({ setting: 'firstNamesOnly', value: true }, settings())).toBe(true);
    expect(conditionHolds({ setting: 'firstNamesOnly', value: 'true' }, settings())).toBe(false);
    expect(conditionHolds({ setting: 'noSuchSetting', value: true }, settings())).toBe(false);
  });
});

describe('numberPolicy', () => {
  test('POL-6: sections are numbered from 1 and clauses as section.clause, with placeholders filled', () => {
    const numbered = numberPolicy(doc(), settings({ headTitle: 'Principal' }));
    expect(numbered.map((s) => `${s.number} ${s.title}`)).toEqual([
      '1 Introduction',
      '2 Use',
      '3 Accounts',
      '4 Training',
      '5 Review',
    ]);
    expect(numbered[0]!.clauses).toEqual([
      { key: 'intro.purpose', number: '1.1', title: 'Purpose', text: 'Why we have this.', sectionKey: 'intro' },
      { key: 'intro.head', number: '1.2', title: 'The Principal', text: 'Ask the Principal.', sectionKey: 'intro' },
    ]);
    expect(numbered[1]!.clauses.map((c) => `${c.number} ${c.text}`)).toEqual([
      '2.1 Never at work.',
      '2.2 Reply within 24 hours.',
    ]);
  });

  test('POL-1: the alternative the school chose is the one shown, under the same key and number', () => {
    const numbered = numberPolicy(doc(), settings({ personalUseAtWork: 'designated-place' }));
    expect(numbered[1]!.clauses[0]).toMatchObject({
      key: 'use.at-work',
      number: '2.1',
      text: 'Only in the staff room.',
    });
  });

  test('POL-1: an alternative with no matching wording leaves the clause out and renumbers the rest', () => {
    const numbered = numberPolicy(doc(), settings({ personalUseAtWork: 'occasional' }));
    expect(numbered[1]!.clauses.map((c) => `${c.number} ${c.key}`)).toEqual(['2.1 use.reply']);
  });

  test('POL-1: a section whose condition fails is dropped and later sections move up', () => {
    const numbered = numberPolicy(doc(), settings({ businessUse: 'not-permitted' }));
    expect(numbered.map((s) => `${s.number} ${s.key}`)).toEqual(['1 intro', '2 use', '3 training', '4 review']);
    expect(numbered[3]!.clauses[0]!.number).toBe('4.1');
  });

  test('POL-1: a section left with no clauses is dropped', () => {
    const numbered = numberPolicy(doc(), settings({ operatorTrainingRequired: false }));
    expect(numbered.map((s) => s.key)).toEqual(['intro', 'use', 'accounts', 'review']);
  });

  test('POL-6: extras reach the numbered text', () => {
    const d = doc();
    d.sections[0]!.clauses[0]!.text = 'At {{schoolName}}.';
    expect(numberPolicy(d, settings(), { schoolName: 'Hermitage' })[0]!.clauses[0]!.text).toBe('At Hermitage.');
  });

  test('POL-6: an unknown placeholder in a clause stops numbering with an error naming it', () => {
    const d = doc();
    d.sections[1]!.clauses[2]!.text = 'Reply within {{replyHours}}.';
    expect(() => numberPolicy(d, settings())).toThrow('{{replyHours}}');
  });

  test('POL-6: numbering does not change the document', () => {
    const d = doc();
    const copy = structuredClone(d);
    numberPolicy(d, settings({ businessUse: 'not-permitted' }));
    expect(d).toEqual(copy);
  });

  test('POL-6: an empty document numbers to nothing', () => {
    expect(numberPolicy({ title: 'x', sections: [], relatedPolicies: [], legislation: [] }, settings())).toEqual([]);
  });
});

describe('citation', () => {
  test('POL-6: a clause is cited by section number, clause number and title', () => {
    expect(citation(doc(), settings(), 'use.reply')).toEqual({
      number: '2.2',
      title: 'Replies',
      label: '§2.2 Replies',
    });
  });

  test('POL-6: the citation follows the clause when it is renumbered', () => {
    const d = doc();
    d.sections[1]!.clauses.unshift({ key: 'use.new', title: 'New', text: 'New clause.' });
    expect(citation(d, settings(), 'use.reply')?.label).toBe('§2.3 Replies');
    expect(citation(doc(), settings({ businessUse: 'not-permitted' }), 'review.cycle')?.label).toBe('§4.1 Review');
  });

  test('POL-6: a citation title has its placeholders filled', () => {
    expect(citation(doc(), settings({ headTitle: 'Head of School' }), 'intro.head')?.label).toBe(
      '§1.2 The Head of School',
    );
  });

  test('POL-6: a key that is not in the policy as chosen has no citation', () => {
    expect(citation(doc(), settings(), 'no.such-key')).toBeUndefined();
    expect(citation(doc(), settings({ businessUse: 'not-permitted' }), 'accounts.operators')).toBeUndefined();
    expect(citation(doc(), settings({ personalUseAtWork: 'occasional' }), 'use.at-work')).toBeUndefined();
  });

  test('POL-6: citations lists every clause shown, by key', () => {
    const all = citations(doc(), settings());
    expect([...all.keys()]).toEqual([
      'intro.purpose',
      'intro.head',
      'use.at-work',
      'use.reply',
      'accounts.operators',
      'training.required',
      'review.cycle',
    ]);
    expect(all.get('review.cycle')?.label).toBe('§5.1 Review');
  });
});

describe('validateDocument', () => {
  test('POL-1: a sound document has no problems', () => {
    expect(validateDocument(doc())).toEqual([]);
  });

  test('POL-1: duplicate clause keys are refused', () => {
    const d = doc();
    d.sections[4]!.clauses.push({ key: 'intro.purpose', title: 'Again', text: 'Again.' });
    expect(validateDocument(d)).toEqual([
      'The key ‘intro.purpose’ is used by 2 clauses: clauses may share a key only as alternatives chosen by one setting, each for a different value',
    ]);
  });

  test('POL-1: alternatives must depend on the same setting, each for a different value', () => {
    const sameValue = doc();
    sameValue.sections[1]!.clauses[1]!.when = { setting: 'personalUseAtWork', value: 'never' };
    expect(validateDocument(sameValue)).toHaveLength(1);
    const differentSetting = doc();
    differentSetting.sections[1]!.clauses[1]!.when = { setting: 'businessUse', value: 'not-permitted' };
    expect(validateDocument(differentSetting)).toHaveLength(1);
    const oneUnconditional = doc();
    delete oneUnconditional.sections[1]!.clauses[1]!.when;
    expect(validateDocument(oneUnconditional)[0]).toContain('The key ‘use.at-work’ is used by 2 clauses');
  });

  test.each(['Intro.Purpose', 'intro purpose', 'intro..purpose', '.intro', 'intro.', 'intro_purpose', 'ïntro', ''])(
    'POL-1: the clause key %j has the wrong format',
    (key) => {
      const d = doc();
      d.sections[0]!.clauses[0]!.key = key;
      expect(validateDocument(d)).toEqual([
        `The clause ‘${key}’ in section 1 has a key that is not lower-case letters, numbers and hyphens, joined by dots (like ‘images.consent’)`,
      ]);
    },
  );

  test.each(['intro', 'a-b.c-d.e1', '5.2'])('POL-1: the key %j has the right format', (key) => {
    const d = doc();
    d.sections[0]!.clauses[0]!.key = key;
    expect(validateDocument(d)).toEqual([]);
  });

  test('POL-1: section keys must be well formed and unique', () => {
    const d = doc();
    d.sections[1]!.key = 'intro';
    d.sections[2]!.key = 'Accounts';
    expect(validateDocument(d)).toEqual([
      'Section 2 (‘Use’) has the key ‘intro’, which another section already uses',
      'Section 3 (‘Accounts’) has the key ‘Accounts’: keys are lower-case letters, numbers and hyphens, joined by dots',
    ]);
  });

  test('POL-1: titles and text must not be empty', () => {
    const d = doc();
    d.title = ' ';
    d.sections[0]!.title = '';
    d.sections[0]!.clauses[0]!.title = '  ';
    d.sections[0]!.clauses[1]!.text = '';
    expect(validateDocument(d)).toEqual([
      'The policy has no title',
      'Section 1 has no title',
      'The clause ‘intro.purpose’ has no title',
      'The clause ‘intro.head’ has no text',
    ]);
  });

  test('POL-1: a document with no sections, or a section with no clauses, is refused', () => {
    expect(validateDocument({ title: 'x', sections: [], relatedPolicies: [], legislation: [] })).toEqual([
      'The policy has no sections',
    ]);
    const d = doc();
    d.sections[4]!.clauses = [];
    expect(validateDocument(d)).toEqual(['Section 5 (‘Review’) has no clauses']);
  });

  test('POL-6: unknown placeholders and unmatched braces are reported', () => {
    const d = doc();
    d.sections[0]!.clauses[0]!.text = 'Ask {{headName}} within {{ responseDeadlineHours }}.';
    d.sections[0]!.clauses[1]!.title = 'The {{headTitle}';
    d.sections[1]!.title = 'Use }}';
    expect(validateDocument(d)).toEqual([
      'The clause ‘intro.purpose’ uses {{headName}}, which is not a setting Postwarden knows',
      'The clause ‘intro.head’ has a placeholder with unmatched braces',
      'Section 2 (‘Use }}’) has a placeholder with unmatched braces',
    ]);
  });

  test('POL-1: a condition must name a choice or yes/no setting and a value it can take', () => {
    const d = doc();
    d.sections[1]!.clauses[2]!.when = { setting: 'personalUse', value: 'never' };
    d.sections[1]!.clauses[1]!.when = { setting: 'personalUseAtWork', value: 'sometimes' };
    d.sections[2]!.when = { setting: 'firstNamesOnly', value: 'yes' };
    d.sections[3]!.clauses[0]!.when = { setting: 'responseDeadlineHours', value: '24' };
    expect(validateDocument(d)).toEqual([
      'The clause ‘use.at-work’ depends on ‘personalUseAtWork’ being ‘sometimes’, which that setting can never be',
      'The clause ‘use.reply’ depends on ‘personalUse’, which is not a setting Postwarden knows',
      'Section 3 (‘Accounts’) depends on ‘firstNamesOnly’ being ‘yes’, which that setting can never be',
      'The clause ‘training.required’ depends on ‘responseDeadlineHours’ being ‘24’, which that setting can never be',
    ]);
  });

  test('POL-6: related policies need names and legislation needs a title and a reason', () => {
    const d = doc();
    d.relatedPolicies.push(' ');
    d.legislation.push({ title: '', why: 'x' }, { title: 'Some Act', why: '' });
    expect(validateDocument(d)).toEqual([
      'Related policy 2 has no name',
      'Legislation entry 2 has no title',
      'Legislation entry 3 (Some Act) does not say why it matters',
    ]);
  });
});
