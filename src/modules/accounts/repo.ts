import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { RequestContext } from '../../platform/http/types.ts';
import { isUuid } from '../../platform/http/forms.ts';

/**
 * An account the viewer's tenancy reaches: in a school, that school's; in the trust view, any
 * school's of the trust. Another school's or trust's id finds nothing (the route answers 404).
 */
export async function findAccount(db: Kysely<Database>, ctx: Pick<RequestContext, 'trust' | 'school'>, id: string) {
  if (!isUuid(id)) return undefined;
  let query = db.selectFrom('official_account').selectAll().where('id', '=', id).where('trust_id', '=', ctx.trust.id);
  if (ctx.school) query = query.where('school_id', '=', ctx.school.id);
  return query.executeTakeFirst();
}

export type AccountRow = NonNullable<Awaited<ReturnType<typeof findAccount>>>;

/** The people running an account now, lead first. */
export async function currentOperators(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('account_operator as o')
    .innerJoin('person as p', 'p.id', 'o.person_id')
    .select([
      'o.id',
      'o.person_id',
      'o.is_lead',
      'o.added_at',
      'p.given_name',
      'p.family_name',
      'p.email',
      'p.job_title',
      'p.leaving_date',
      'p.employment_type',
      'p.school_id as home_school_id',
    ])
    .where('o.account_id', '=', accountId)
    .where('o.removed_at', 'is', null)
    .orderBy('o.is_lead', 'desc')
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .execute();
}

export type OperatorRow = Awaited<ReturnType<typeof currentOperators>>[number];

/** Every step of an account's life, newest first (the MoJ timeline reads top down). */
export async function timelineOf(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('account_event')
    .select(['id', 'at', 'actor_label', 'kind', 'comment', 'detail'])
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .execute();
}

/** Open handovers for a school (or every school of a trust when schoolId is null). */
export async function countOpenHandovers(
  db: Kysely<Database>,
  trustId: string,
  schoolId: string | null,
): Promise<number> {
  let query = db
    .selectFrom('account_handover')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('trust_id', '=', trustId)
    .where('resolved_at', 'is', null);
  if (schoolId) query = query.where('school_id', '=', schoolId);
  return (await query.executeTakeFirstOrThrow()).n;
}
