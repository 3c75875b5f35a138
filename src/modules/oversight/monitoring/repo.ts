/**
 * GOV-2 in SQL. Every query is scoped by trust and school; the routes that call these are open only to
 * the head and HR (monitoring.manage), so the records appear in no one else's list, count or search.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

interface School {
  trustId: string;
  schoolId: string;
}

const columns = [
  'm.id',
  'm.subject_id',
  'm.reason',
  'm.systems',
  'm.starts_on',
  'm.ends_on',
  'm.authorised_as',
  'm.recorded_at',
  'm.reviewed_at',
  'm.review_note',
  'm.ended_at',
  'm.end_note',
] as const;

function base(db: Kysely<Database>, school: School) {
  return db
    .selectFrom('monitoring_record as m')
    .innerJoin('person as s', 's.id', 'm.subject_id')
    .innerJoin('person as a', 'a.id', 'm.authorised_by')
    .leftJoin('person as r', 'r.id', 'm.reviewed_by')
    .leftJoin('person as e', 'e.id', 'm.ended_by')
    .select(columns)
    .select([
      sql<string>`s.given_name || ' ' || s.family_name`.as('subject_name'),
      sql<string>`a.given_name || ' ' || a.family_name`.as('authorised_name'),
      sql<string | null>`r.given_name || ' ' || r.family_name`.as('reviewed_name'),
      sql<string | null>`e.given_name || ' ' || e.family_name`.as('ended_name'),
    ])
    .where('m.trust_id', '=', school.trustId)
    .where('m.school_id', '=', school.schoolId);
}

export type MonitoringRow = Awaited<ReturnType<typeof findRecord>> & object;

export async function listRecords(db: Kysely<Database>, school: School) {
  return base(db, school).orderBy(sql`m.ended_at IS NOT NULL`).orderBy('m.ends_on').orderBy('m.id').execute();
}

export async function findRecord(db: Kysely<Database>, school: School, id: string) {
  return base(db, school).where('m.id', '=', id).executeTakeFirst();
}

/** The school's current staff, for choosing who is monitored. */
export async function schoolStaff(db: Kysely<Database>, school: School, today: string) {
  return db
    .selectFrom('person')
    .select(['id', 'given_name', 'family_name'])
    .where('trust_id', '=', school.trustId)
    .where('school_id', '=', school.schoolId)
    .where((eb) => eb.or([eb('leaving_date', 'is', null), eb('leaving_date', '>', today)]))
    .orderBy('family_name')
    .orderBy('given_name')
    .execute();
}
