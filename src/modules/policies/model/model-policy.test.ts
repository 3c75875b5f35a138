import { describe, expect, test } from 'vitest';
import { citation, fillPlaceholders, numberPolicy, placeholdersIn, validateDocument } from '../rules/render.ts';
import { MODEL_POLICY } from './model-policy.ts';
import { SETTINGS, defaultSettings, isSettingKey, type PolicySettings } from './settings.ts';

const settings = (overrides: Partial<PolicySettings> = {}): PolicySettings => ({ ...defaultSettings(), ...overrides });
const allClauses = MODEL_POLICY.sections.flatMap((s) => s.clauses);
const distinctKeys = new Set(allClauses.map((c) => c.key));
const textOf = (key: string, s: PolicySettings = settings()): string | undefined =>
  numberPolicy(MODEL_POLICY, s)
    .flatMap((section) => section.clauses)
    .find((c) => c.key === key)?.text;
const renderedKeys = (s: PolicySettings): string[] =>
  numberPolicy(MODEL_POLICY, s).flatMap((section) => section.clauses.map((c) => c.key));

/** Clause keys other modules cite; renaming one breaks them. */
const CITED_KEYS = [
  'scope.people',
  'personal-use.at-work',
  'prohibited.confidential',
  'prohibited.offensive',
  'prohibited.opinions-on-behalf',
  'business-use.approval',
  'business-use.press-enquiries',
  'accounts.application',
  'accounts.operators',
  'accounts.credentials',
  'accounts.handover',
  'accounts.monitoring',
  'accounts.response-time',
  'images.first-names-only',
  'images.consent',
  'images.never-publish',
  'images.identifying-details',
  'images.attribution',
  'images.human-checks',
  'contact.pupils-under-age',
  'reporting.misuse',
  'reporting.safeguarding',
  'reporting.allegations-about-adults',
  'cyberbullying.takedown',
  'breaches.discipline',
  'confidentiality.personal-data',
  'privacy.settings',
  'review.cycle',
  'signing.statement',
];

/** Every combination of the settings that choose alternatives. */
function everyChoice(): PolicySettings[] {
  const axes: Partial<Record<keyof PolicySettings, (string | boolean)[]>> = {
    personalUseAtWork: SETTINGS.personalUseAtWork.options.map((o) => o.value),
    businessUse: SETTINGS.businessUse.options.map((o) => o.value),
    weekendNextWorkingDay: [true, false],
    operatorTrainingRequired: [true, false],
    firstNamesOnly: [true, false],
    tradeUnionsConsulted: [true, false],
  };
  let combos: PolicySettings[] = [settings()];
  for (const [key, values] of Object.entries(axes)) {
    combos = combos.flatMap((combo) => values!.map((value) => ({ ...combo, [key]: value }) as PolicySettings));
  }
  return combos;
}

