import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { ukDate } from '../../../platform/clock.ts';
import { queueMail } from '../../../platform/mail/mail.ts';
import { EARLY_REVIEW_REASONS } from '../versions/service.ts';
import { findPolicy, type Owner } from '../versions/repo.ts';
import {
  findPolicyById,
  findVersionForReminder,
  hasDraft,
  latestApprovedVersion,
  ownerName,
  policyOwners,
  reviewsOf,
} from './repo.ts';

export type ReminderStage = 'before' | 'due' | 'overdue';

export function isReminderStage(value: unknown): value is ReminderStage {
  return value === 'before' || value === 'due' || value === 'overdue';
}

const longDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
function ukLongDate(iso: string): string {
  return longDate.format(new Date(`${iso}T12:00:00Z`));
}

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function reasonLabel(reason: string): string {
  if (reason === 'review-cycle') return 'The review date has come round';
  return EARLY_REVIEW_REASONS.find((r) => r.value === reason)?.text ?? reason;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "Due in 30 days", "Due today", "Overdue by 3 days". */
export function dueText(days: number): string {
  if (days > 0) return `Due in ${plural(days, 'day')}`;
  if (days === 0) return 'Due today';
  return `Overdue by ${plural(-days, 'day')}`;
}

export type ReminderResult = 'sent' | 'superseded' | 'no-owners' | 'not-found';

/**
 * One review reminder (POL-3): a month before the review date, on it, and a month after. Sent to
 * the policy's owners only while the version is still the latest approved one; once a newer version
 * is approved the review has happened and the reminder is dropped.
 */
export async function sendReviewReminder(
  db: Kysely<Database>,
  now: Date,
  baseUrl: string,
  versionId: string,
  stage: ReminderStage,
): Promise<ReminderResult> {
  const version = await findVersionForReminder(db, versionId);
  if (version?.status !== 'approved' || !version.review_due) return 'not-found';
  const latest = await latestApprovedVersion(db, version.policy_id);
  if (!latest || latest.id !== version.id) return 'superseded';
  const policy = await findPolicyById(db, version.policy_id);
  if (!policy) return 'not-found';
  const owners = await policyOwners(db, policy, ukDate(now));
  if (!owners.length) return 'no-owners';
  const whose = await ownerName(db, policy);
  const due = ukLongDate(version.review_due);
  const subject =
    stage === 'before'
      ? `Policy review due on ${due}: ${policy.title}`
      : stage === 'due'
        ? `Policy review due today: ${policy.title}`
        : `Policy review overdue: ${policy.title}`;
  const opening =
    stage === 'before'
      ? `Version ${version.number} of ${whose}’s ${policy.title.toLowerCase()} is due for review on ${due}, in a month’s time.`
      : stage === 'due'
        ? `Version ${version.number} of ${whose}’s ${policy.title.toLowerCase()} is due for review today (${due}).`
        : `The review of version ${version.number} of ${whose}’s ${policy.title.toLowerCase()} is overdue: it was due on ${due}.`;
  const text = [
    opening,
    '',
    'To review it, start a new draft in Postwarden, make any changes, and record its approval once it has been agreed. Approving the new version sets the next review date. If nothing needs to change, approve the new version as it is.',
    '',
    `See the review status: ${baseUrl}/policy/review`,
    '',
    'You are receiving this because you are responsible for the policy.',
  ].join('\n');
  await db.transaction().execute(async (trx) => {
    for (const owner of owners)
      await queueMail(trx, now, {
        to: owner.email!,
        subject,
        text,
        trustId: policy.trust_id,
        schoolId: policy.school_id,
      });
  });
  return 'sent';
}

export interface ReviewStatus {
  policy: { id: string; title: string; schoolId: string | null };
  ownerName: string;
  /** The latest approved version, if any. */
  version: {
    id: string;
    number: number;
    approvedOn: string | null;
    approvedBy: string | null;
    effectiveFrom: string | null;
    reviewDue: string | null;
    cycleMonths: number | null;
  } | null;
  daysUntilDue: number | null;
  dueText: string | null;
  state: 'no-version' | 'not-due' | 'due-soon' | 'due' | 'overdue';
  hasDraft: boolean;
  open: ReviewItem[];
  closed: ReviewItem[];
}

export interface ReviewItem {
  id: string;
  kind: string;
  reason: string;
  reasonText: string;
  detail: string | null;
  openedAt: Date;
  openedBy: string;
  closedAt: Date | null;
  closedByNumber: number | null;
}

/** Where the owner's policy stands on review (POL-3); undefined when the owner has no policy. */
export async function reviewStatus(db: Kysely<Database>, owner: Owner, at: Date): Promise<ReviewStatus | undefined> {
  const policy = await findPolicy(db, owner);
  if (!policy) return undefined;
  const today = ukDate(at);
  const [version, draft, reviews, whose] = await Promise.all([
    latestApprovedVersion(db, policy.id),
    hasDraft(db, policy.id),
    reviewsOf(db, policy.id),
    ownerName(db, policy),
  ]);
  const days = version?.review_due ? daysBetween(today, version.review_due) : null;
  const state: ReviewStatus['state'] =
    days === null ? 'no-version' : days < 0 ? 'overdue' : days === 0 ? 'due' : days <= 31 ? 'due-soon' : 'not-due';
  const items: ReviewItem[] = reviews.map((r) => ({
    id: r.id,
    kind: r.kind,
    reason: r.reason,
    reasonText: reasonLabel(r.reason),
    detail: r.detail,
    openedAt: r.opened_at,
    openedBy: r.opened_by,
    closedAt: r.closed_at,
    closedByNumber: r.closed_by_number ?? null,
  }));
  const cycle = (version?.settings as Record<string, unknown> | undefined)?.reviewCycleMonths;
  return {
    policy: { id: policy.id, title: policy.title, schoolId: policy.school_id },
    ownerName: whose,
    version: version
      ? {
          id: version.id,
          number: version.number,
          approvedOn: version.approved_on,
          approvedBy: version.approved_by_body,
          effectiveFrom: version.effective_from,
          reviewDue: version.review_due,
          cycleMonths: typeof cycle === 'number' ? cycle : null,
        }
      : null,
    daysUntilDue: days,
    dueText: days === null ? null : dueText(days),
    state,
    hasDraft: draft,
    open: items.filter((r) => r.closedAt === null),
    closed: items.filter((r) => r.closedAt !== null),
  };
}
