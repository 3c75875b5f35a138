// Read and sign (POL-4): who must sign a version, who has, and each person's signatures.
// Every query is scoped by trust, and by school where the viewer works in one.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';

/** The parts of a policy version that decide who must sign it. */
export interface VersionScope {
  id: string;
  trust_id: string;
  /** The owning school, or null for a trust-wide policy. */
  school_id: string | null;
}

export interface CoverageFilter {
  /** A school of the trust; 'trust' for people with no home school (central staff); undefined for everyone. */
  school?: string;
  role?: string;
  employmentType?: string;
}

export type SignedFilter = 'signed' | 'not-signed' | undefined;

/** Roles that count for a person: those at their home school and trust-wide ones. */
const ROLE_HERE = sql`(ra.school_id IS NULL OR ra.school_id = p.school_id)`;

/**
 * Everyone who must sign `version` on `today` (as `p`, with their signature as `s` if any):
 * - a school's own version: people whose home school is that school;
 * - a trust's version: everyone in the trust, except people whose home school has its own policy in
 *   force (for them the school's policy is the one in force, so it is the one they sign);
 * - never people who have left (leaving date on or before today) or who have not started yet
 *   (start date after today: new starters get the task on their start date).
 * Filters narrow it by school, role (people with no role count as staff) and employment type.
 */
function scopedFrom(version: VersionScope, today: string, filter: CoverageFilter): RawBuilder<unknown> {
  const owner = version.school_id
    ? sql`p.school_id = ${version.school_id}`
    : sql`(p.school_id IS NULL OR NOT EXISTS (
        SELECT 1 FROM policy_version own
        WHERE own.trust_id = ${version.trust_id} AND own.school_id = p.school_id AND own.status = 'approved' AND own.effective_from <= ${today}))`;
  const school =
    filter.school === undefined
      ? sql``
      : filter.school === 'trust'
        ? sql`AND p.school_id IS NULL`
        : sql`AND p.school_id = ${filter.school}`;
  const employment = filter.employmentType ? sql`AND p.employment_type = ${filter.employmentType}` : sql``;
  const hasRole = (role: string) =>
    sql`EXISTS (SELECT 1 FROM role_assignment ra WHERE ra.person_id = p.id AND ra.role = ${role} AND ${ROLE_HERE})`;
  const role = !filter.role
    ? sql``
    : filter.role === 'staff'
      ? sql`AND (${hasRole('staff')} OR NOT EXISTS (SELECT 1 FROM role_assignment ra WHERE ra.person_id = p.id AND ${ROLE_HERE}))`
      : sql`AND ${hasRole(filter.role)}`;
  return sql`
    person p
    LEFT JOIN signature s ON s.version_id = ${version.id} AND s.person_id = p.id
    WHERE p.trust_id = ${version.trust_id}
      AND ${owner}
      AND (p.leaving_date IS NULL OR p.leaving_date > ${today})
      AND (p.start_date IS NULL OR p.start_date <= ${today})
      ${school} ${employment} ${role}`;
}

function signedCondition(signed: SignedFilter): RawBuilder<unknown> {
  if (signed === 'signed') return sql`AND s.person_id IS NOT NULL`;
  if (signed === 'not-signed') return sql`AND s.person_id IS NULL`;
  return sql``;
}

export interface CountRow {
  dimension: 'all' | 'school' | 'type' | 'role';
  /** The school id (null: no home school), employment type or role; null for 'all'. */
  key: string | null;
  total: number;
  signed: number;
}

/**
 * Counts in scope and signed: overall, by school and by employment type (one pass, GROUPING SETS),
 * and by role. Roles come from the role assignments of the people in scope: 'any' counts people
 * with at least one role, so those with none (who count as staff) are the rest.
 */
function countsSql(version: VersionScope): RawBuilder<unknown> {
  return sql`
    counts AS (
      SELECT CASE WHEN grouping(school_id) = 0 THEN 'school' WHEN grouping(employment_type) = 0 THEN 'type' ELSE 'all' END AS dimension,
        CASE WHEN grouping(school_id) = 0 THEN school_id::text ELSE employment_type END AS key,
        count(*)::int AS total, count(signed_at)::int AS signed
      FROM scoped GROUP BY GROUPING SETS ((school_id), (employment_type), ())
      UNION ALL
      SELECT 'role', CASE WHEN grouping(ra.role) = 0 THEN ra.role ELSE '*any' END,
        count(DISTINCT ra.person_id)::int, count(DISTINCT ra.person_id) FILTER (WHERE p.signed_at IS NOT NULL)::int
      FROM role_assignment ra JOIN scoped p ON p.id = ra.person_id
      WHERE ra.trust_id = ${version.trust_id} AND ${ROLE_HERE}
      GROUP BY GROUPING SETS ((ra.role), ())
    )`;
}