describe('the model policy', () => {
  test('POL-1: it is a sound document: unique, well-formed keys; alternatives share a key only on one setting', () => {
    expect(validateDocument(MODEL_POLICY)).toEqual([]);
  });

  test('POL-1: it has about 14 sections and 60 to 90 clauses', () => {
    expect(MODEL_POLICY.sections.length).toBeGreaterThanOrEqual(12);
    expect(MODEL_POLICY.sections.length).toBeLessThanOrEqual(16);
    expect(distinctKeys.size).toBeGreaterThanOrEqual(60);
    expect(distinctKeys.size).toBeLessThanOrEqual(90);
    for (const s of everyChoice()) {
      const count = renderedKeys(s).length;
      expect(count).toBeGreaterThanOrEqual(60);
      expect(count).toBeLessThanOrEqual(90);
    }
  });

  test('POL-1: it covers every topic the five seeds cover', () => {
    expect(MODEL_POLICY.sections.map((s) => s.key)).toEqual([
      'scope',
      'personal-use',
      'prohibited',
      'contact',
      'business-use',
      'accounts',
      'images',
      'reporting',
      'cyberbullying',
      'confidentiality',
      'privacy',
      'monitoring',
      'breaches',
      'review',
    ]);
  });

  test.each(CITED_KEYS)('POL-1: it has the clause ‘%s’ that other modules cite', (key) => {
    expect(distinctKeys.has(key)).toBe(true);
    expect(citation(MODEL_POLICY, settings(), key)?.label).toMatch(/^§\d+\.\d+ \S/);
  });

  test('POL-6: every placeholder in the model policy is a setting Postwarden knows', () => {
    const texts = MODEL_POLICY.sections.flatMap((s) => [s.title, ...s.clauses.flatMap((c) => [c.title, c.text])]);
    const used = new Set(texts.flatMap(placeholdersIn));
    for (const name of used) expect(isSettingKey(name), name).toBe(true);
    for (const text of texts) expect(() => fillPlaceholders(text, settings())).not.toThrow();
    expect([...used].sort()).toEqual([
      'accountCheckIntervalHours',
      'businessUseApprover',
      'headTitle',
      'minimumOperators',
      'postApprovers',
      'pupilContactAgeLimit',
      'responseDeadlineHours',
      'reviewCycleMonths',
      'signingStatement',
      'takedownTargetHours',
    ]);
  });

  test('POL-6: every combination of choices renders: numbered in order, placeholders filled, each key once', () => {
    for (const s of everyChoice()) {
      const numbered = numberPolicy(MODEL_POLICY, s);
      numbered.forEach((section, i) => {
        expect(section.number).toBe(String(i + 1));
        section.clauses.forEach((clause, j) => {
          expect(clause.number).toBe(`${i + 1}.${j + 1}`);
          expect(clause.text).not.toMatch(/\{\{|\}\}/);
          expect(clause.title).not.toMatch(/\{\{|\}\}/);
        });
      });
      const keys = renderedKeys(s);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});

describe('the alternatives the school chooses', () => {
  test('POL-1: personal use at work: never', () => {
    expect(textOf('personal-use.at-work', settings({ personalUseAtWork: 'never' }))).toBe(
      'Do not use social media for personal reasons during working hours. Do not use the school’s computers, network or other equipment for it at any time.',
    );
  });

  test('POL-1: personal use at work: occasionally, in a designated place', () => {
    const text = textOf('personal-use.at-work', settings({ personalUseAtWork: 'designated-place' }));
    expect(text).toContain('only in the place the school has set aside for it');
  });

  test('POL-1: personal use at work: occasionally, never in lessons', () => {
    const text = textOf('personal-use.at-work', settings({ personalUseAtWork: 'occasional' }));
    expect(text).toContain('not in lessons');
    expect(text).toContain('Excessive use');
  });

  test('POL-1: the personal-use clause keeps its number and citation whichever wording is chosen', () => {
    const labels = SETTINGS.personalUseAtWork.options.map(
      (o) => citation(MODEL_POLICY, settings({ personalUseAtWork: o.value }), 'personal-use.at-work')?.label,
    );
    expect(new Set(labels)).toEqual(new Set(['§2.1 Personal use at work']));
  });

  test('POL-1: business use with approval: the approval, editorial and account clauses appear, and the approver is named', () => {
    const keys = renderedKeys(settings({ businessUse: 'with-approval' }));
    expect(keys).toEqual(
      expect.arrayContaining([
        'business-use.approval',
        'business-use.editorial',
        'accounts.application',
        'accounts.operators',
        'accounts.response-time',
      ]),
    );
    expect(keys).not.toContain('business-use.not-permitted');
    expect(textOf('business-use.approval', settings({ businessUseApprover: 'line-manager' }))).toContain(
      'ask your line manager before you do',
    );
    expect(textOf('business-use.approval', settings({ businessUseApprover: 'slt' }))).toContain(
      'ask a member of the senior leadership team before you do',
    );
    expect(
      textOf('business-use.approval', settings({ businessUseApprover: 'head', headTitle: 'Principal' })),
    ).toContain('ask the Principal before you do');
  });

  test('POL-1: business use not permitted: one clause replaces the business-use and official-account clauses', () => {
    const s = settings({ businessUse: 'not-permitted' });
    const numbered = numberPolicy(MODEL_POLICY, s);
    expect(numbered.map((section) => section.key)).not.toContain('accounts');
    const businessUse = numbered.find((section) => section.key === 'business-use')!;
    expect(businessUse.clauses.map((c) => c.key)).toEqual([
      'business-use.not-permitted',
      'business-use.press-enquiries',
    ]);
    expect(businessUse.clauses[0]!.text).toContain('No one may use social media on the school’s behalf');
    expect(renderedKeys(s).filter((key) => key.startsWith('accounts.'))).toEqual([]);
    expect(citation(MODEL_POLICY, s, 'accounts.operators')).toBeUndefined();
  });

  test('POL-1: replies at weekends wait for the next working day, or not', () => {
    expect(textOf('accounts.response-time', settings({ weekendNextWorkingDay: true }))).toContain(
      'by the end of the next working day',
    );
    expect(textOf('accounts.response-time', settings({ weekendNextWorkingDay: false }))).toContain(
      'at weekends and on holidays too',
    );
  });

  test('POL-1: operators are trained first, or only sign', () => {
    expect(textOf('accounts.readiness', settings({ operatorTrainingRequired: true }))).toContain(
      'completed the school’s training',
    );
    expect(textOf('accounts.readiness', settings({ operatorTrainingRequired: false }))).not.toContain('training');
  });

  test('POL-1: first names only, and trade union consultation, appear only when chosen', () => {
    expect(renderedKeys(settings({ firstNamesOnly: true }))).toContain('images.first-names-only');
    expect(renderedKeys(settings({ firstNamesOnly: false }))).not.toContain('images.first-names-only');
    expect(renderedKeys(settings({ tradeUnionsConsulted: true }))).toContain('review.consultation');
    expect(renderedKeys(settings({ tradeUnionsConsulted: false }))).not.toContain('review.consultation');
  });
});

describe('settings in the text', () => {
  const s = settings({
    headTitle: 'Head of School',
    responseDeadlineHours: 48,
    minimumOperators: 3,
    pupilContactAgeLimit: 21,
    takedownTargetHours: 12,
    reviewCycleMonths: 24,
    accountCheckIntervalHours: 6,
    signingStatement: 'I accept the policy.',
  });

  test('POL-6: the head is named as the school calls them, everywhere', () => {
    const all = numberPolicy(MODEL_POLICY, s)
      .flatMap((section) => section.clauses.map((c) => c.text))
      .join('\n');
    expect(all).toContain('Head of School');
    expect(all).not.toContain('Headteacher');
    expect(textOf('reporting.misuse', s)).toBe(
      'If you know of anyone misusing social media in a way that involves the school, tell the Head of School.',
    );
  });

  test('POL-6: the numbers come from the settings', () => {
    expect(textOf('accounts.response-time', s)).toContain('Reply within 48 hours');
    expect(textOf('accounts.operators', s)).toContain('at least 3 people');
    expect(textOf('accounts.operators', settings({ minimumOperators: 1 }))).toContain('at least 1 person,');
    expect(textOf('accounts.monitoring', s)).toContain('at least every 6 hours');
    expect(textOf('contact.pupils-under-age', s)).toContain('any former pupil under 21 years old');
    expect(textOf('cyberbullying.takedown', s)).toContain('within 12 hours of your report');
    expect(textOf('review.cycle', s)).toContain('every 24 months');
    expect(textOf('signing.statement', s)).toContain('‘I accept the policy.’');
    expect(textOf('business-use.editorial', s)).toContain('rests with the Head of School or someone they nominate');
    expect(textOf('business-use.editorial', settings({ postApprovers: 'head' }))).toContain(
      'rests with the Headteacher.',
    );
  });
});

describe('related policies and legislation', () => {
  test('POL-6: the policy lists related policies to read alongside it', () => {
    expect(MODEL_POLICY.relatedPolicies).toEqual(
      expect.arrayContaining([
        'Child protection and safeguarding policy',
        'Disciplinary policy and procedure',
        'Whistleblowing policy',
        'Behaviour policy',
      ]),
    );
    expect(new Set(MODEL_POLICY.relatedPolicies).size).toBe(MODEL_POLICY.relatedPolicies.length);
  });

  test.each([
    'Data Protection Act 2018 and UK GDPR',
    'Keeping Children Safe in Education',
    'Human Rights Act 1998',
    'Equality Act 2010',
    'Defamation Act 2013',
    'Malicious Communications Act 1988',
    'Communications Act 2003',
    'Protection from Harassment Act 1997',
    'Copyright, Designs and Patents Act 1988',
    'Regulation of Investigatory Powers Act 2000',
    'Investigatory Powers Act 2016',
    'Computer Misuse Act 1990',
    'Online Safety Act 2023',
  ])('POL-6: the legislation includes %s, with a one-line reason', (name) => {
    const law = MODEL_POLICY.legislation.find((l) => l.title.includes(name));
    expect(law, name).toBeDefined();
    expect(law!.why).toMatch(/^[A-Z].{20,140}\.$/);
  });
});

describe('plain English', () => {
  const sentences = allClauses.flatMap((c) => c.text.split(/(?<=[.:;?!])\s+/));

  test('POL-1: sentences are short: none over 40 words, and 18 or fewer on average', () => {
    const lengths = sentences.map((sentence) => sentence.split(/\s+/).length);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(40);
    expect(lengths.reduce((a, b) => a + b, 0) / lengths.length).toBeLessThanOrEqual(18);
  });

  test('POL-1: it speaks to the reader as ‘you’', () => {
    const addressed = allClauses.filter(
      (c) =>
        /\byou(r)?\b/i.test(c.text) ||
        /^(Do|Don’t|Never|Check|Keep|Write|Report|Share|Use|Take|Treat|Set|Be) /.test(c.text),
    );
    expect(addressed.length / allClauses.length).toBeGreaterThan(0.6);
  });

  test('POL-1: it uses UK spelling', () => {
    const text = allClauses.map((c) => `${c.title} ${c.text}`).join(' ');
    expect(text).not.toMatch(
      /\b(behavior|color|organization|organize|authorize|recognize|license\b|favor|honor|program\b|center|judgment|criticize|apologize|enroll)/i,
    );
  });

  test('POL-1: every clause title and text starts with a capital and the text ends with a full stop', () => {
    for (const c of allClauses) {
      expect(c.title, c.key).toMatch(/^[A-Z]/);
      expect(c.text, c.key).toMatch(/^(\{\{[a-zA-Z]+\}\}|[A-Z‘])/);
      expect(c.text, c.key).toMatch(/[.’]$/);
    }
  });
});
