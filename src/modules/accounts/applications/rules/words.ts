/**
 * How applications say things: pure functions, no I/O, no clock. Kept together so every page, refusal
 * and mail words the same fact the same way.
 */
import type { AccountStatus } from '../../../../platform/db/schema.ts';

const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** "3 March 2026" from "2026-03-03". */
export function ukLongDate(iso: string): string {
  return longDate.format(new Date(`${iso}T12:00:00Z`));
}

/**
 * One reason from the policies service's eligibility check, as a sentence about the person:
 * "Has not signed version 2 of the social media policy" → "Sam Patel has not signed version 2 of the social media policy".
 */
export function reasonSentence(name: string, reason: string): string {
  if (/^(Has|Is|Left|Was|Needs) /.test(reason)) return `${name} ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
  if (reason.startsWith('Their ')) return `${name}’s ${reason.slice('Their '.length)}`;
  return `${name}: ${reason}`;
}

/**
 * One reason as a sentence to the person themselves: "Has not signed version 2 of the social media
 * policy" → "You have not signed version 2 of the social media policy".
 */
export function yourReason(reason: string): string {
  const forms: [RegExp, string][] = [
    [/^Has /, 'You have '],
    [/^Is /, 'You are '],
    [/^Was /, 'You were '],
    [/^Needs /, 'You need '],
    [/^Left /, 'You left '],
    [/^Their /, 'Your '],
  ];
  for (const [pattern, you] of forms) if (pattern.test(reason)) return reason.replace(pattern, you);
  return reason;
}

/** Reasons to the person, joined into the rest of a sentence: "you have not signed …; your ‘…’ training expired …". */
export function yourReasons(reasons: readonly string[]): string {
  return reasons
    .map(yourReason)
    .map((r) => (/^(You|Your) /.test(r) ? r.charAt(0).toLowerCase() + r.slice(1) : r))
    .join('; ');
}

/**
 * Whether a reason is about the person (they have not signed, have left…) rather than about the
 * school's set-up (no policy in force, no course for operators), which is the same for everyone.
 */
export function isPersonalReason(reason: string): boolean {
  return /^(Has|Is|Left|Was|Needs|Their) /.test(reason);
}

/** Where an application stands, to finish "it is not waiting for …: ___". */
export function statusPhrase(status: AccountStatus): string {
  switch (status) {
    case 'draft':
      return 'it has not been sent for a decision yet';
    case 'proposed':
      return 'it is waiting for the senior leadership team’s decision';
    case 'endorsed':
      return 'the senior leadership team has already approved it';
    case 'approved':
      return 'it has already been approved';
    case 'rejected':
      return 'it has been rejected';
    case 'active':
    case 'under_review':
      return 'the account has already been set up';
    case 'closed':
      return 'the account has been closed';
  }
}

/** The refusal when the school's policy does not permit business use (ACC-7), citing the clause when it can. */
export function businessUseRefusal(citation: string | undefined, doing: 'apply' | 'approve'): string {
  const policy = citation ? `Your school’s policy (${citation})` : 'Your school’s policy';
  return doing === 'apply'
    ? `${policy} does not permit official social media accounts, so you cannot apply for one`
    : `${policy} does not permit official social media accounts, so no application can be approved`;
}

/** "the Headteacher’s approval", "the Head of School’s approval". */
export function headApproval(headTitle: string): string {
  return `the ${headTitle}’s approval`;
}
