import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

export async function findPolicyById(db: Kysely<Database>, policyId: string) {
  return db.selectFrom('policy').selectAll().where('id', '=', policyId).executeTakeFirst();
}

/** The version the reminders are about: the latest approved one (highest number). */
export async function latestApprovedVersion(db: Kysely<Database>, policyId: string) {
  return db
    .selectFrom('policy_version')
    .select(['id', 'number', 'approved_on', 'approved_by_body', 'effective_from', 'review_due', 'settings'])
    .where('policy_id', '=', policyId)
    .where('status', '=', 'approved')
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findVersionForReminder(db: Kysely<Database>, versionId: string) {
  return db
    .selectFrom('policy_version')
    .select(['id', 'policy_id', 'trust_id', 'school_id', 'number', 'status', 'review_due', 'settings'])
    .where('id', '=', versionId)
    .executeTakeFirst();
}

export async function hasDraft(db: Kysely<Database>, policyId: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('policy_version')
      .select('id')
      .where('policy_id', '=', policyId)
      .where('status', '=', 'draft')
      .executeTakeFirst()) !== undefined
  );
}

/** Reviews of one policy, newest first, with the number of the version that closed each. */
export async function reviewsOf(db: Kysely<Database>, policyId: string, limit = 50) {
  return db
    .selectFrom('policy_review')
    .leftJoin('policy_version', 'policy_version.id', 'policy_review.closed_by_version')
    .select([
      'policy_review.id',
      'policy_review.kind',
      'policy_review.reason',
      'policy_review.detail',
      'policy_review.opened_at',
      'policy_review.opened_by',
      'policy_review.closed_at',
      'policy_version.number as closed_by_number',
    ])
    .where('policy_review.policy_id', '=', policyId)
    .orderBy('policy_review.opened_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Who owns a policy, for reminders: the headteacher and school administrators of the school for a
 * school's policy, the trust administrators for the trust's. Leavers and people without an email are left out.
 */
export async function policyOwners(
  db: Kysely<Database>,
  policy: { trust_id: string; school_id: string | null },
  today: string,
) {
  let query = db
    .selectFrom('person')
    .innerJoin('role_assignment as ra', 'ra.person_id', 'person.id')
    .select(['person.id', 'person.email', 'person.given_name', 'person.family_name'])
    .distinct()
    .where('person.trust_id', '=', policy.trust_id)
    .where('ra.trust_id', '=', policy.trust_id)
    .where('person.email', 'is not', null)
    .where((eb) => eb.or([eb('person.leaving_date', 'is', null), eb('person.leaving_date', '>', today)]));
  query = policy.school_id
    ? query.where('ra.school_id', '=', policy.school_id).where('ra.role', 'in', ['headteacher', 'school_admin'])
    : query.where('ra.school_id', 'is', null).where('ra.role', '=', 'trust_admin');
  return query.orderBy('person.email').execute();
}

export async function ownerName(
  db: Kysely<Database>,
  policy: { trust_id: string; school_id: string | null },
): Promise<string> {
  if (policy.school_id)
    return (await db.selectFrom('school').select('name').where('id', '=', policy.school_id).executeTakeFirstOrThrow())
      .name;
  return (await db.selectFrom('trust').select('name').where('id', '=', policy.trust_id).executeTakeFirstOrThrow()).name;
}
