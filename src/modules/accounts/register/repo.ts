// The register of official accounts (ACC-6) and recording a created account: the SQL. Every list is
// scoped to the viewer's school, or to their trust in the trust view.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { isUuid } from '../../../platform/http/forms.ts';

/** A school, or every school of a trust (schoolId null: the trust view). */
export interface Scope {
  trustId: string;
  schoolId: string | null;
}

function accountsIn(db: Kysely<Database>, scope: Scope) {
  let query = db
    .selectFrom('official_account as a')
    .innerJoin('school as s', 's.id', 'a.school_id')
    .select([
      'a.id',
      'a.name',
      'a.platform',
      'a.status',
      'a.handle',
      'a.address',
      'a.school_id',
      's.name as school_name',
      'a.applicant_id',
      'a.activated_on',
      'a.last_reviewed_on',
      'a.review_due',
      'a.last_monitored_at',
      'a.closed_on',
    ])
    .where('a.trust_id', '=', scope.trustId);
  if (scope.schoolId) query = query.where('a.school_id', '=', scope.schoolId);
  return query;
}

/** Every account of the school (or trust), drafts included: the rules decide what the register shows. */
export async function registerAccounts(db: Kysely<Database>, scope: Scope) {
  return accountsIn(db, scope).orderBy('a.name').limit(5000).execute();
}

export type RegisterAccountRow = Awaited<ReturnType<typeof registerAccounts>>[number];

/** Accounts a person applied for or runs now, at their school. */
export async function accountsOfPerson(db: Kysely<Database>, scope: Scope, personId: string) {
  return accountsIn(db, scope)
    .where((eb) =>
      eb.or([
        eb('a.applicant_id', '=', personId),
        eb.exists(
          eb
            .selectFrom('account_operator as o')
            .select('o.id')
            .whereRef('o.account_id', '=', 'a.id')
            .where('o.person_id', '=', personId)
            .where('o.removed_at', 'is', null),
        ),
      ]),
    )
    .orderBy('a.name')
    .execute();
}

/** Current operators of several accounts at once, lead first. */
export async function operatorsOfAccounts(db: Kysely<Database>, accountIds: readonly string[]) {
  if (!accountIds.length) return [];
  return db
    .selectFrom('account_operator as o')
    .innerJoin('person as p', 'p.id', 'o.person_id')
    .select(['o.account_id', 'o.person_id', 'o.is_lead', 'p.given_name', 'p.family_name'])
    .where('o.account_id', 'in', [...accountIds])
    .where('o.removed_at', 'is', null)
    .orderBy('o.is_lead', 'desc')
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .execute();
}

/** Which of these accounts have a handover still open. */
export async function accountsWithOpenHandover(
  db: Kysely<Database>,
  accountIds: readonly string[],
): Promise<Set<string>> {
  if (!accountIds.length) return new Set();
  const rows = await db
    .selectFrom('account_handover')
    .select('account_id')
    .distinct()
    .where('account_id', 'in', [...accountIds])
    .where('resolved_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.account_id));
}

/** The schools of a trust, for the trust view's school filter. */
export async function schoolsOfTrust(db: Kysely<Database>, trustId: string) {
  return db.selectFrom('school').select(['id', 'name']).where('trust_id', '=', trustId).orderBy('name').execute();
}

/** Whether sign-in details are stored, when and by whom, and whether the password must change. Never the sealed text. */
export async function secretStatus(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('account_secret as s')
    .leftJoin('person as p', 'p.id', 's.updated_by')
    .select([
      's.updated_at',
      's.rotate_required',
      's.rotate_reason',
      sql<string | null>`p.given_name || ' ' || p.family_name`.as('updated_by_name'),
    ])
    .where('s.account_id', '=', accountId)
    .executeTakeFirst();
}

export async function personName(db: Kysely<Database>, personId: string): Promise<string | undefined> {
  const p = await db
    .selectFrom('person')
    .select(['given_name', 'family_name'])
    .where('id', '=', personId)
    .executeTakeFirst();
  return p ? `${p.given_name} ${p.family_name}` : undefined;
}

/** The account, locked for the rest of the transaction, if it is the school's. */
export async function lockAccount(trx: Kysely<Database>, school: { trustId: string; schoolId: string }, id: string) {
  if (!isUuid(id)) return undefined;
  return trx
    .selectFrom('official_account')
    .selectAll()
    .where('id', '=', id)
    .where('trust_id', '=', school.trustId)
    .where('school_id', '=', school.schoolId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Another account of the trust already registered with this handle on this platform (closed
 * accounts free their handle), as the unique index official_account_handle sees it.
 */
export async function accountWithHandle(
  db: Kysely<Database>,
  trustId: string,
  platform: string,
  handle: string,
  exceptId: string,
) {
  return db
    .selectFrom('official_account as a')
    .innerJoin('school as s', 's.id', 'a.school_id')
    .select(['a.id', 'a.name', 's.name as school_name', 'a.school_id'])
    .where('a.trust_id', '=', trustId)
    .where('a.platform', '=', platform)
    .where(sql`lower(a.handle)`, '=', handle.toLowerCase())
    .where('a.status', '<>', 'closed')
    .where('a.id', '<>', exceptId)
    .executeTakeFirst();
}

/** Approved accounts waiting to be set up, for the account administrator's home page. */
export async function countAwaitingSetup(db: Kysely<Database>, schoolId: string): Promise<number> {
  const row = await db
    .selectFrom('official_account')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('school_id', '=', schoolId)
    .where('status', '=', 'approved')
    .executeTakeFirstOrThrow();
  return row.n;
}