/** Turns the role counts into what people read: people with no role count as staff. */
function withStaffRow(rows: CountRow[]): CountRow[] {
  const all = rows.find((r) => r.dimension === 'all') ?? { total: 0, signed: 0 };
  const any = rows.find((r) => r.dimension === 'role' && r.key === '*any') ?? { total: 0, signed: 0 };
  const out = rows.filter((r) => !(r.dimension === 'role' && (r.key === '*any' || r.key === 'staff')));
  const explicit = rows.find((r) => r.dimension === 'role' && r.key === 'staff') ?? { total: 0, signed: 0 };
  const staff = { total: explicit.total + all.total - any.total, signed: explicit.signed + all.signed - any.signed };
  if (staff.total > 0) out.push({ dimension: 'role', key: 'staff', ...staff });
  return out;
}

const SCOPED_COLUMNS = sql`p.id, p.given_name, p.family_name, p.email, p.employment_type, p.job_title, p.school_id, s.signed_at, s.content_hash AS signed_hash`;

/**
 * The coverage page's data in one query: the people in scope are found once, then counted every way
 * and one page of them (by name) is picked, with the roles of just that page.
 */
export async function coverageSnapshot(
  db: Kysely<Database>,
  version: VersionScope,
  today: string,
  filter: CoverageFilter,
  signed: SignedFilter,
  page: { limit: number; offset: number },
): Promise<{ counts: CountRow[]; people: CoveragePerson[] }> {
  const status =
    signed === 'signed'
      ? sql`WHERE signed_at IS NOT NULL`
      : signed === 'not-signed'
        ? sql`WHERE signed_at IS NULL`
        : sql``;
  const result = await sql<{
    counts: CountRow[] | null;
    people: (Omit<CoveragePerson, 'signed_at'> & { signed_at: string | null })[] | null;
  }>`
    WITH scoped AS MATERIALIZED (SELECT ${SCOPED_COLUMNS} FROM ${scopedFrom(version, today, filter)}),
    ${countsSql(version)},
    page AS (SELECT * FROM scoped ${status} ORDER BY family_name, given_name, id LIMIT ${page.limit} OFFSET ${page.offset})
    SELECT
      (SELECT json_agg(counts) FROM counts) AS counts,
      (SELECT json_agg(json_build_object(
          'id', p.id, 'given_name', p.given_name, 'family_name', p.family_name, 'email', p.email, 'employment_type', p.employment_type,
          'job_title', p.job_title, 'school_id', p.school_id, 'signed_at', p.signed_at, 'signed_hash', p.signed_hash,
          'roles', coalesce((SELECT array_agg(DISTINCT ra.role ORDER BY ra.role) FROM role_assignment ra WHERE ra.person_id = p.id AND ${ROLE_HERE}), ARRAY['staff']::text[])
        ) ORDER BY p.family_name, p.given_name, p.id) FROM page p) AS people`.execute(db);
  const row = result.rows[0];
  return {
    counts: withStaffRow(row?.counts ?? []),
    people: (row?.people ?? []).map((p) => ({ ...p, signed_at: p.signed_at ? new Date(p.signed_at) : null })),
  };
}

export interface CoveragePerson {
  id: string;
  given_name: string;
  family_name: string;
  email: string | null;
  employment_type: string;
  job_title: string | null;
  school_id: string | null;
  signed_at: Date | null;
  signed_hash: string | null;
  roles: string[];
}

/** People in scope, by name; a page of them, or all when no limit is given (CSV export). */
export async function coveragePeople(
  db: Kysely<Database>,
  version: VersionScope,
  today: string,
  filter: CoverageFilter,
  signed: SignedFilter,
  page?: { limit: number; offset: number },
): Promise<CoveragePerson[]> {
  return (await peopleQuery(version, today, filter, signed, page).execute(db)).rows;
}

/** The page of people is chosen first; only its rows then look up their roles (an index lookup each). */
export function peopleQuery(
  version: VersionScope,
  today: string,
  filter: CoverageFilter,
  signed: SignedFilter,
  page?: { limit: number; offset: number },
) {
  const paging = page ? sql`LIMIT ${page.limit} OFFSET ${page.offset}` : sql``;
  return sql<CoveragePerson>`
    SELECT p.*, coalesce((
        SELECT array_agg(DISTINCT ra.role ORDER BY ra.role) FROM role_assignment ra WHERE ra.person_id = p.id AND ${ROLE_HERE}
      ), ARRAY['staff']::text[]) AS roles
    FROM (
      SELECT p.id, p.given_name, p.family_name, p.email, p.employment_type, p.job_title, p.school_id, s.signed_at, s.content_hash AS signed_hash
      FROM ${scopedFrom(version, today, filter)} ${signedCondition(signed)}
      ORDER BY p.family_name, p.given_name, p.id
      ${paging}
    ) p
    ORDER BY p.family_name, p.given_name, p.id`;
}

