import { describe, expect, it } from 'vitest';
import {
  awaitingDecisionMail,
  decisionMail,
  setUpMail,
  type AwaitingMailFacts,
  type DecisionMailFacts,
} from './mail.ts';

const base: DecisionMailFacts = {
  step: 'slt',
  outcome: 'approve',
  applicantGivenName: 'Priya',
  accountName: 'Year 6 residential trip',
  platform: 'Facebook',
  headTitle: 'Head of School',
  reason: null,
  link: 'https://postwarden.example/accounts/abc/application',
};

describe('ACC-2: the mail the applicant gets after each decision', () => {
  it('ACC-2: SLT’s approval says the head’s approval comes next', () => {
    const mail = decisionMail(base);
    expect(mail.subject).toBe(
      'Your application for ‘Year 6 residential trip’ has been approved by the senior leadership team',
    );
    expect(mail.text).toBe(
      [
        'Dear Priya,',
        '',
        'The senior leadership team has approved your application for an official Facebook account, ‘Year 6 residential trip’.',
        '',
        'It now needs the Head of School’s approval before the account administrator can set it up.',
        '',
        'See the application: https://postwarden.example/accounts/abc/application',
      ].join('\n'),
    );
  });

  it('ACC-2: a rejection carries the reason, at either step', () => {
    const slt = decisionMail({ ...base, outcome: 'reject', reason: 'Use the main account instead.' });
    expect(slt.subject).toBe(
      'Your application for ‘Year 6 residential trip’ has been rejected by the senior leadership team',
    );
    expect(slt.text).toContain('The senior leadership team has rejected your application');
    expect(slt.text).toContain('The reason given:\nUse the main account instead.\n');
    expect(slt.text).toContain('The account will not be set up.');
    const head = decisionMail({ ...base, step: 'head', outcome: 'reject', reason: 'Not this term.' });
    expect(head.subject).toBe('Your application for ‘Year 6 residential trip’ has been rejected by the Head of School');
    expect(head.text).toContain('The Head of School has rejected your application');
    expect(head.text).toContain('The reason given:\nNot this term.');
  });

  it('ACC-2: the head’s approval says the account administrator can set it up, with any comment', () => {
    const mail = decisionMail({ ...base, step: 'head', headTitle: 'Headteacher', reason: 'Well argued.' });
    expect(mail.subject).toBe('Your application for ‘Year 6 residential trip’ has been approved by the Headteacher');
    expect(mail.text).toContain('The Headteacher has approved your application');
    expect(mail.text).toContain('Their comment:\nWell argued.');
    expect(mail.text).toContain('The account administrator can now set the account up.');
  });
});

describe('ACC-2, issue 8.3: the mail each decider gets when an application waits for them', () => {
  const facts: AwaitingMailFacts = {
    step: 'slt',
    bothSteps: false,
    deciderGivenName: 'Sam',
    applicantName: 'Priya Shah',
    accountName: 'Year 6 residential trip',
    platform: 'Facebook',
    headTitle: 'Head of School',
    blockers: [],
    link: 'https://postwarden.example/accounts/abc/decision',
  };

  it('ACC-2: a member of SLT is asked to decide, told the head approves next, and given the link', () => {
    const mail = awaitingDecisionMail(facts);
    expect(mail.subject).toBe(
      'An application for an official account is waiting for your decision: ‘Year 6 residential trip’',
    );
    expect(mail.text).toBe(
      [
        'Dear Sam,',
        '',
        'Priya Shah has applied for an official Facebook account, ‘Year 6 residential trip’.',
        '',
        'It is waiting for a decision from the senior leadership team. If you approve it, it then goes to the Head of School for the final approval.',
        '',
        'Read the application and decide: https://postwarden.example/accounts/abc/decision',
      ].join('\n'),
    );
  });

  it('issue 8.3: the head deciding for SLT is told their approval is the final one', () => {
    const mail = awaitingDecisionMail({ ...facts, bothSteps: true });
    expect(mail.text).toContain(
      'As Head of School, if you approve it your approval is the final one, and the account administrator can then set it up.',
    );
    expect(mail.text).not.toContain('goes to the Head of School');
  });

  it('ACC-2: the head is asked for their approval once SLT has approved', () => {
    const mail = awaitingDecisionMail({ ...facts, step: 'head', deciderGivenName: 'Hana' });
    expect(mail.subject).toBe(
      'An application for an official account is waiting for your approval as Head of School: ‘Year 6 residential trip’',
    );
    expect(mail.text).toContain(
      'The senior leadership team has approved it. It now needs your approval as Head of School before the account administrator can set it up.',
    );
  });

  it('ACC-3: what stops approval is listed, with what the decider can do meanwhile', () => {
    const mail = awaitingDecisionMail({
      ...facts,
      blockers: ['Ray Unready has not signed version 1 of the social media policy'],
    });
    expect(mail.text).toContain(
      'It cannot be approved yet:\n- Ray Unready has not signed version 1 of the social media policy\n\nYou can reject it now, with a reason, or approve it once this is put right.',
    );
  });

  it('ACC-6: the account administrators are told an approved account waits to be set up', () => {
    const mail = setUpMail({
      adminGivenName: 'Ade',
      accountName: 'Year 6 residential trip',
      platform: 'Facebook',
      headTitle: 'Headteacher',
      link: 'https://postwarden.example/accounts/abc/setup',
    });
    expect(mail.subject).toBe('An approved account is waiting to be set up: ‘Year 6 residential trip’');
    expect(mail.text).toContain(
      'The Headteacher has approved the application for an official Facebook account, ‘Year 6 residential trip’.',
    );
    expect(mail.text).toContain('https://postwarden.example/accounts/abc/setup');
  });
});
