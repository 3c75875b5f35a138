import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database, HandoverReason } from '../../../platform/db/schema.ts';
import { LIVE_STATUSES } from '../model.ts';

/** A person of the school: based there, or holding a role there (the same reach as the policy's eligibility check). */
function ofSchool(schoolId: string) {
  return sql<SqlBool>`(person.school_id = ${schoolId} OR EXISTS (SELECT 1 FROM role_assignment ra WHERE ra.person_id = person.id AND ra.school_id = ${schoolId}))`;
}

/** Locks an account for the rest of the transaction, so two changes to its operators never interleave; its status now. */
export async function lockAccount(trx: Kysely<Database>, accountId: string) {
  const result = await sql<{
    status: string;
  }>`SELECT status FROM official_account WHERE id = ${accountId} FOR UPDATE`.execute(trx);
  return result.rows[0]?.status;
}

/** People who have run the account and stopped, most recent first. */
export async function pastOperators(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('account_operator as o')
    .innerJoin('person as p', 'p.id', 'o.person_id')
    .select(['o.id', 'o.person_id', 'o.added_at', 'o.removed_at', 'o.removed_reason', 'p.given_name', 'p.family_name'])
    .where('o.account_id', '=', accountId)
    .where('o.removed_at', 'is not', null)
    .orderBy('o.removed_at', 'desc')
    .execute();
}

/** The school's people who have not left, for choosing a new operator. */
export async function peopleOfSchool(db: Kysely<Database>, trustId: string, schoolId: string, today: string) {
  return db
    .selectFrom('person')
    .select(['person.id', 'person.given_name', 'person.family_name', 'person.job_title'])
    .where('person.trust_id', '=', trustId)
    .where(ofSchool(schoolId))
    .where((eb) => eb.or([eb('person.leaving_date', 'is', null), eb('person.leaving_date', '>', today)]))
    .orderBy('person.family_name')
    .orderBy('person.given_name')
    .execute();
}

/** One of the school's people, leavers included (so a leaver can be refused by name); undefined for anyone else. */
export async function personOfSchool(db: Kysely<Database>, trustId: string, schoolId: string, personId: string) {
  return db
    .selectFrom('person')
    .select(['person.id', 'person.given_name', 'person.family_name', 'person.leaving_date'])
    .where('person.id', '=', personId)
    .where('person.trust_id', '=', trustId)
    .where(ofSchool(schoolId))
    .executeTakeFirst();
}

export async function openHandoversOf(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('account_handover')
    .select(['id', 'reason', 'person_id', 'detail', 'opened_at'])
    .where('account_id', '=', accountId)
    .where('resolved_at', 'is', null)
    .orderBy('opened_at')
    .orderBy('reason')
    .execute();
}

/** Handovers completed, newest first, with who recorded them. */
export async function resolvedHandoversOf(db: Kysely<Database>, accountId: string, limit = 20) {
  return db
    .selectFrom('account_handover as h')
    .leftJoin('person as p', 'p.id', 'h.resolved_by')
    .select([
      'h.id',
      'h.reason',
      'h.detail',
      'h.opened_at',
      'h.resolved_at',
      'h.resolution',
      'p.given_name',
      'p.family_name',
    ])
    .where('h.account_id', '=', accountId)
    .where('h.resolved_at', 'is not', null)
    .orderBy('h.resolved_at', 'desc')
    .limit(limit)
    .execute();
}

export interface NewHandover {
  accountId: string;
  trustId: string;
  schoolId: string;
  reason: HandoverReason;
  personId: string | null;
  detail: string;
  openedAt: Date;
}

