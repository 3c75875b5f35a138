/**
 * The message the applicant gets after each decision (ACC-2), as a pure function: plain text, the
 * reason when there is one, and a link back to the application.
 */
import type { Step } from './decision.ts';

export interface DecisionMailFacts {
  step: Step;
  outcome: 'approve' | 'reject';
  applicantGivenName: string;
  accountName: string;
  platform: string;
  headTitle: string;
  reason: string | null;
  link: string;
}

export function decisionMail(f: DecisionMailFacts): { subject: string; text: string } {
  const who = f.step === 'slt' ? 'the senior leadership team' : `the ${f.headTitle}`;
  const Who = who.charAt(0).toUpperCase() + who.slice(1);
  const verb = f.outcome === 'approve' ? 'approved' : 'rejected';
  const subject = `Your application for ‘${f.accountName}’ has been ${verb} by ${who}`;
  const what = `your application for an official ${f.platform} account, ‘${f.accountName}’`;
  const next = f.outcome === 'reject'
    ? 'The account will not be set up. You can see the whole application and its history at the link below.'
    : f.step === 'slt'
      ? `It now needs the ${f.headTitle}’s approval before the account administrator can set it up.`
      : 'The account administrator can now set the account up. They will be in touch with the people named to run it.';
  const lines = [`Dear ${f.applicantGivenName},`, '', `${Who} has ${verb} ${what}.`, ''];
  if (f.reason) lines.push(f.outcome === 'reject' ? 'The reason given:' : 'Their comment:', f.reason, '');
  lines.push(next, '', `See the application: ${f.link}`);
  return { subject, text: lines.join('\n') };
}
