/**
 * Cases in SQL. Every read goes through `visibleTo`, which is the restricted-case rule (INC-7,
 * rules/visibility.ts) written as a WHERE clause: a restricted case someone may not see is never
 * selected, so no list, count or page can show it, and a direct link finds nothing (404).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { ConcernCaseTable, Database } from '../../../platform/db/schema.ts';
import type { Viewer } from '../rules/visibility.ts';

export interface School {
  trustId: string;
  schoolId: string;
}
export type CaseRow = Selectable<ConcernCaseTable>;

/**
 * The visibility rule as SQL over `c` (concern_case). The viewer's facts are known before the query
 * is written, so each branch is written only as far as it can matter: a DSL's list is not asked, for
 * every case, whether the DSL is on the safeguarding team (the rule is the same; the SQL is shorter).
 */
export function visibleTo(v: Viewer) {
  const mayOpenRestricted =
    v.dslTeam || (v.chair && v.head)
      ? sql`TRUE`
      : v.chair
        ? sql`c.about_head`
        : v.head
          ? sql`NOT c.about_head`
          : sql`FALSE`;
  const mayOpenOrdinary = v.seesSchoolCases
    ? sql`TRUE`
    : sql`(c.owner_id = ${v.id} OR c.reporter_id = ${v.id}
            OR EXISTS (SELECT 1 FROM case_action ca WHERE ca.case_id = c.id AND ca.owner_id = ${v.id}))`;
  const notSubject = sql`NOT EXISTS (SELECT 1 FROM case_person cp WHERE cp.case_id = c.id AND cp.person_id = ${v.id} AND cp.is_subject)`;
  // someone who may open every case (the DSL team with cases.view) is asked only whether it is about them
  if (v.seesSchoolCases && (v.dslTeam || (v.chair && v.head))) return sql<boolean>`(${notSubject})`;
  return sql<boolean>`(${notSubject} AND CASE WHEN c.restricted THEN ${mayOpenRestricted} ELSE ${mayOpenOrdinary} END)`;
}

export async function findVisibleCase(
  db: Kysely<Database>,
  school: School,
  viewer: Viewer,
  id: string,
): Promise<CaseRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  return db
    .selectFrom('concern_case as c')
    .selectAll('c')
    .where('c.id', '=', id)
    .where('c.school_id', '=', school.schoolId)
    .where('c.trust_id', '=', school.trustId)
    .where(visibleTo(viewer))
    .executeTakeFirst();
}

/**
 * A case seen from the trust view (INC-7): the same visibility rule, for a viewer who sees ordinary
 * cases but is on no school's safeguarding team, so a restricted case is never selected.
 */
export async function findTrustVisibleCase(
  db: Kysely<Database>,
  trustId: string,
  viewerId: string,
  id: string,
): Promise<CaseRow | undefined> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  return db
    .selectFrom('concern_case as c')
    .selectAll('c')
    .where('c.id', '=', id)
    .where('c.trust_id', '=', trustId)
    .where(visibleTo({ id: viewerId, seesSchoolCases: true, dslTeam: false, head: false, chair: false }))
    .executeTakeFirst();
}

/** Locks the case row for a change, after checking the viewer may see it. */
export async function lockVisibleCase(
  trx: Kysely<Database>,
  school: School,
  viewer: Viewer,
  id: string,
): Promise<CaseRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return trx
    .selectFrom('concern_case as c')
    .selectAll('c')
    .where('c.id', '=', id)
    .where('c.school_id', '=', school.schoolId)
    .where('c.trust_id', '=', school.trustId)
    .where(visibleTo(viewer))
    .forUpdate()
    .executeTakeFirst();
}

export interface CaseFilters {
  kind?: string;
  status?: 'new' | 'open' | 'closed' | 'active';
  level?: 'minor' | 'moderate' | 'serious' | 'none';
  overdue?: boolean;
  ownerId?: string;
  /** One case by its reference (the policy review links to a case this way, naming nothing else). */
  reference?: string;
}

export interface CaseListRow {
  id: string;
  reference: string;
  kind: string;
  status: 'new' | 'open' | 'closed';
  restricted: boolean;
  urgent: boolean;
  level: string | null;
  reported_at: Date;
  owner_given: string | null;
  owner_family: string | null;
  next_due: Date | null;
}

