import type { AccountStatus } from '../../platform/db/schema.ts';

/** How each status reads, and the colour of its tag (GOV.UK tag modifiers). */
export const STATUSES: Record<AccountStatus, { text: string; tag: string }> = {
  draft: { text: 'Draft application', tag: 'govuk-tag--grey' },
  proposed: { text: 'Awaiting SLT decision', tag: 'govuk-tag--blue' },
  endorsed: { text: 'Awaiting head’s approval', tag: 'govuk-tag--light-blue' },
  approved: { text: 'Approved, to be set up', tag: 'govuk-tag--turquoise' },
  rejected: { text: 'Rejected', tag: 'govuk-tag--red' },
  active: { text: 'Active', tag: 'govuk-tag--green' },
  under_review: { text: 'Under review', tag: 'govuk-tag--yellow' },
  closed: { text: 'Closed', tag: 'govuk-tag--grey' },
};

export const STATUS_ORDER: AccountStatus[] = [
  'draft',
  'proposed',
  'endorsed',
  'approved',
  'active',
  'under_review',
  'rejected',
  'closed',
];

/** Statuses in which an account is live on its platform (operators and handovers matter). */
export const LIVE_STATUSES: AccountStatus[] = ['active', 'under_review'];

/**
 * Platforms a school runs accounts on. `handle` is how the platform names an account, for the hint
 * on the set-up form. Connectors for publishing (issue: posting) key on `value`.
 */
export const PLATFORMS = [
  { value: 'facebook', text: 'Facebook', handle: 'page name, for example AlderPrimaryPTA' },
  { value: 'instagram', text: 'Instagram', handle: 'username, for example @alderprimary' },
  { value: 'x', text: 'X (formerly Twitter)', handle: 'username, for example @AlderPrimary' },
  { value: 'bluesky', text: 'Bluesky', handle: 'handle, for example alderprimary.bsky.social' },
  { value: 'mastodon', text: 'Mastodon', handle: 'address, for example @alder@mastodon.education' },
  { value: 'youtube', text: 'YouTube', handle: 'channel handle, for example @AlderPrimary' },
  { value: 'linkedin', text: 'LinkedIn', handle: 'page name' },
  { value: 'tiktok', text: 'TikTok', handle: 'username' },
  { value: 'threads', text: 'Threads', handle: 'username' },
  { value: 'other', text: 'Another platform', handle: 'the name the platform shows' },
] as const;

export type PlatformValue = (typeof PLATFORMS)[number]['value'];

export function platformName(value: string): string {
  return PLATFORMS.find((p) => p.value === value)?.text ?? value;
}

export function isPlatform(value: string): value is PlatformValue {
  return PLATFORMS.some((p) => p.value === value);
}

/** What the account administrator confirms when setting up an account (ACC-6). */
export const SETUP_CHECKLIST = [
  { value: 'school-email', text: 'Registered with a school email address, not a personal one' },
  { value: 'strong-password', text: 'A strong, unique password, stored in Postwarden and nowhere else' },
  { value: 'operators-access', text: 'Only the named operators have been given access' },
  { value: 'profile', text: 'The profile says it is an official account of the school and who runs it' },
  { value: 'privacy', text: 'Privacy, messaging and comment settings checked against the policy' },
  { value: 'tagging', text: 'Tagging of pupils switched off, or limited as far as the platform allows' },
  { value: 'location', text: 'Location sharing switched off' },
] as const;

/** How each event reads on an account's timeline. */
export const EVENT_TEXT: Record<string, string> = {
  'application.started': 'Application started',
  'application.updated': 'Draft application changed',
  'application.submitted': 'Application sent for a decision',
  'application.endorsed': 'Approved by the senior leadership team',
  'application.rejected': 'Application rejected',
  'application.approved': 'Approved by the head',
  'application.head-rejected': 'Rejected by the head',
  'account.set-up': 'Account set up and recorded',
  'account.details-changed': 'Account details changed',
  'operator.added': 'Operator added',
  'operator.removed': 'Operator removed',
  'operator.lead-transferred': 'Lead operator changed',
  'credentials.stored': 'Sign-in details stored',
  'credentials.revealed': 'Sign-in details revealed',
  'credentials.rotate-required': 'Password must be changed',
  'handover.opened': 'Handover needed',
  'handover.resolved': 'Handover completed',
  'review.recorded': 'Account reviewed',
  'review.overdue': 'Review overdue',
  'account.checked': 'Account checked by an operator',
  'account.closed': 'Account closed',
};
