import { describe, expect, it } from 'vitest';
import {
  courseState,
  eligibilityReasons,
  isCurrent,
  roleOfRequirement,
  roleRequirement,
  ukLongDate,
  type EligibilityFacts,
} from './eligibility.ts';

const course = { id: 'c1', title: 'Running an official school account' };
const base: EligibilityFacts = {
  today: '2026-11-18',
  leavingDate: null,
  policyVersion: { number: 2 },
  signedPolicyVersion: true,
  trainingRequired: true,
  operatorCourses: [course],
  completions: [{ courseId: 'c1', completedOn: '2026-01-10', expiresOn: '2027-01-10' }],
};

describe('training rules', () => {
  it('POL-5: a completion counts until its expiry date, and not on it', () => {
    expect(isCurrent({ expiresOn: '2026-11-19' }, '2026-11-18')).toBe(true);
    expect(isCurrent({ expiresOn: '2026-11-18' }, '2026-11-18')).toBe(false);
    expect(isCurrent({ expiresOn: null }, '2099-01-01')).toBe(true);
  });

  it('POL-5: the completion that lasts longest counts; otherwise the one that expired last is reported', () => {
    const completions = [
      { courseId: 'c1', completedOn: '2024-01-01', expiresOn: '2025-01-01' },
      { courseId: 'c1', completedOn: '2025-03-03', expiresOn: '2026-03-03' },
      { courseId: 'c2', completedOn: '2026-01-01', expiresOn: null },
    ];
    expect(courseState(completions, 'c1', '2026-11-18')).toEqual({ state: 'expired', completion: completions[1] });
    expect(courseState(completions, 'c2', '2026-11-18')).toEqual({ state: 'current', completion: completions[2] });
    expect(courseState(completions, 'c3', '2026-11-18')).toEqual({ state: 'missing' });
    expect(
      courseState(
        [...completions, { courseId: 'c1', completedOn: '2026-06-01', expiresOn: '2027-06-01' }],
        'c1',
        '2026-11-18',
      ).state,
    ).toBe('current');
  });

  it('ACC-3: every reason is given, in order, and none when eligible', () => {
    expect(eligibilityReasons(base)).toEqual([]);
    expect(
      eligibilityReasons({ ...base, leavingDate: '2026-08-31', signedPolicyVersion: false, completions: [] }),
    ).toEqual([
      'Left on 31 August 2026',
      'Has not signed version 2 of the social media policy',
      'Has not completed ‘Running an official school account’',
    ]);
    expect(eligibilityReasons({ ...base, today: '2027-01-10' })).toEqual([
      'Their ‘Running an official school account’ training expired on 10 January 2027',
    ]);
    expect(eligibilityReasons({ ...base, today: '2027-01-10', trainingRequired: false })).toEqual([]);
    expect(eligibilityReasons({ ...base, leavingDate: '2026-12-31' })).toEqual([]); // leaving later, not left
    expect(eligibilityReasons({ ...base, operatorCourses: [] })).toEqual([
      'The policy says operators must be trained first, but no training course is marked as required for account operators',
    ]);
    expect(eligibilityReasons({ ...base, policyVersion: null, signedPolicyVersion: false })).toEqual([
      'There is no approved social media policy in force yet, so nobody can have signed it',
    ]);
  });

  it('POL-5: requirements name roles as role:<id>; dates read as UK people write them', () => {
    expect(roleRequirement('headteacher')).toBe('role:headteacher');
    expect(roleOfRequirement('role:dsl')).toBe('dsl');
    expect(roleOfRequirement('account-operator')).toBeUndefined();
    expect(ukLongDate('2026-03-03')).toBe('3 March 2026');
  });
});