function listQuery(db: Kysely<Database>) {
  return (
    db
      .selectFrom('concern_case as c')
      .leftJoin('person as o', 'o.id', 'c.owner_id')
      .select([
        'c.id',
        'c.reference',
        'c.kind',
        'c.status',
        'c.restricted',
        'c.urgent',
        'c.level',
        'c.reported_at',
        'o.given_name as owner_given',
        'o.family_name as owner_family',
      ])
      // The earliest open clock (the partial index case_action_open_due finds it); the case is
      // overdue when that one has passed, which withOverdue works out from it.
      .select(
        sql<Date | null>`(SELECT min(a.due_at) FROM case_action a WHERE a.case_id = c.id AND a.status = 'open')`.as(
          'next_due',
        ),
      )
  );
}

/** Each row with whether its earliest open clock has passed. */
function withOverdue<R extends { next_due: Date | null }>(rows: R[], now: Date): (R & { overdue: boolean })[] {
  return rows.map((r) => ({ ...r, overdue: r.next_due !== null && new Date(r.next_due) < now }));
}

/**
 * The school's cases this viewer may see, newest first, with filters (limit keeps a big school's
 * page light), how many there are, and the school's leaders (whom the list can be filtered by): one
 * statement, as for a case's page, since the embedded database answers one query at a time.
 */
export async function schoolCases(
  db: Kysely<Database>,
  school: School,
  viewer: Viewer,
  filters: CaseFilters,
  now: Date,
  limit = 50,
): Promise<{
  rows: (CaseListRow & { overdue: boolean })[];
  total: number;
  owners: { id: string; given_name: string; family_name: string }[];
}> {
  let q = listQuery(db)
    .where('c.school_id', '=', school.schoolId)
    .where('c.trust_id', '=', school.trustId)
    .where(visibleTo(viewer));
  if (filters.kind) q = q.where('c.kind', '=', filters.kind);
  if (filters.status === 'active') q = q.where('c.status', '<>', 'closed');
  else if (filters.status) q = q.where('c.status', '=', filters.status);
  if (filters.level === 'none') q = q.where('c.level', 'is', null);
  else if (filters.level) q = q.where('c.level', '=', filters.level);
  if (filters.ownerId) q = q.where('c.owner_id', '=', filters.ownerId);
  if (filters.reference) q = q.where('c.reference', '=', filters.reference);
  if (filters.overdue)
    q = q.where(
      sql<boolean>`EXISTS (SELECT 1 FROM case_action a WHERE a.case_id = c.id AND a.status = 'open' AND a.due_at < ${now})`,
    );
  const owners = db
    .selectFrom('role_assignment as r')
    .innerJoin('person as p', 'p.id', 'r.person_id')
    .select(['p.id', 'p.given_name', 'p.family_name'])
    .distinct()
    .where('r.school_id', '=', school.schoolId)
    .where('r.role', 'in', ['headteacher', 'slt', 'dsl', 'deputy_dsl'])
    .orderBy('p.family_name')
    .orderBy('p.given_name')
    .orderBy('p.id');
  const row = await db
    .selectNoFrom([
      jsonArrayFrom(q.orderBy('c.reported_at', 'desc').orderBy('c.reference', 'desc').limit(limit)).as('rows'),
      q.clearSelect().select(sql<number>`count(*)::int`.as('n')).as('total'),
      jsonArrayFrom(owners).as('owners'),
    ])
    .executeTakeFirstOrThrow();
  const {
    rows,
    total,
    owners: leaders,
  } = row as unknown as {
    rows: (Omit<CaseListRow, 'reported_at' | 'next_due'> & { reported_at: string; next_due: string | null })[];
    total: number;
    owners: { id: string; given_name: string; family_name: string }[];
  };
  const dated = rows.map((r) => ({
    ...r,
    reported_at: new Date(r.reported_at),
    next_due: r.next_due === null ? null : new Date(r.next_due),
  }));
  return { rows: withOverdue(dated, now), total, owners: leaders };
}

