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
  const next =
    f.outcome === 'reject'
      ? 'The account will not be set up. You can see the whole application and its history at the link below.'
      : f.step === 'slt'
        ? `It now needs the ${f.headTitle}’s approval before the account administrator can set it up.`
        : 'The account administrator can now set the account up. They will be in touch with the people named to run it.';
  const lines = [`Dear ${f.applicantGivenName},`, '', `${Who} has ${verb} ${what}.`, ''];
  if (f.reason) lines.push(f.outcome === 'reject' ? 'The reason given:' : 'Their comment:', f.reason, '');
  lines.push(next, '', `See the application: ${f.link}`);
  return { subject, text: lines.join('\n') };
}

export interface AwaitingMailFacts {
  step: Step;
  /** The person told is the head, deciding for SLT: their approval is the final one. */
  bothSteps: boolean;
  deciderGivenName: string;
  applicantName: string;
  accountName: string;
  platform: string;
  headTitle: string;
  /** What stops it being approved now (operators not ready…), each a sentence; empty when nothing does. */
  blockers: readonly string[];
  link: string;
}

/** The message each person who can decide gets when an application starts waiting for them (ACC-2). */
export function awaitingDecisionMail(f: AwaitingMailFacts): { subject: string; text: string } {
  const subject =
    f.step === 'slt'
      ? `An application for an official account is waiting for your decision: ‘${f.accountName}’`
      : `An application for an official account is waiting for your approval as ${f.headTitle}: ‘${f.accountName}’`;
  const lines = [
    `Dear ${f.deciderGivenName},`,
    '',
    `${f.applicantName} has applied for an official ${f.platform} account, ‘${f.accountName}’.`,
    '',
  ];
  if (f.step === 'head')
    lines.push(
      `The senior leadership team has approved it. It now needs your approval as ${f.headTitle} before the account administrator can set it up.`,
    );
  else if (f.bothSteps)
    lines.push(
      `It is waiting for a decision from the senior leadership team. As ${f.headTitle}, if you approve it your approval is the final one, and the account administrator can then set it up.`,
    );
  else
    lines.push(
      `It is waiting for a decision from the senior leadership team. If you approve it, it then goes to the ${f.headTitle} for the final approval.`,
    );
  lines.push('');
  if (f.blockers.length) {
    lines.push(
      'It cannot be approved yet:',
      ...f.blockers.map((b) => `- ${b}`),
      '',
      'You can reject it now, with a reason, or approve it once this is put right.',
      '',
    );
  }
  lines.push(`Read the application and decide: ${f.link}`);
  return { subject, text: lines.join('\n') };
}

/** The message the account administrators get when an application is approved and waits for them to set it up (ACC-2, ACC-6). */
export function setUpMail(f: {
  adminGivenName: string;
  accountName: string;
  platform: string;
  headTitle: string;
  link: string;
}): { subject: string; text: string } {
  return {
    subject: `An approved account is waiting to be set up: ‘${f.accountName}’`,
    text: [
      `Dear ${f.adminGivenName},`,
      '',
      `The ${f.headTitle} has approved the application for an official ${f.platform} account, ‘${f.accountName}’.`,
      '',
      'Create the account on the platform with the school’s details, then record it in Postwarden with the set-up checklist:',
      f.link,
    ].join('\n'),
  };
}
