import { describe, expect, it } from 'vitest';
import { STATUS_ORDER } from '../../model.ts';
import {
  businessUseRefusal,
  headApproval,
  isPersonalReason,
  reasonSentence,
  statusPhrase,
  ukLongDate,
  yourReason,
  yourReasons,
} from './words.ts';

describe('how applications word things', () => {
  it('ACC-3: each reason the policies service gives reads as a sentence about the person', () => {
    const cases: [string, string][] = [
      [
        'Has not signed version 2 of the social media policy',
        'Sam Patel has not signed version 2 of the social media policy',
      ],
      [
        'Has not completed ‘Running an official school account’',
        'Sam Patel has not completed ‘Running an official school account’',
      ],
      [
        'Their ‘Running an official school account’ training expired on 3 March 2026',
        'Sam Patel’s ‘Running an official school account’ training expired on 3 March 2026',
      ],
      ['Left on 31 August 2026', 'Sam Patel left on 31 August 2026'],
      ['Is not one of this school’s people', 'Sam Patel is not one of this school’s people'],
      [
        'There is no approved social media policy in force yet, so nobody can have signed it',
        'Sam Patel: There is no approved social media policy in force yet, so nobody can have signed it',
      ],
      [
        'The policy says operators must be trained first, but no training course is marked as required for account operators',
        'Sam Patel: The policy says operators must be trained first, but no training course is marked as required for account operators',
      ],
    ];
    for (const [reason, sentence] of cases) expect(reasonSentence('Sam Patel', reason)).toBe(sentence);
    expect(cases.map(([reason]) => isPersonalReason(reason))).toEqual([true, true, true, true, true, false, false]);
  });

  it('ACC-3, issue 8.8: each reason reads as a sentence to the person themselves, for their home page', () => {
    expect(yourReason('Has not signed version 2 of the social media policy')).toBe(
      'You have not signed version 2 of the social media policy',
    );
    expect(yourReason('Has not completed ‘Running an official school account’')).toBe(
      'You have not completed ‘Running an official school account’',
    );
    expect(yourReason('Their ‘Running an official school account’ training expired on 3 March 2026')).toBe(
      'Your ‘Running an official school account’ training expired on 3 March 2026',
    );
    expect(yourReason('Left on 31 August 2026')).toBe('You left on 31 August 2026');
    expect(yourReason('Is not one of this school’s people')).toBe('You are not one of this school’s people');
    expect(yourReason('There is no approved social media policy in force yet, so nobody can have signed it')).toBe(
      'There is no approved social media policy in force yet, so nobody can have signed it',
    );
    expect(
      yourReasons([
        'Has not signed version 2 of the social media policy',
        'Their ‘X’ training expired on 3 March 2026',
      ]),
    ).toBe('you have not signed version 2 of the social media policy; your ‘X’ training expired on 3 March 2026');
  });

  it('ACC-2: every status has a phrase for “not waiting for this decision”', () => {
    const phrases = STATUS_ORDER.map(statusPhrase);
    expect(phrases.every((p) => p.length > 10)).toBe(true);
    expect(statusPhrase('rejected')).toBe('it has been rejected');
    expect(statusPhrase('approved')).toBe('it has already been approved');
    expect(statusPhrase('endorsed')).toBe('the senior leadership team has already approved it');
    expect(statusPhrase('draft')).toBe('it has not been sent for a decision yet');
    expect(statusPhrase('active')).toBe(statusPhrase('under_review'));
    expect(statusPhrase('closed')).toBe('the account has been closed');
  });

  it('ACC-7: the business-use refusal cites the clause when the policy has one', () => {
    expect(businessUseRefusal('§4.2 No one speaks for the school on social media', 'apply')).toBe(
      'Your school’s policy (§4.2 No one speaks for the school on social media) does not permit official social media accounts, so you cannot apply for one',
    );
    expect(businessUseRefusal(undefined, 'apply')).toBe(
      'Your school’s policy does not permit official social media accounts, so you cannot apply for one',
    );
    expect(businessUseRefusal('§4.2 X', 'approve')).toBe(
      'Your school’s policy (§4.2 X) does not permit official social media accounts, so no application can be approved',
    );
  });

  it('ORG-3: the head is named by the school’s own title; dates read as GOV.UK writes them', () => {
    expect(headApproval('Head of School')).toBe('the Head of School’s approval');
    expect(ukLongDate('2026-03-03')).toBe('3 March 2026');
    expect(ukLongDate('2026-12-31')).toBe('31 December 2026');
  });
});
