import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

/**
 * A person (the `person` table in the query) belongs to a school when it is their home school or
 * they hold a role there, as on the staff list.
 */
function ofSchool(schoolId: string) {
  return sql<SqlBool>`(person.school_id = ${schoolId} OR EXISTS (SELECT 1 FROM role_assignment ra WHERE ra.person_id = person.id AND ra.school_id = ${schoolId}))`;
}

function notLeft(today: string) {
  return sql<SqlBool>`(person.leaving_date IS NULL OR person.leaving_date > ${today})`;
}

/** A school sees the trust's courses and its own; another school's course is not found. */
function visibleTo(schoolId: string) {
  return sql<SqlBool>`(training_course.school_id IS NULL OR training_course.school_id = ${schoolId})`;
}

/** The courses a school uses (the trust's and its own), each with its requirements and how many current people of the school hold a current completion. */
export async function listCourses(db: Kysely<Database>, trustId: string, schoolId: string, today: string) {
  return db
    .selectFrom('training_course')
    .select([
      'training_course.id',
      'training_course.title',
      'training_course.description',
      'training_course.valid_months',
      'training_course.school_id',
      sql<
        string[]
      >`coalesce((SELECT array_agg(r.requirement ORDER BY r.requirement) FROM training_requirement r WHERE r.course_id = training_course.id), '{}')`.as(
        'requirements',
      ),
      (eb) =>
        eb
          .selectFrom('training_completion as tc')
          .innerJoin('person', 'person.id', 'tc.person_id')
          .select(sql<number>`count(DISTINCT tc.person_id)::int`.as('n'))
          .whereRef('tc.course_id', '=', 'training_course.id')
          .where((e) => e.or([e('tc.expires_on', 'is', null), e('tc.expires_on', '>', today)]))
          .where(ofSchool(schoolId))
          .where(notLeft(today))
          .as('current_count'),
    ])
    .where('training_course.trust_id', '=', trustId)
    .where(visibleTo(schoolId))
    .orderBy('training_course.title')
    .execute();
}

/** The trust's own courses (not any school's), for the trust view, with how many current people across the trust hold a current completion. */
export async function listTrustCourses(db: Kysely<Database>, trustId: string, today: string) {
  return db
    .selectFrom('training_course')
    .select([
      'training_course.id',
      'training_course.title',
      'training_course.description',
      'training_course.valid_months',
      'training_course.school_id',
      sql<
        string[]
      >`coalesce((SELECT array_agg(r.requirement ORDER BY r.requirement) FROM training_requirement r WHERE r.course_id = training_course.id), '{}')`.as(
        'requirements',
      ),
      (eb) =>
        eb
          .selectFrom('training_completion as tc')
          .innerJoin('person', 'person.id', 'tc.person_id')
          .select(sql<number>`count(DISTINCT tc.person_id)::int`.as('n'))
          .whereRef('tc.course_id', '=', 'training_course.id')
          .where((e) => e.or([e('tc.expires_on', 'is', null), e('tc.expires_on', '>', today)]))
          .where('person.trust_id', '=', trustId)
          .where(notLeft(today))
          .as('current_count'),
    ])
    .where('training_course.trust_id', '=', trustId)
    .where('training_course.school_id', 'is', null)
    .orderBy('training_course.title')
    .execute();
}