/** Cases that wait on this person: they own it, or an open action on it, or they reported it. */
export async function myCases(db: Kysely<Database>, school: School, viewer: Viewer, now: Date) {
  const rows = await listQuery(db)
    .where('c.school_id', '=', school.schoolId)
    .where('c.trust_id', '=', school.trustId)
    .where(visibleTo(viewer))
    .where((eb) =>
      eb.or([
        eb('c.owner_id', '=', viewer.id),
        eb('c.reporter_id', '=', viewer.id),
        eb.exists(
          eb
            .selectFrom('case_action as a')
            .select('a.id')
            .whereRef('a.case_id', '=', 'c.id')
            .where('a.owner_id', '=', viewer.id)
            .where('a.status', '=', 'open'),
        ),
      ]),
    )
    .select(sql<boolean>`c.owner_id = ${viewer.id}`.as('mine'))
    .orderBy(sql`c.status = 'closed'`)
    .orderBy('c.reported_at', 'desc')
    .limit(200)
    .execute();
  return withOverdue(rows as (CaseListRow & { mine: boolean })[], now);
}

/** Trust view (INC-7): cases across the trust's schools, restricted ones never selected. */
export async function trustCases(
  db: Kysely<Database>,
  trustId: string,
  viewerId: string,
  filters: CaseFilters,
  now: Date,
  limit = 50,
) {
  let q = listQuery(db)
    .innerJoin('school as s', 's.id', 'c.school_id')
    .select('s.name as school_name')
    .where('c.trust_id', '=', trustId)
    .where('c.restricted', '=', false)
    .where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM case_person cp WHERE cp.case_id = c.id AND cp.person_id = ${viewerId} AND cp.is_subject)`,
    );
  if (filters.kind) q = q.where('c.kind', '=', filters.kind);
  if (filters.status === 'active') q = q.where('c.status', '<>', 'closed');
  else if (filters.status) q = q.where('c.status', '=', filters.status);
  if (filters.level === 'none') q = q.where('c.level', 'is', null);
  else if (filters.level) q = q.where('c.level', '=', filters.level);
  if (filters.overdue)
    q = q.where(
      sql<boolean>`EXISTS (SELECT 1 FROM case_action a WHERE a.case_id = c.id AND a.status = 'open' AND a.due_at < ${now})`,
    );
  const [rows, count] = await Promise.all([
    q.orderBy('c.reported_at', 'desc').limit(limit).execute(),
    q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: withOverdue(rows as (CaseListRow & { school_name: string })[], now), total: count.n };
}

function peopleQuery(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('case_person as p')
    .leftJoin('pupil as pu', 'pu.id', 'p.pupil_id')
    .leftJoin('person as pe', 'pe.id', 'p.person_id')
    .select(['p.id', 'p.kind', 'p.name', 'p.is_subject', 'p.person_id', 'p.pupil_id', 'pu.year_group', 'pe.job_title'])
    .where('p.case_id', '=', caseId)
    .orderBy('p.kind')
    .orderBy('p.name');
}

function evidenceQuery(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('case_evidence as e')
    .innerJoin('person as p', 'p.id', 'e.added_by')
    .select([
      'e.id',
      'e.kind',
      'e.file_name',
      'e.mime_type',
      'e.size_bytes',
      'e.sha256',
      'e.url',
      'e.seen_at',
      'e.site_description',
      'e.added_at',
      'p.given_name',
      'p.family_name',
    ])
    .select(sql<boolean>`e.preview IS NOT NULL`.as('has_preview'))
    .where('e.case_id', '=', caseId)
    .orderBy('e.added_at')
    .orderBy('e.id');
}

function actionsQuery(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('case_action as a')
    .leftJoin('person as p', 'p.id', 'a.owner_id')
    .selectAll('a')
    .select(['p.given_name as owner_given', 'p.family_name as owner_family'])
    .where('a.case_id', '=', caseId)
    .orderBy(sql`a.status = 'done'`)
    .orderBy('a.due_at');
}

function outcomesQuery(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('case_outcome as o')
    .innerJoin('person as p', 'p.id', 'o.recorded_by')
    .select(['o.id', 'o.kind', 'o.note', 'o.check_on', 'o.recorded_at', 'p.given_name', 'p.family_name'])
    .where('o.case_id', '=', caseId)
    .orderBy('o.recorded_at');
}

function latestAssessmentQuery(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('case_assessment as a')
    .innerJoin('person as p', 'p.id', 'a.assessed_by')
    .selectAll('a')
    .select(['p.given_name', 'p.family_name'])
    .where('a.case_id', '=', caseId)
    .orderBy('a.assessed_at', 'desc')
    .limit(1);
}

/** The emails sent about a case (case_mail), newest first, with whether each went. */
function mailQuery(db: Kysely<Database>, caseId: string) {
  return db
    .selectFrom('case_mail as cm')
    .innerJoin('mail_message as m', 'm.id', 'cm.message_id')
    .select(['m.id', 'm.to_address', 'm.subject', 'm.body_text', 'm.status', 'm.created_at', 'm.sent_at'])
    .where('cm.case_id', '=', caseId)
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id')
    .limit(200);
}

export async function mailOfCase(db: Kysely<Database>, caseId: string) {
  return mailQuery(db, caseId).execute();
}

function chronologyQuery(db: Kysely<Database>, caseId: string, limit = 500) {
  return db
    .selectFrom('case_event')
    .select(['id', 'at', 'actor_label', 'kind', 'text', 'detail'])
    .where('case_id', '=', caseId)
    .orderBy('id', 'desc')
    .limit(limit);
}

const nameOf = (db: Kysely<Database>, id: string | null) =>
  db
    .selectFrom('person')
    .select(sql<string>`given_name || ' ' || family_name`.as('name'))
    .where('id', '=', id ?? '00000000-0000-0000-0000-000000000000');

/**
 * Everything a case's page shows, in one round trip: the embedded database runs one query at a
 * time, so eight small queries cost eight turns. Times inside the JSON come back as ISO strings.
 */
export async function casePageData(db: Kysely<Database>, c: Pick<CaseRow, 'id' | 'reporter_id' | 'owner_id'>) {
  type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
  const row = await db
    .selectNoFrom([
      jsonArrayFrom(peopleQuery(db, c.id)).as('people'),
      jsonArrayFrom(evidenceQuery(db, c.id)).as('evidence'),
      jsonArrayFrom(actionsQuery(db, c.id)).as('actions'),
      jsonArrayFrom(outcomesQuery(db, c.id)).as('outcomes'),
      jsonObjectFrom(latestAssessmentQuery(db, c.id)).as('assessment'),
      jsonArrayFrom(chronologyQuery(db, c.id)).as('chronology'),
      jsonArrayFrom(mailQuery(db, c.id)).as('mail'),
      nameOf(db, c.reporter_id).as('reporter'),
      nameOf(db, c.owner_id).as('owner'),
    ])
    .executeTakeFirstOrThrow();
  return row as unknown as {
    people: Json<Awaited<ReturnType<typeof peopleOfCase>>[number]>[];
    evidence: Json<Awaited<ReturnType<typeof evidenceOfCase>>[number]>[];
    actions: Json<Awaited<ReturnType<typeof actionsOfCase>>[number]>[];
    outcomes: Json<Awaited<ReturnType<typeof outcomesOfCase>>[number]>[];
    assessment: Json<NonNullable<Awaited<ReturnType<typeof latestAssessment>>>> | null;
    chronology: Json<Awaited<ReturnType<typeof chronologyOf>>[number]>[];
    mail: Json<Awaited<ReturnType<typeof mailOfCase>>[number]>[];
    reporter: string | null;
    owner: string | null;
  };
}

export async function peopleOfCase(db: Kysely<Database>, caseId: string) {
  return peopleQuery(db, caseId).execute();
}

export async function evidenceOfCase(db: Kysely<Database>, caseId: string) {
  return evidenceQuery(db, caseId).execute();
}

export async function actionsOfCase(db: Kysely<Database>, caseId: string) {
  return actionsQuery(db, caseId).execute();
}

export async function outcomesOfCase(db: Kysely<Database>, caseId: string) {
  return outcomesQuery(db, caseId).execute();
}

export async function latestAssessment(db: Kysely<Database>, caseId: string) {
  return latestAssessmentQuery(db, caseId).executeTakeFirst();
}

export async function chronologyOf(db: Kysely<Database>, caseId: string, limit = 500) {
  return chronologyQuery(db, caseId, limit).execute();
}

export async function personName(db: Kysely<Database>, id: string | null): Promise<string | null> {
  if (!id) return null;
  const p = await db.selectFrom('person').select(['given_name', 'family_name']).where('id', '=', id).executeTakeFirst();
  return p ? `${p.given_name} ${p.family_name}` : null;
}
