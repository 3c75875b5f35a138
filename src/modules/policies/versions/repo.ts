import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

export interface Owner {
  trustId: string;
  schoolId: string | null;
}

export async function findPolicy(db: Kysely<Database>, owner: Owner) {
  let query = db.selectFrom('policy').selectAll().where('trust_id', '=', owner.trustId);
  query = owner.schoolId ? query.where('school_id', '=', owner.schoolId) : query.where('school_id', 'is', null);
  return query.executeTakeFirst();
}

/** The owner's policy, made (with this title) the first time one of its drafts is started. */
export async function findOrCreatePolicy(db: Kysely<Database>, owner: Owner, title: string, now: Date) {
  return (
    (await findPolicy(db, owner)) ??
    db
      .insertInto('policy')
      .values({ trust_id: owner.trustId, school_id: owner.schoolId, title, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
  );
}

const VERSION_SUMMARY = [
  'id',
  'policy_id',
  'trust_id',
  'school_id',
  'number',
  'status',
  'created_at',
  'approved_by_body',
  'approved_on',
  'effective_from',
  'review_due',
  'consultation',
  'change_summary',
  'content_hash',
] as const;

export async function versionsOf(db: Kysely<Database>, policyId: string) {
  return db
    .selectFrom('policy_version')
    .select(VERSION_SUMMARY)
    .where('policy_id', '=', policyId)
    .orderBy('number', 'desc')
    .execute();
}

/**
 * A version someone working in `schoolId` (or the trust view, null) may see: their school's own,
 * or their trust's. Another tenant's id finds nothing.
 */
export async function findVersion(db: Kysely<Database>, trustId: string, schoolId: string | null, versionId: string) {
  return db
    .selectFrom('policy_version')
    .selectAll()
    .where('id', '=', versionId)
    .where('trust_id', '=', trustId)
    .where((eb) =>
      schoolId ? eb.or([eb('school_id', 'is', null), eb('school_id', '=', schoolId)]) : eb('school_id', 'is', null),
    )
    .executeTakeFirst();
}

export type VersionRow = NonNullable<Awaited<ReturnType<typeof findVersion>>>;

/** The approved version in force on `today` for one owner: the latest effective date on or before it. */
export async function effectiveVersionOf(db: Kysely<Database>, owner: Owner, today: string) {
  let query = db
    .selectFrom('policy_version')
    .selectAll()
    .where('trust_id', '=', owner.trustId)
    .where('status', '=', 'approved')
    .where('effective_from', '<=', today);
  query = owner.schoolId ? query.where('school_id', '=', owner.schoolId) : query.where('school_id', 'is', null);
  return query.orderBy('effective_from', 'desc').orderBy('number', 'desc').limit(1).executeTakeFirst();
}

export async function localSettings(db: Kysely<Database>, schoolId: string): Promise<Record<string, unknown>> {
  const row = await db
    .selectFrom('policy_local_settings')
    .select('settings')
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return (row?.settings as Record<string, unknown> | undefined) ?? {};
}