/** How many people who are not yet due to start would have to sign this version once they do. */
export async function futureStarterCount(db: Kysely<Database>, version: VersionScope, today: string): Promise<number> {
  const owner = version.school_id ? sql`p.school_id = ${version.school_id}` : sql`TRUE`;
  const result = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM person p
    WHERE p.trust_id = ${version.trust_id} AND ${owner} AND p.start_date > ${today}
      AND (p.leaving_date IS NULL OR p.leaving_date > p.start_date)`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** A person in the trust, with what decides whether and what they sign. */
export async function findSigner(db: Kysely<Database>, trustId: string, personId: string) {
  return db
    .selectFrom('person')
    .select(['id', 'trust_id', 'school_id', 'given_name', 'family_name', 'email', 'start_date', 'leaving_date'])
    .where('id', '=', personId)
    .where('trust_id', '=', trustId)
    .executeTakeFirst();
}

export type Signer = NonNullable<Awaited<ReturnType<typeof findSigner>>>;

export async function findSignature(db: Kysely<Database>, versionId: string, personId: string) {
  return db
    .selectFrom('signature')
    .selectAll()
    .where('version_id', '=', versionId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** A version by id, only within the trust and only if it applies to this home school (its own or the trust's). */
export async function findVersionForSigner(
  db: Kysely<Database>,
  trustId: string,
  homeSchoolId: string | null,
  versionId: string,
) {
  return db
    .selectFrom('policy_version')
    .select(['id', 'trust_id', 'school_id', 'number', 'status', 'effective_from'])
    .where('id', '=', versionId)
    .where('trust_id', '=', trustId)
    .where((eb) =>
      homeSchoolId
        ? eb.or([eb('school_id', 'is', null), eb('school_id', '=', homeSchoolId)])
        : eb('school_id', 'is', null),
    )
    .executeTakeFirst();
}

/** Every signature a person has made, newest first, with the version it was for. */
export async function signaturesOf(db: Kysely<Database>, trustId: string, personId: string) {
  return db
    .selectFrom('signature')
    .innerJoin('policy_version', 'policy_version.id', 'signature.version_id')
    .select([
      'signature.id',
      'signature.signed_at',
      'signature.typed_name',
      'signature.statement',
      'signature.content_hash',
      'policy_version.id as version_id',
      'policy_version.number',
      'policy_version.school_id as version_school_id',
      'policy_version.effective_from',
    ])
    .where('signature.person_id', '=', personId)
    .where('signature.trust_id', '=', trustId)
    .orderBy('signature.signed_at', 'desc')
    .execute();
}

/** An approved version by id, whoever owns it (for background jobs, which act for no one tenant). */
export async function findApprovedVersion(db: Kysely<Database>, versionId: string) {
  return db
    .selectFrom('policy_version')
    .selectAll()
    .where('id', '=', versionId)
    .where('status', '=', 'approved')
    .executeTakeFirst();
}

/**
 * The version in force on `today` where someone works: the school's own policy, else the trust's
 * (null: the trust view, the trust's only). The same rule as effectiveVersionForSchool, without the
 * policy text, for pages that only need to name it.
 */
export async function versionInForceSummary(
  db: Kysely<Database>,
  trustId: string,
  schoolId: string | null,
  today: string,
) {
  return db
    .selectFrom('policy_version')
    .select(['id', 'trust_id', 'school_id', 'number', 'effective_from', sql<string>`document->>'title'`.as('title')])
    .where('trust_id', '=', trustId)
    .where('status', '=', 'approved')
    .where('effective_from', '<=', today)
    .where((eb) =>
      schoolId ? eb.or([eb('school_id', '=', schoolId), eb('school_id', 'is', null)]) : eb('school_id', 'is', null),
    )
    .orderBy(sql`school_id IS NULL`)
    .orderBy('effective_from', 'desc')
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** People in scope who have not signed `version`: who the reminder round writes to. */
export async function unsignedPeople(db: Kysely<Database>, version: VersionScope, today: string) {
  const result = await sql<{
    id: string;
    given_name: string;
    family_name: string;
    email: string | null;
    school_id: string | null;
  }>`
    SELECT p.id, p.given_name, p.family_name, p.email, p.school_id FROM ${scopedFrom(version, today, {})} AND s.person_id IS NULL
    ORDER BY p.school_id, p.family_name, p.given_name, p.id`.execute(db);
  return result.rows;
}
