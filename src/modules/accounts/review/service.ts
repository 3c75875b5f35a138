import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/audit/audit.ts';
import { ukDate } from '../../../platform/clock.ts';
import { ValidationError } from '../../../platform/http/errors.ts';
import { settingsFor } from '../../policies/index.ts';
import { recordAccountEvent } from '../events.ts';
import { currentOperators, type AccountRow } from '../repo.ts';
import { lockAccount, resolveHandovers } from '../handover/repo.ts';
import { SYSTEM_ACTOR, lockLive, nameOf, type School } from '../handover/service.ts';
import { overdueNotYetRecorded, overdueRecorded } from './repo.ts';
import { longDate, nextReviewDue } from './rules/dates.ts';
import {
  outcomeText,
  readReview,
  statusAfterReview,
  type ReviewForm,
  type ReviewOutcome,
} from './rules/review-form.ts';
import { readClose, type CloseForm } from './rules/close-form.ts';

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/**
 * Records a review of a live account: keep it (active, next review after the policy's cycle), keep
 * it with changes needed (under review, next review after the cycle too), or close it (the review is
 * recorded and the closing page asks why and when; the review date stays as it was until then).
 */
export async function recordReview(
  db: Kysely<Database>,
  now: Date,
  school: School,
  actor: Actor & { id: string },
  account: AccountRow,
  form: ReviewForm,
): Promise<{ outcome: ReviewOutcome; nextDue: string | null }> {
  const read = readReview(form);
  if (!read.ok) throw new ValidationError(read.errors);
  const review = read.value;
  const today = ukDate(now);
  const { reviewCycleMonths } = await settingsFor(db, school, now);
  const status = statusAfterReview(review.outcome);
  const nextDue = status ? nextReviewDue(today, reviewCycleMonths) : null;
  await db.transaction().execute(async (trx) => {
    await lockLive(trx, account.id);
    await trx
      .insertInto('account_review')
      .values({
        account_id: account.id,
        trust_id: account.trust_id,
        school_id: account.school_id,
        reviewed_on: today,
        reviewer_id: actor.id,
        still_needed: review.stillNeeded,
        operators_right: review.operatorsRight,
        settings_safe: review.settingsSafe,
        notes: review.notes,
        outcome: review.outcome,
        recorded_at: now,
      })
      .execute();
    await trx
      .updateTable('official_account')
      .set({ last_reviewed_on: today, updated_at: now, ...(status && nextDue ? { status, review_due: nextDue } : {}) })
      .where('id', '=', account.id)
      .execute();
    await recordAccountEvent(trx, now, account, actor, 'review.recorded', {
      comment: review.notes,
      detail: {
        outcome: outcomeText(review.outcome),
        stillNeeded: yesNo(review.stillNeeded),
        operatorsRight: yesNo(review.operatorsRight),
        settingsSafe: yesNo(review.settingsSafe),
        ...(nextDue ? { nextDue } : {}),
      },
    });
  });
  return { outcome: review.outcome, nextDue };
}

/**
 * Closes a live account: why and when, every current operator's record ended with 'Account closed'
 * (they stay as history), open handovers resolved as 'closed', and the password no longer flagged.
 */
export async function closeAccount(
  db: Kysely<Database>,
  now: Date,
  actor: Actor,
  account: AccountRow,
  form: CloseForm,
): Promise<string> {
  const today = ukDate(now);
  const read = readClose(form, { today, activatedOn: account.activated_on });
  if (!read.ok) throw new ValidationError(read.errors);
  const { reason, closedOn } = read.value;
  await db.transaction().execute(async (trx) => {
    await lockLive(trx, account.id);
    const operators = await currentOperators(trx, account.id);
    await trx
      .updateTable('official_account')
      .set({ status: 'closed', closed_on: closedOn, closed_reason: reason, updated_at: now })
      .where('id', '=', account.id)
      .execute();
    await trx
      .updateTable('account_operator')
      .set({ removed_at: now, removed_reason: 'Account closed' })
      .where('account_id', '=', account.id)
      .where('removed_at', 'is', null)
      .execute();
    const resolved = await resolveHandovers(trx, account.id, now, actor.id, 'closed');
    if (resolved.length)
      await recordAccountEvent(trx, now, account, actor, 'handover.resolved', {
        detail: { reason: resolved.map((h) => h.detail), resolution: 'Account closed' },
      });
    await trx
      .updateTable('account_secret')
      .set({ rotate_required: false, rotate_reason: null })
      .where('account_id', '=', account.id)
      .execute();
    await recordAccountEvent(trx, now, account, actor, 'account.closed', {
      comment: closedOn === today ? null : `Closed on ${longDate(closedOn)}`,
      detail: { reason, closedOn, operators: operators.map(nameOf) },
    });
  });
  return closedOn;
}

/** An operator (or the account administrator) records that they checked the account today. */
export async function recordMonitoringCheck(
  db: Kysely<Database>,
  now: Date,
  actor: Actor,
  account: AccountRow,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockLive(trx, account.id);
    await trx.updateTable('official_account').set({ last_monitored_at: now }).where('id', '=', account.id).execute();
    await recordAccountEvent(trx, now, account, actor, 'account.checked');
  });
}

/** The hourly check: one 'review.overdue' on the timeline per account per missed review date. */
export async function recordOverdueReviews(db: Kysely<Database>, now: Date): Promise<number> {
  let recorded = 0;
  for (const a of await overdueNotYetRecorded(db, ukDate(now))) {
    const due = a.review_due!;
    await db.transaction().execute(async (trx) => {
      await lockAccount(trx, a.id);
      if (await overdueRecorded(trx, a.id, due)) return;
      await recordAccountEvent(
        trx,
        now,
        { id: a.id, trust_id: a.trust_id, school_id: a.school_id },
        SYSTEM_ACTOR,
        'review.overdue',
        {
          comment: `The review was due on ${longDate(due)}`,
          detail: { due },
        },
      );
      recorded++;
    });
  }
  return recorded;
}