/** How many people of the trust are in scope today (have not left). */
export async function countPeopleOfTrust(db: Kysely<Database>, trustId: string, today: string): Promise<number> {
  const row = await db
    .selectFrom('person')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('trust_id', '=', trustId)
    .where(notLeft(today))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** How many people of the school are in scope today (have not left). */
export async function countPeopleOfSchool(db: Kysely<Database>, schoolId: string, today: string): Promise<number> {
  const row = await db
    .selectFrom('person')
    .select(sql<number>`count(*)::int`.as('n'))
    .where(ofSchool(schoolId))
    .where(notLeft(today))
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * One course as seen from a school (the trust's or that school's own) or, with a null school, from
 * the trust view (the trust's own only). Anything else, another trust's included, finds nothing.
 */
export async function findCourse(
  db: Kysely<Database>,
  view: { trustId: string; schoolId: string | null },
  courseId: string,
) {
  let query = db
    .selectFrom('training_course')
    .selectAll()
    .where('id', '=', courseId)
    .where('trust_id', '=', view.trustId);
  query = view.schoolId === null ? query.where('school_id', 'is', null) : query.where(visibleTo(view.schoolId));
  return query.executeTakeFirst();
}

export type CourseRow = NonNullable<Awaited<ReturnType<typeof findCourse>>>;

/**
 * Is the title taken where it would be seen? A school's course may not share a name with the
 * trust's courses or its own; a trust course may not share one with any course in the trust.
 */
export async function courseTitleInUse(
  db: Kysely<Database>,
  owner: { trustId: string; schoolId: string | null },
  title: string,
): Promise<boolean> {
  let query = db
    .selectFrom('training_course')
    .select('id')
    .where('trust_id', '=', owner.trustId)
    .where((eb) => eb(eb.fn('lower', ['title']), '=', title.toLowerCase()));
  if (owner.schoolId !== null) query = query.where(visibleTo(owner.schoolId));
  return (await query.executeTakeFirst()) !== undefined;
}

export async function requirementsOf(db: Kysely<Database>, courseId: string): Promise<string[]> {
  return (
    await db
      .selectFrom('training_requirement')
      .select('requirement')
      .where('course_id', '=', courseId)
      .orderBy('requirement')
      .execute()
  ).map((r) => r.requirement);
}

/** Every completion of a course by people of the school (leavers included, so the record stays visible). */
export async function completionsAtSchool(db: Kysely<Database>, trustId: string, courseId: string, schoolId: string) {
  return db
    .selectFrom('training_completion as tc')
    .innerJoin('person', 'person.id', 'tc.person_id')
    .leftJoin('person as recorder', 'recorder.id', 'tc.recorded_by')
    .select([
      'tc.id',
      'tc.person_id',
      'tc.completed_on',
      'tc.expires_on',
      'tc.evidence',
      'tc.recorded_at',
      'person.given_name',
      'person.family_name',
      'person.leaving_date',
      sql<string | null>`recorder.given_name || ' ' || recorder.family_name`.as('recorded_by_name'),
    ])
    .where('tc.course_id', '=', courseId)
    .where('tc.trust_id', '=', trustId)
    .where(ofSchool(schoolId))
    .orderBy('tc.completed_on', 'desc')
    .orderBy('person.family_name')
    .orderBy('person.given_name')
    .execute();
}

/** People of the school who have not left, with the roles that apply to them there (trust-wide ones too). */
export async function peopleOfSchool(db: Kysely<Database>, schoolId: string, today: string) {
  return db
    .selectFrom('person')
    .select([
      'person.id',
      'person.given_name',
      'person.family_name',
      'person.job_title',
      'person.school_id',
      sql<
        string[]
      >`coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM role_assignment r WHERE r.person_id = person.id AND (r.school_id = ${schoolId} OR r.school_id IS NULL)), '{}')`.as(
        'roles',
      ),
    ])
    .where(ofSchool(schoolId))
    .where(notLeft(today))
    .orderBy('person.family_name')
    .orderBy('person.given_name')
    .limit(5000)
    .execute();
}

/** One person of the school (leavers included); undefined for anyone else's. */
export async function findPersonOfSchool(db: Kysely<Database>, trustId: string, schoolId: string, personId: string) {
  return db
    .selectFrom('person')
    .select(['person.id', 'person.given_name', 'person.family_name', 'person.school_id', 'person.leaving_date'])
    .where('person.id', '=', personId)
    .where('person.trust_id', '=', trustId)
    .where(ofSchool(schoolId))
    .executeTakeFirst();
}

/** Those of `ids` who are people of the school (leavers included); anyone else's id finds nothing. */
export async function peopleOfSchoolAmong(
  db: Kysely<Database>,
  trustId: string,
  schoolId: string,
  ids: readonly string[],
) {
  if (!ids.length) return [];
  return db
    .selectFrom('person')
    .select(['person.id', 'person.given_name', 'person.family_name', 'person.school_id', 'person.leaving_date'])
    .where('person.id', 'in', [...ids])
    .where('person.trust_id', '=', trustId)
    .where(ofSchool(schoolId))
    .execute();
}

/** The roles that apply to a person in a school: that school's and trust-wide ones, and staff at their home school. */
export async function rolesAt(
  db: Kysely<Database>,
  person: { id: string; school_id: string | null },
  schoolId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('role_assignment')
    .select('role')
    .where('person_id', '=', person.id)
    .where((eb) => eb.or([eb('school_id', '=', schoolId), eb('school_id', 'is', null)]))
    .execute();
  const roles = new Set(rows.map((r) => r.role));
  if (person.school_id === schoolId) roles.add('staff');
  return [...roles];
}

export async function completionsOfPerson(db: Kysely<Database>, trustId: string, personId: string) {
  return db
    .selectFrom('training_completion as tc')
    .innerJoin('training_course as c', 'c.id', 'tc.course_id')
    .select(['tc.id', 'tc.course_id', 'c.title', 'tc.completed_on', 'tc.expires_on', 'tc.evidence'])
    .where('tc.person_id', '=', personId)
    .where('tc.trust_id', '=', trustId)
    .orderBy('tc.completed_on', 'desc')
    .execute();
}

/** Every completion, of any course of the trust, by any of these people. */
export async function completionsOfPeople(db: Kysely<Database>, trustId: string, personIds: readonly string[]) {
  if (!personIds.length) return [];
  return db
    .selectFrom('training_completion as tc')
    .select(['tc.person_id', 'tc.course_id', 'tc.completed_on', 'tc.expires_on'])
    .where('tc.person_id', 'in', [...personIds])
    .where('tc.trust_id', '=', trustId)
    .execute();
}

/** Courses that apply in the school (the trust's and its own) with any of these requirements, each with the requirements it matched. */
export async function coursesRequiredFor(
  db: Kysely<Database>,
  school: { trustId: string; schoolId: string },
  requirements: string[],
) {
  if (!requirements.length) return [];
  return db
    .selectFrom('training_requirement as r')
    .innerJoin('training_course as c', 'c.id', 'r.course_id')
    .select(['c.id', 'c.title', 'c.valid_months', 'r.requirement'])
    .where('r.trust_id', '=', school.trustId)
    .where('c.trust_id', '=', school.trustId)
    .where((eb) => eb.or([eb('c.school_id', 'is', null), eb('c.school_id', '=', school.schoolId)]))
    .where('r.requirement', 'in', requirements)
    .orderBy('c.title')
    .execute();
}

export async function hasSigned(db: Kysely<Database>, versionId: string, personId: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('signature')
      .select('id')
      .where('version_id', '=', versionId)
      .where('person_id', '=', personId)
      .executeTakeFirst()) !== undefined
  );
}

/** Those of `personIds` who have signed the version. */
export async function signersAmong(
  db: Kysely<Database>,
  versionId: string,
  personIds: readonly string[],
): Promise<Set<string>> {
  if (!personIds.length) return new Set();
  const rows = await db
    .selectFrom('signature')
    .select('person_id')
    .where('version_id', '=', versionId)
    .where('person_id', 'in', [...personIds])
    .execute();
  return new Set(rows.map((r) => r.person_id));
}
