import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

export interface PupilFilter {
  q?: string;
  yearGroup?: number;
  consent?: 'social' | 'none-social' | 'never-publish';
  includeLeavers?: boolean;
  today: string;
  limit?: number;
  offset?: number;
}

// The never-publish reason is restricted: it is selected only by findPupilRestricted.
const PUBLIC_COLUMNS = [
  'id',
  'upn',
  'mis_id',
  'given_name',
  'family_name',
  'preferred_name',
  'date_of_birth',
  'year_group',
  'form_group',
  'consent_social',
  'consent_website',
  'consent_press',
  'never_publish',
  'leaving_date',
  'school_id',
] as const;

export async function listPupils(db: Kysely<Database>, schoolId: string, filter: PupilFilter) {
  let query = db.selectFrom('pupil').where('school_id', '=', schoolId);
  if (filter.q) {
    const like = `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`;
    query = query.where((eb) =>
      eb.or([
        eb('given_name', 'ilike', like),
        eb('family_name', 'ilike', like),
        eb('preferred_name', 'ilike', like),
        eb('upn', 'ilike', like),
        eb('form_group', 'ilike', like),
        eb(sql`given_name || ' ' || family_name`, 'ilike', like),
      ]),
    );
  }
  if (filter.yearGroup !== undefined) query = query.where('year_group', '=', filter.yearGroup);
  if (filter.consent === 'social') query = query.where('consent_social', '=', true).where('never_publish', '=', false);
  if (filter.consent === 'none-social') query = query.where('consent_social', '=', false);
  if (filter.consent === 'never-publish') query = query.where('never_publish', '=', true);
  if (!filter.includeLeavers)
    query = query.where((eb) => eb.or([eb('leaving_date', 'is', null), eb('leaving_date', '>', filter.today)]));
  const [rows, count] = await Promise.all([
    query
      .select(PUBLIC_COLUMNS)
      .orderBy('year_group')
      .orderBy('family_name')
      .orderBy('given_name')
      .limit(filter.limit ?? 100)
      .offset(filter.offset ?? 0)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function findPupil(db: Kysely<Database>, schoolId: string, pupilId: string) {
  return db
    .selectFrom('pupil')
    .select(PUBLIC_COLUMNS)
    .where('id', '=', pupilId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
}

/** Only for people allowed to read restricted information (headteacher, DSL team). */
export async function findNeverPublishReason(db: Kysely<Database>, schoolId: string, pupilId: string) {
  const row = await db
    .selectFrom('pupil')
    .select('never_publish_reason')
    .where('id', '=', pupilId)
    .where('school_id', '=', schoolId)
    .executeTakeFirst();
  return row?.never_publish_reason ?? null;
}

export async function parentsOf(db: Kysely<Database>, schoolId: string, pupilId: string) {
  return db
    .selectFrom('pupil_parent')
    .innerJoin('parent', 'parent.id', 'pupil_parent.parent_id')
    .select([
      'parent.id',
      'parent.given_name',
      'parent.family_name',
      'parent.email',
      'parent.phone',
      'pupil_parent.relationship',
    ])
    .where('pupil_parent.pupil_id', '=', pupilId)
    .where('parent.school_id', '=', schoolId)
    .orderBy('parent.family_name')
    .execute();
}

export async function upnInUse(
  db: Kysely<Database>,
  schoolId: string,
  upn: string,
  exceptId?: string,
): Promise<boolean> {
  let query = db.selectFrom('pupil').select('id').where('school_id', '=', schoolId).where('upn', '=', upn);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The school's phase and the year groups its pupils (leavers included) are in, for the year filter. */
export async function yearGroupFacts(
  db: Kysely<Database>,
  schoolId: string,
): Promise<{ phase: string; yearsInUse: number[] }> {
  const [school, years] = await Promise.all([
    db.selectFrom('school').select('phase').where('id', '=', schoolId).executeTakeFirst(),
    db.selectFrom('pupil').select('year_group').distinct().where('school_id', '=', schoolId).execute(),
  ]);
  return { phase: school?.phase ?? 'other', yearsInUse: years.map((y) => y.year_group) };
}
