import { describe, expect, it } from 'vitest';
import { buildRosterMatcher, type RosterPupil } from '../../../publishing/checks/index.ts';
import { checkPersonalPost, schoolNameForms, schoolNamesLexicon, type PersonalCheckContext } from './check.ts';

const pupil = (id: string, givenName: string, familyName: string, extra: Partial<RosterPupil> = {}): RosterPupil => ({
  id,
  givenName,
  familyName,
  formGroup: '4B',
  yearGroup: 4,
  dateOfBirth: '2017-04-12',
  neverPublish: false,
  consentSocial: true,
  ...extra,
});
const person = (id: string, givenName: string, familyName: string): RosterPupil => ({
  id,
  givenName,
  familyName,
  neverPublish: false,
  consentSocial: true,
});

const staff = buildRosterMatcher([person('s1', 'Priya', 'Patel'), person('s2', 'Gareth', 'Moorcroft')]);
const ctx: PersonalCheckContext = {
  pupils: buildRosterMatcher([
    pupil('p1', 'Josephine', 'Quill'),
    pupil('p2', 'Marnie', 'Oakhurst', { neverPublish: true, consentSocial: false }),
  ]),
  staff,
  self: new Set([staff.indexOf('s2')!]),
  staffSurnames: new Map([
    ['patel', 1],
    ['moorcroft', 1],
  ]),
  selfSurname: 'moorcroft',
  schoolNames: schoolNamesLexicon(
    schoolNameForms([
      { name: 'Kestrel Hill Primary School', nicknames: ['KHPS', 'the Kestrels'] },
      { name: 'Alder Brook Academy', nicknames: [] },
    ]),
  ),
  today: new Date('2026-11-18T10:00:00Z'),
};
const rules = (text: string) => checkPersonalPost(text, ctx).map((f) => f.rule);
const words = (text: string, rule: string) =>
  checkPersonalPost(text, ctx)
    .filter((f) => f.rule === rule)
    .flatMap((f) => f.spans.map((s) => text.slice(s.start, s.end)));

describe('STF-1: the "before you post" check', () => {
  it('STF-1: names any of the trust’s schools, by full name, short name or nickname', () => {
    expect(words('Lovely evening at Kestrel Hill Primary School.', 'school-name')).toEqual([
      'Kestrel Hill Primary School',
    ]);
    expect(words('Proud of everyone at kestrel hill today', 'school-name')).toEqual(['kestrel hill']);
    expect(words('Go KHPS! And Alder Brook too', 'school-name')).toEqual(['KHPS', 'Alder Brook']);
  });

  it('STF-1: a pupil by any form of name, said only as "a pupil at your school"', () => {
    for (const text of ['So proud of Josephine Quill today', 'Well done J. Quill!', 'Quill, Josephine was brilliant']) {
      const found = checkPersonalPost(text, ctx).filter((f) => f.rule === 'pupil');
      expect(found, text).toHaveLength(1);
      expect(found[0]!.message).toContain('a pupil at your school');
    }
  });

  it('STF-1: a never-publish pupil reads exactly like any other pupil: no year, class, consent or status', () => {
    const plain = checkPersonalPost('Saw Josephine Quill in town', ctx).find((f) => f.rule === 'pupil')!;
    const secret = checkPersonalPost('Saw Marnie Oakhurst in town', ctx).find((f) => f.rule === 'pupil')!;
    expect(secret.message.replace('Marnie Oakhurst', 'X')).toBe(plain.message.replace('Josephine Quill', 'X'));
    expect(secret.message).not.toMatch(/year|4B|consent|never|publish list|looked-after/i);
    expect(Object.keys(secret).sort()).toEqual(['clauseKey', 'message', 'rule', 'spans']);
  });

  it('STF-1: a colleague by full name or title and surname, but not the writer themself', () => {
    expect(words('Drinks with Priya Patel tonight', 'colleague')).toEqual(['Priya Patel']);
    expect(words('Mrs Patel was on form today', 'colleague')).toEqual(['Mrs Patel']);
    expect(words('Gareth Moorcroft here, new blog post', 'colleague')).toEqual([]);
    expect(words('Mr Moorcroft says hello', 'colleague')).toEqual([]);
    expect(words('Mr Bean is on telly', 'colleague')).toEqual([]);
  });

  it('STF-1: a school event or trip', () => {
    expect(words('Exhausted after the Year 6 residential', 'school-event')).toEqual(['residential']);
    expect(words('Sports day tomorrow, fingers crossed for sun', 'school-event')).toEqual(['Sports day']);
    expect(rules('Off to the beach with the dog')).toEqual([]);
  });

  it('STF-1: confidential matters and contact details, each with its clause', () => {
    const found = checkPersonalPost('Another exclusion this week. Text me on 07700 900123', ctx);
    expect(found.map((f) => [f.rule, f.clauseKey])).toEqual([
      ['confidential', 'prohibited.confidential'],
      ['contact-details', 'privacy.personal-details'],
    ]);
  });

  it('STF-1: a view in a post tied to work suggests a disclaimer; the same view alone does not', () => {
    const tied = checkPersonalPost('At work we all think the government is wrong about funding', ctx);
    const opinion = tied.find((f) => f.rule === 'opinion');
    expect(opinion?.clauseKey).toBe('personal-use.own-behalf');
    expect(opinion?.message).toContain('Views are my own');
    expect(rules('I think the government is wrong about funding')).not.toContain('opinion');
  });

  it('STF-1: every finding cites a clause', () => {
    const all = checkPersonalPost(
      'Kestrel Hill residential with Priya Patel and Josephine Quill. Another exclusion. At work we think the government is wrong. 07700 900123',
      ctx,
    );
    expect(new Set(all.map((f) => f.rule))).toEqual(
      new Set(['school-name', 'school-event', 'colleague', 'pupil', 'confidential', 'opinion', 'contact-details']),
    );
    for (const f of all) expect(f.clauseKey).toMatch(/^[a-z-]+\.[a-z-]+$/);
  });
});
