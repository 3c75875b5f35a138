// Applications for official accounts (ACC-1, ACC-2): the SQL. Every query is scoped by school.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { AccountStatus, Database } from '../../../platform/db/schema.ts';
import type { Role } from '../../../platform/auth/permissions.ts';
import { isUuid } from '../../../platform/http/forms.ts';

/** A person (the `person` table in the query) is one of a school's people when it is their home school or they hold a role there. */
function ofSchool(schoolId: string) {
  return sql<SqlBool>`(person.school_id = ${schoolId} OR EXISTS (SELECT 1 FROM role_assignment ra WHERE ra.person_id = person.id AND ra.school_id = ${schoolId}))`;
}

/** The school's people who have not left, for the operator lists. */
export async function choosablePeople(db: Kysely<Database>, schoolId: string, today: string) {
  return db
    .selectFrom('person')
    .select(['person.id', 'person.given_name', 'person.family_name', 'person.job_title', 'person.employment_type'])
    .where(ofSchool(schoolId))
    .where((eb) => eb.or([eb('person.leaving_date', 'is', null), eb('person.leaving_date', '>', today)]))
    .orderBy('person.family_name')
    .orderBy('person.given_name')
    .limit(3000)
    .execute();
}

/** Those of `ids` who are people of the school (leavers included); anyone else's id finds nothing. */
export async function peopleOfSchoolAmong(
  db: Kysely<Database>,
  trustId: string,
  schoolId: string,
  ids: readonly string[],
) {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (!wanted.length) return [];
  return db
    .selectFrom('person')
    .select(['person.id', 'person.given_name', 'person.family_name', 'person.leaving_date'])
    .where('person.id', 'in', wanted)
    .where('person.trust_id', '=', trustId)
    .where(ofSchool(schoolId))
    .execute();
}

/**
 * The school's people who hold one of `roles` there (or across the trust), have not left and have an
 * email address: whom to tell when work waits on that role.
 */
export async function peopleInRoles(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  roles: readonly Role[],
  today: string,
) {
  if (!roles.length) return [];
  return db
    .selectFrom('role_assignment as ra')
    .innerJoin('person', 'person.id', 'ra.person_id')
    .select(['person.id', 'person.given_name', 'person.family_name', 'person.email'])
    .distinct()
    .where('ra.trust_id', '=', school.trustId)
    .where('person.trust_id', '=', school.trustId)
    .where((eb) => eb.or([eb('ra.school_id', '=', school.schoolId), eb('ra.school_id', 'is', null)]))
    .where('ra.role', 'in', [...roles])
    .where('person.email', 'is not', null)
    .where((eb) => eb.or([eb('person.leaving_date', 'is', null), eb('person.leaving_date', '>', today)]))
    .orderBy('person.id')
    .execute() as Promise<{ id: string; given_name: string; family_name: string; email: string }[]>;
}

export async function personContact(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name', 'email'])
    .where('id', '=', personId)
    .executeTakeFirst();
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

/** Current operators' person ids, lead first. */
export async function operatorIds(
  db: Kysely<Database>,
  accountId: string,
): Promise<{ person_id: string; is_lead: boolean }[]> {
  return db
    .selectFrom('account_operator')
    .select(['person_id', 'is_lead'])
    .where('account_id', '=', accountId)
    .where('removed_at', 'is', null)
    .orderBy('is_lead', 'desc')
    .execute();
}

export interface ApplicationListRow {
  id: string;
  name: string;
  platform: string;
  status: AccountStatus;
  submitted_at: Date | null;
  created_at: Date;
  applicant_name: string;
}

function applications(db: Kysely<Database>, schoolId: string) {
  return db
    .selectFrom('official_account as a')
    .innerJoin('person as p', 'p.id', 'a.applicant_id')
    .select([
      'a.id',
      'a.name',
      'a.platform',
      'a.status',
      'a.submitted_at',
      'a.created_at',
      sql<string>`p.given_name || ' ' || p.family_name`.as('applicant_name'),
    ])
    .where('a.school_id', '=', schoolId);
}

/**
 * Applications at a status that `personId` may decide: never their own, and (for the SLT step) never
 * one they are named to run. Oldest first, as a queue.
 */
export async function awaitingDecisionBy(
  db: Kysely<Database>,
  schoolId: string,
  status: AccountStatus,
  personId: string,
  excludeOperator: boolean,
): Promise<ApplicationListRow[]> {
  let query = applications(db, schoolId).where('a.status', '=', status).where('a.applicant_id', '<>', personId);
  if (excludeOperator) {
    query = query.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('account_operator as o')
            .select('o.id')
            .whereRef('o.account_id', '=', 'a.id')
            .where('o.person_id', '=', personId)
            .where('o.removed_at', 'is', null),
        ),
      ),
    );
  }
  return query.orderBy('a.submitted_at').orderBy('a.created_at').execute();
}

/** A person's own applications at the school, newest first. */
export async function applicationsOf(
  db: Kysely<Database>,
  schoolId: string,
  personId: string,
): Promise<ApplicationListRow[]> {
  return applications(db, schoolId).where('a.applicant_id', '=', personId).orderBy('a.created_at', 'desc').execute();
}

/** A person's drafts not yet sent, newest first. */
export async function draftsOf(db: Kysely<Database>, schoolId: string, personId: string) {
  return db
    .selectFrom('official_account')
    .select(['id', 'name'])
    .where('school_id', '=', schoolId)
    .where('applicant_id', '=', personId)
    .where('status', '=', 'draft')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Applications sent for a decision and not yet decided that `personId` made, or is named to run. */
export async function pendingApplicationsInvolving(db: Kysely<Database>, schoolId: string, personId: string) {
  return db
    .selectFrom('official_account as a')
    .select(['a.id', 'a.name', 'a.applicant_id'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('account_operator as o')
            .select('o.id')
            .whereRef('o.account_id', '=', 'a.id')
            .where('o.person_id', '=', personId)
            .where('o.removed_at', 'is', null),
        )
        .as('is_operator'),
    )
    .where('a.school_id', '=', schoolId)
    .where('a.status', 'in', ['proposed', 'endorsed'])
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
    .orderBy('a.submitted_at')
    .limit(20)
    .execute();
}
