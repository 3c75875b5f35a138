import { describe, expect, it } from 'vitest';
import { decisionMail, type DecisionMailFacts } from './mail.ts';

const base: DecisionMailFacts = {
  step: 'slt', outcome: 'approve', applicantGivenName: 'Priya', accountName: 'Year 6 residential trip', platform: 'Facebook', headTitle: 'Head of School', reason: null,
  link: 'https://postwarden.example/accounts/abc/application',
};

describe('ACC-2: the mail the applicant gets after each decision', () => {
  it('ACC-2: SLT’s approval says the head’s approval comes next', () => {
    const mail = decisionMail(base);
    expect(mail.subject).toBe('Your application for ‘Year 6 residential trip’ has been approved by the senior leadership team');
    expect(mail.text).toBe([
      'Dear Priya,', '',
      'The senior leadership team has approved your application for an official Facebook account, ‘Year 6 residential trip’.', '',
      'It now needs the Head of School’s approval before the account administrator can set it up.', '',
      'See the application: https://postwarden.example/accounts/abc/application',
    ].join('\n'));
  });

  it('ACC-2: a rejection carries the reason, at either step', () => {
    const slt = decisionMail({ ...base, outcome: 'reject', reason: 'Use the main account instead.' });
    expect(slt.subject).toBe('Your application for ‘Year 6 residential trip’ has been rejected by the senior leadership team');
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
