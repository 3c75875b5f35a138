import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { LIVE_STATUSES } from '../model.ts';

/** An account's reviews, newest first, with who reviewed it. */
export async function reviewsOf(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('account_review as r')
    .innerJoin('person as p', 'p.id', 'r.reviewer_id')
    .select([
      'r.id',
      'r.reviewed_on',
      'r.still_needed',
      'r.operators_right',
      'r.settings_safe',
      'r.notes',
      'r.outcome',
      'r.recorded_at',
      'p.given_name',
      'p.family_name',
    ])
    .where('r.account_id', '=', accountId)
    .orderBy('r.recorded_at', 'desc')
    .execute();
}

/** Live accounts of a school whose review date has gone by, most overdue first. */
export async function overdueAccountsOf(db: Kysely<Database>, schoolId: string, today: string) {
  return db
    .selectFrom('official_account')
    .select(['id', 'name', 'review_due'])
    .where('school_id', '=', schoolId)
    .where('status', 'in', LIVE_STATUSES)
    .where('review_due', '<', today)
    .orderBy('review_due')
    .orderBy('name')
    .execute();
}

/** Live accounts of a school whose review falls on or before `until` (overdue ones included), soonest first. */
export async function reviewsDueBy(db: Kysely<Database>, schoolId: string, until: string) {
  return db
    .selectFrom('official_account')
    .select(['id', 'name', 'review_due'])
    .where('school_id', '=', schoolId)
    .where('status', 'in', LIVE_STATUSES)
    .where('review_due', '<=', until)
    .orderBy('review_due')
    .orderBy('name')
    .execute();
}

/** Live accounts (every trust) whose review is overdue and whose timeline does not yet say so for this due date. */
export async function overdueNotYetRecorded(db: Kysely<Database>, today: string) {
  return db
    .selectFrom('official_account as a')
    .select(['a.id', 'a.trust_id', 'a.school_id', 'a.review_due'])
    .where('a.status', 'in', LIVE_STATUSES)
    .where('a.review_due', '<', today)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('account_event as e')
            .select('e.id')
            .whereRef('e.account_id', '=', 'a.id')
            .where('e.kind', '=', 'review.overdue')
            .where(sql<boolean>`e.detail->>'due' = a.review_due::text`),
        ),
      ),
    )
    .orderBy('a.id')
    .execute();
}

/** True when the timeline already records this account's review as overdue for this due date. */
export async function overdueRecorded(db: Kysely<Database>, accountId: string, due: string): Promise<boolean> {
  const row = await db
    .selectFrom('account_event')
    .select('id')
    .where('account_id', '=', accountId)
    .where('kind', '=', 'review.overdue')
    .where(sql<boolean>`detail->>'due' = ${due}`)
    .executeTakeFirst();
  return row !== undefined;
}
