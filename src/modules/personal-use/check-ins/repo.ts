/** STF-2: check-ins in SQL, always scoped by trust and school. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import type { CheckInPeriod, CheckInState } from './rules/period.ts';

interface School {
  trustId: string;
  schoolId: string;
}

export async function checkInOf(db: Kysely<Database>, school: School, personId: string, period: string) {
  return db
    .selectFrom('privacy_checkin')
    .select(['id', 'confirmed_at'])
    .where('trust_id', '=', school.trustId)
    .where('school_id', '=', school.schoolId)
    .where('person_id', '=', personId)
    .where('period', '=', period)
    .executeTakeFirst();
}

/** The people a school's check-ins cover: its own current staff (their home school). */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's expression builder, typed where it is used
const currentStaff = (school: School, today: string) => (qb: any) =>
  qb
    .where('p.trust_id', '=', school.trustId)
    .where('p.school_id', '=', school.schoolId)
    // biome-ignore lint/suspicious/noExplicitAny: as above
    .where((eb: any) => eb.or([eb('p.leaving_date', 'is', null), eb('p.leaving_date', '>', today)]));

const stateSql = (today: string, period: CheckInPeriod) =>
  sql<CheckInState>`CASE WHEN c.id IS NOT NULL THEN 'done' WHEN ${today}::date > ${period.due}::date THEN 'overdue' ELSE 'due' END`;

export interface CoverageRow {
  team: string;
  total: number;
  done: number;
  due: number;
  overdue: number;
}

/** Counts by team (the job title on the staff record), computed in SQL. */
export async function coverageByTeam(
  db: Kysely<Database>,
  school: School,
  period: CheckInPeriod,
  today: string,
): Promise<CoverageRow[]> {
  const rows = await db
    .selectFrom('person as p')
    .leftJoin('privacy_checkin as c', (j) =>
      j.onRef('c.person_id', '=', 'p.id').on('c.school_id', '=', school.schoolId).on('c.period', '=', period.key),
    )
    .$call(currentStaff(school, today))
    .select([
      sql<string>`coalesce(nullif(btrim(p.job_title), ''), 'No job title recorded')`.as('team'),
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(c.id)::int`.as('done'),
      sql<number>`count(*) FILTER (WHERE c.id IS NULL AND ${today}::date <= ${period.due}::date)::int`.as('due'),
      sql<number>`count(*) FILTER (WHERE c.id IS NULL AND ${today}::date > ${period.due}::date)::int`.as('overdue'),
    ])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return rows as CoverageRow[];
}

export async function coverageByPerson(
  db: Kysely<Database>,
  school: School,
  period: CheckInPeriod,
  today: string,
  filter: { state?: CheckInState } = {},
) {
  let q = db
    .selectFrom('person as p')
    .leftJoin('privacy_checkin as c', (j) =>
      j.onRef('c.person_id', '=', 'p.id').on('c.school_id', '=', school.schoolId).on('c.period', '=', period.key),
    )
    .$call(currentStaff(school, today))
    .select([
      'p.id',
      'p.given_name',
      'p.family_name',
      sql<string>`coalesce(nullif(btrim(p.job_title), ''), 'No job title recorded')`.as('team'),
      'c.confirmed_at',
      stateSql(today, period).as('state'),
    ])
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .orderBy('p.id');
  if (filter.state) q = q.where(stateSql(today, period), '=', filter.state);
  return q.execute();
}

/** Current staff of a school who have an email address and have not checked in for the period. */
export async function notCheckedIn(db: Kysely<Database>, school: School, period: CheckInPeriod, today: string) {
  return db
    .selectFrom('person as p')
    .leftJoin('privacy_checkin as c', (j) =>
      j.onRef('c.person_id', '=', 'p.id').on('c.school_id', '=', school.schoolId).on('c.period', '=', period.key),
    )
    .$call(currentStaff(school, today))
    .where('c.id', 'is', null)
    .where('p.email', 'is not', null)
    .select(['p.id', 'p.email', 'p.given_name'])
    .orderBy('p.id')
    .execute();
}
