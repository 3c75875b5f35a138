import { describe, expect, it } from 'vitest';
import { mayActOnCase, maySeeCase, type CaseAccessFacts, type Viewer } from './visibility.ts';

const base: CaseAccessFacts = {
  restricted: false,
  aboutHead: false,
  reporterId: 'reporter',
  ownerId: 'owner',
  actionOwnerIds: ['helper'],
  subjectIds: [],
};
const viewer = (id: string, roles: Partial<Viewer> = {}): Viewer => ({
  id,
  seesSchoolCases: false,
  dslTeam: false,
  head: false,
  chair: false,
  ...roles,
});
const everyone: Viewer[] = [
  viewer('admin'),
  viewer('teacher'),
  viewer('hr'),
  viewer('governor'),
  viewer('reporter'),
  viewer('helper'),
  viewer('slt', { seesSchoolCases: true }),
  viewer('dsl', { seesSchoolCases: true, dslTeam: true }),
  viewer('head', { seesSchoolCases: true, head: true }),
  viewer('chair', { chair: true }),
];

describe('who may see a case (INC-7)', () => {
  it('INC-7: an ordinary case is seen by leaders, its owner, its reporter and action owners, not by administrators, HR or governors', () => {
    const seen = everyone.filter((v) => maySeeCase(base, v)).map((v) => v.id);
    expect(seen).toEqual(['reporter', 'helper', 'slt', 'dsl', 'head']);
    expect(maySeeCase(base, viewer('owner'))).toBe(true);
  });

  it('INC-7: a restricted case is seen only by the DSL team and the head, not its reporter, SLT or action owners', () => {
    const c = { ...base, restricted: true };
    expect(everyone.filter((v) => maySeeCase(c, v)).map((v) => v.id)).toEqual(['dsl', 'head']);
  });

  it('INC-7: a restricted case about the head is seen by the DSL team and the chair, not the head', () => {
    const c = { ...base, restricted: true, aboutHead: true, subjectIds: ['head'] };
    expect(everyone.filter((v) => maySeeCase(c, v)).map((v) => v.id)).toEqual(['dsl', 'chair']);
    // Even a head who is not named is not the chair's stand-in for a case about the head.
    expect(maySeeCase({ ...c, subjectIds: [] }, viewer('head', { head: true, seesSchoolCases: true }))).toBe(false);
  });

  it('INC-7: the person a case is about never sees it, whatever roles they hold', () => {
    const god = viewer('x', { seesSchoolCases: true, dslTeam: true, head: true, chair: true });
    for (const restricted of [true, false])
      expect(maySeeCase({ ...base, restricted, subjectIds: ['x'], reporterId: 'x', ownerId: 'x' }, god)).toBe(false);
  });

  it('INC-3: a reporter and an action owner may see an ordinary case but not act on it; its owner and leaders may', () => {
    expect(mayActOnCase(base, viewer('reporter'))).toBe(false);
    expect(mayActOnCase(base, viewer('helper'))).toBe(false);
    expect(mayActOnCase(base, viewer('owner'))).toBe(true);
    expect(mayActOnCase(base, viewer('slt', { seesSchoolCases: true }))).toBe(true);
    expect(mayActOnCase({ ...base, restricted: true }, viewer('dsl', { dslTeam: true }))).toBe(true);
    expect(mayActOnCase({ ...base, restricted: true }, viewer('slt', { seesSchoolCases: true }))).toBe(false);
  });
});
