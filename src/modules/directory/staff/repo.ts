import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

export interface StaffFilter {
  q?: string;
  role?: string;
  employmentType?: string;
  includeLeavers?: boolean;
  today: string;
}

/** Staff whose home school is this one, plus people with a role here (e.g. trust staff working across schools). */
export async function listStaff(db: Kysely<Database>, schoolId: string, filter: StaffFilter) {
  let query = db
    .selectFrom('person')
    .select([
      'person.id',
      'person.given_name',
      'person.family_name',
      'person.email',
      'person.employment_type',
      'person.job_title',
      'person.start_date',
      'person.leaving_date',
      'person.mis_id',
      sql<
        string[]
      >`coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM role_assignment r WHERE r.person_id = person.id AND (r.school_id = ${schoolId} OR r.school_id IS NULL)), '{}')`.as(
        'roles',
      ),
    ])
    .where((eb) =>
      eb.or([
        eb('person.school_id', '=', schoolId),
        eb.exists(
          eb
            .selectFrom('role_assignment as ra')
            .select('ra.id')
            .whereRef('ra.person_id', '=', 'person.id')
            .where('ra.school_id', '=', schoolId),
        ),
      ]),
    );
  if (filter.q) {
    const like = `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`;
    query = query.where((eb) =>
      eb.or([
        eb('person.given_name', 'ilike', like),
        eb('person.family_name', 'ilike', like),
        eb('person.email', 'ilike', like),
        eb(sql`person.given_name || ' ' || person.family_name`, 'ilike', like),
      ]),
    );
  }
  if (filter.employmentType) query = query.where('person.employment_type', '=', filter.employmentType);
  if (filter.role) {
    const role = filter.role;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_assignment as rf')
          .select('rf.id')
          .whereRef('rf.person_id', '=', 'person.id')
          .where('rf.role', '=', role)
          .where((e) => e.or([e('rf.school_id', '=', schoolId), e('rf.school_id', 'is', null)])),
      ),
    );
  }
  if (!filter.includeLeavers)
    query = query.where((eb) =>
      eb.or([eb('person.leaving_date', 'is', null), eb('person.leaving_date', '>', filter.today)]),
    );
  return query.orderBy('person.family_name').orderBy('person.given_name').limit(2000).execute();
}

/** One person, only if they belong to this school (home school or a role here): otherwise undefined, which the route turns into 404. */
export async function findStaffMember(db: Kysely<Database>, schoolId: string, personId: string) {
  return db
    .selectFrom('person')
    .selectAll('person')
    .where('person.id', '=', personId)
    .where((eb) =>
      eb.or([
        eb('person.school_id', '=', schoolId),
        eb.exists(
          eb
            .selectFrom('role_assignment as ra')
            .select('ra.id')
            .whereRef('ra.person_id', '=', 'person.id')
            .where('ra.school_id', '=', schoolId),
        ),
      ]),
    )
    .executeTakeFirst();
}

export async function rolesAtSchool(db: Kysely<Database>, personId: string, schoolId: string) {
  const rows = await db
    .selectFrom('role_assignment')
    .select(['role', 'school_id'])
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('school_id', '=', schoolId), eb('school_id', 'is', null)]))
    .execute();
  return {
    here: rows.filter((r) => r.school_id === schoolId).map((r) => r.role),
    trustWide: rows.filter((r) => r.school_id === null).map((r) => r.role),
  };
}

export async function emailInUse(db: Kysely<Database>, email: string, exceptPersonId?: string): Promise<boolean> {
  let query = db
    .selectFrom('person')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()));
  if (exceptPersonId) query = query.where('id', '<>', exceptPersonId);
  return (await query.executeTakeFirst()) !== undefined;
}