/** Opens a handover unless the same one is already open (account_handover_once): true when it was opened now. */
export async function insertHandover(trx: Kysely<Database>, h: NewHandover): Promise<boolean> {
  const row = await trx
    .insertInto('account_handover')
    .values({
      account_id: h.accountId,
      trust_id: h.trustId,
      school_id: h.schoolId,
      reason: h.reason,
      person_id: h.personId,
      detail: h.detail,
      opened_at: h.openedAt,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Marks the stored password "change now"; true when it was not already marked. Without stored sign-in details, nothing changes. */
export async function flagRotation(trx: Kysely<Database>, accountId: string, reason: string): Promise<boolean> {
  const row = await trx
    .updateTable('account_secret')
    .set({ rotate_required: true, rotate_reason: reason })
    .where('account_id', '=', accountId)
    .where('rotate_required', '=', false)
    .returning('account_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether sign-in details are stored and whether they must be changed; never the secret itself. */
export async function secretStateOf(db: Kysely<Database>, accountId: string) {
  return db
    .selectFrom('account_secret')
    .select(['rotate_required', 'rotate_reason', 'updated_at'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** Resolves every open handover of an account; returns what was resolved. */
export async function resolveHandovers(
  trx: Kysely<Database>,
  accountId: string,
  at: Date,
  by: string | null,
  resolution: string,
) {
  return trx
    .updateTable('account_handover')
    .set({ resolved_at: at, resolved_by: by, resolution })
    .where('account_id', '=', accountId)
    .where('resolved_at', 'is', null)
    .returning(['id', 'reason', 'detail'])
    .execute();
}

/** Operators of live accounts whose leaving date has come (every trust: the hourly check). */
export async function operatorsWhoHaveLeft(db: Kysely<Database>, today: string) {
  return db
    .selectFrom('account_operator as o')
    .innerJoin('person as p', 'p.id', 'o.person_id')
    .innerJoin('official_account as a', 'a.id', 'o.account_id')
    .select([
      'o.id',
      'o.account_id',
      'o.person_id',
      'a.trust_id',
      'a.school_id',
      'p.given_name',
      'p.family_name',
      'p.leaving_date',
    ])
    .where('o.removed_at', 'is', null)
    .where('a.status', 'in', LIVE_STATUSES)
    .where('p.leaving_date', '<=', today)
    .orderBy('o.account_id')
    .execute();
}

/** Every live account with how many people run it, whether one is the lead, and the handovers already open. */
export async function liveAccountStates(db: Kysely<Database>) {
  const result = await sql<{
    id: string;
    trust_id: string;
    school_id: string;
    status: string;
    operators: number;
    has_lead: boolean;
    open_reasons: string[];
  }>`
    SELECT a.id, a.trust_id, a.school_id, a.status,
      (SELECT count(*)::int FROM account_operator o WHERE o.account_id = a.id AND o.removed_at IS NULL) AS operators,
      EXISTS (SELECT 1 FROM account_operator o WHERE o.account_id = a.id AND o.removed_at IS NULL AND o.is_lead) AS has_lead,
      coalesce((SELECT array_agg(h.reason) FROM account_handover h WHERE h.account_id = a.id AND h.resolved_at IS NULL AND h.person_id IS NULL), '{}') AS open_reasons
    FROM official_account a
    WHERE a.status IN (${sql.join(LIVE_STATUSES)})
    ORDER BY a.school_id, a.id`.execute(db);
  return result.rows;
}

/** Live accounts of a school with an open handover, for the home page. */
export async function accountsNeedingHandover(db: Kysely<Database>, schoolId: string) {
  return db
    .selectFrom('official_account as a')
    .select(['a.id', 'a.name'])
    .where('a.school_id', '=', schoolId)
    .where('a.status', 'in', LIVE_STATUSES)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('account_handover as h')
          .select('h.id')
          .whereRef('h.account_id', '=', 'a.id')
          .where('h.resolved_at', 'is', null),
      ),
    )
    .orderBy('a.name')
    .execute();
}

/** The people running the school's live accounts now, with the accounts each runs. */
export async function liveOperatorsOf(db: Kysely<Database>, schoolId: string) {
  return db
    .selectFrom('account_operator as o')
    .innerJoin('official_account as a', 'a.id', 'o.account_id')
    .innerJoin('person as p', 'p.id', 'o.person_id')
    .select(['o.person_id', 'p.given_name', 'p.family_name', 'a.id as account_id', 'a.name as account_name'])
    .where('a.school_id', '=', schoolId)
    .where('a.status', 'in', LIVE_STATUSES)
    .where('o.removed_at', 'is', null)
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .orderBy('a.name')
    .execute();
}
