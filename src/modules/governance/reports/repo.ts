// The governors' report's figures (GOV-1), every one an aggregate computed in SQL over a scope (one
// school, or every school of a trust) and a period. No query returns a pupil, and only
// `overrideReasons` returns a person's name (for readers who may see names).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { rangeInstants, type DateRange } from '../../../platform/calendar/date-range.ts';

export interface ReportScope {
  trustId: string;
  /** The schools covered: one in a school, all the trust's in the trust view. */
  schoolIds: string[];
}

/** How far ahead a completion expiring counts as "due soon". */
export const DUE_SOON_DAYS = 60;

export interface SchoolSigning {
  school_id: string;
  school: string;
  version_number: number | null;
  staff: number;
  signed: number;
}

export interface TrainingRow {
  course: string;
  done: number;
  due_soon: number;
  expired: number;
  not_done: number;
}

export interface CountRow {
  key: string;
  count: number;
}

export interface AccountFigures {
  byStatus: CountRow[];
  /** Active accounts by how long since they were last checked (monitored or reviewed), at the period's end. */
  lastCheck: CountRow[];
  reviewOverdue: number;
}

export interface PostFigures {
  published: number;
  takenDown: number;
  sentBack: number;
  rejected: number;
  heldByChecks: number;
  overrides: CountRow[];
}

export interface ConcernFigures {
  total: number;
  byKind: CountRow[];
  byLevel: CountRow[];
  byOutcome: CountRow[];
  open: number;
  closed: number;
  /** Restricted cases: only what the schools' DSLs released for exactly this period. */
  restrictedReleased: number;
  schoolsReleased: number;
}

export interface PolicyRow {
  school: string;
  version_number: number | null;
  approved_on: string | null;
  review_due: string | null;
  open_reviews: number;
}

/** Inbox items that arrived in the period, by school, against their deadline (MON-2), safeguarding matters left out. */
export interface ResponseRow {
  school: string;
  arrived: number;
  inTime: number;
  late: number;
  /** Not answered by the period's end and past their deadline by then. */
  overdue: number;
  /** Not answered by the period's end and not yet due. */
  waiting: number;
  /** Median hours from arrival to the response, for those answered by the period's end. */
  medianHours: number | null;
}

export interface ReportFigures {
  responses: ResponseRow[];
  signing: SchoolSigning[];
  signaturesByWeek: { week: string; count: number }[];
  training: TrainingRow[];
  accounts: AccountFigures;
  posts: PostFigures;
  concerns: ConcernFigures;
  policies: PolicyRow[];
}

const ids = (scope: ReportScope) => sql`(${sql.join(scope.schoolIds.map((id) => sql`${id}::uuid`))})`;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Staff at each school on the period's last day who must sign the policy in force then, and how many had. */
async function signing(db: Kysely<Database>, scope: ReportScope, range: DateRange, end: Date) {
  const rows = await sql<SchoolSigning>`
    WITH sch AS (SELECT id, name FROM school WHERE trust_id = ${scope.trustId} AND id IN ${ids(scope)}),
    v AS (
      SELECT sch.id AS school_id, pv.id AS version_id, pv.number
      FROM sch LEFT JOIN LATERAL (
        SELECT pv.id, pv.number FROM policy_version pv
        WHERE pv.trust_id = ${scope.trustId} AND pv.status = 'approved' AND pv.effective_from <= ${range.to}
          AND (pv.school_id = sch.id OR pv.school_id IS NULL)
        ORDER BY (pv.school_id IS NULL), pv.effective_from DESC, pv.number DESC LIMIT 1
      ) pv ON true
    )
    SELECT sch.id AS school_id, sch.name AS school, v.number AS version_number,
      count(p.id)::int AS staff, count(s.person_id)::int AS signed
    FROM sch JOIN v ON v.school_id = sch.id
    LEFT JOIN person p ON p.trust_id = ${scope.trustId} AND p.school_id = sch.id
      AND (p.leaving_date IS NULL OR p.leaving_date > ${range.to}) AND (p.start_date IS NULL OR p.start_date <= ${range.to})
    LEFT JOIN signature s ON s.version_id = v.version_id AND s.person_id = p.id AND s.signed_at < ${end}
    GROUP BY sch.id, sch.name, v.number
    ORDER BY sch.name`.execute(db);
  return rows.rows;
}

async function signaturesByWeek(db: Kysely<Database>, scope: ReportScope, start: Date, end: Date) {
  const rows = await sql<{ week: string; count: number }>`
    SELECT to_char(date_trunc('week', s.signed_at AT TIME ZONE 'Europe/London'), 'YYYY-MM-DD') AS week, count(*)::int AS count
    FROM signature s JOIN person p ON p.id = s.person_id
    WHERE s.trust_id = ${scope.trustId} AND p.school_id IN ${ids(scope)} AND s.signed_at >= ${start} AND s.signed_at < ${end}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return rows.rows;
}

/**
 * Each course, over the staff who must take it (a role it names, or running an account) or who
 * have taken it, by the state of their latest completion on the period's last day.
 */
async function training(db: Kysely<Database>, scope: ReportScope, range: DateRange) {
  const soon = addDays(range.to, DUE_SOON_DAYS);
  const rows = await sql<TrainingRow>`
    WITH ppl AS (
      SELECT p.id, p.school_id FROM person p
      WHERE p.trust_id = ${scope.trustId} AND p.school_id IN ${ids(scope)}
        AND (p.leaving_date IS NULL OR p.leaving_date > ${range.to}) AND (p.start_date IS NULL OR p.start_date <= ${range.to})
    ),
    c AS (SELECT id, title, school_id FROM training_course WHERE trust_id = ${scope.trustId} AND (school_id IS NULL OR school_id IN ${ids(scope)})),
    pairs AS (
      SELECT c.title, latest.completed_on, latest.expires_on
      FROM c JOIN ppl p ON c.school_id IS NULL OR c.school_id = p.school_id
      LEFT JOIN LATERAL (
        SELECT tc.completed_on, tc.expires_on FROM training_completion tc
        WHERE tc.person_id = p.id AND tc.course_id = c.id AND tc.completed_on <= ${range.to}
        ORDER BY tc.completed_on DESC LIMIT 1
      ) latest ON true
      WHERE latest.completed_on IS NOT NULL OR EXISTS (
        SELECT 1 FROM training_requirement r WHERE r.course_id = c.id AND (
          (r.requirement = 'account-operator' AND EXISTS (SELECT 1 FROM account_operator o WHERE o.person_id = p.id AND o.removed_at IS NULL))
          OR (r.requirement LIKE 'role:%' AND EXISTS (
            SELECT 1 FROM role_assignment ra WHERE ra.person_id = p.id AND ra.role = substr(r.requirement, 6)
              AND (ra.school_id IS NULL OR ra.school_id = p.school_id)))
          OR (r.requirement = 'role:staff' AND NOT EXISTS (
            SELECT 1 FROM role_assignment ra WHERE ra.person_id = p.id AND (ra.school_id IS NULL OR ra.school_id = p.school_id)))
        ))
    )
    SELECT title AS course,
      count(*) FILTER (WHERE completed_on IS NOT NULL AND (expires_on IS NULL OR expires_on > ${soon}))::int AS done,
      count(*) FILTER (WHERE expires_on > ${range.to} AND expires_on <= ${soon})::int AS due_soon,
      count(*) FILTER (WHERE expires_on <= ${range.to})::int AS expired,
      count(*) FILTER (WHERE completed_on IS NULL)::int AS not_done
    FROM pairs GROUP BY title ORDER BY title`.execute(db);
  return rows.rows;
}

async function accounts(db: Kysely<Database>, scope: ReportScope, range: DateRange, end: Date) {
  const rows = await sql<{ by_status: CountRow[] | null; last_check: CountRow[] | null; review_overdue: number }>`
    WITH a AS (
      SELECT status, review_due,
        greatest(last_monitored_at, (last_reviewed_on::timestamp AT TIME ZONE 'Europe/London')) AS last_check
      FROM official_account WHERE trust_id = ${scope.trustId} AND school_id IN ${ids(scope)} AND created_at < ${end}
    )
    SELECT
      (SELECT json_agg(json_build_object('key', status, 'count', n) ORDER BY status) FROM (SELECT status, count(*)::int AS n FROM a GROUP BY status) s) AS by_status,
      (SELECT json_agg(json_build_object('key', bucket, 'count', n) ORDER BY bucket) FROM (
        SELECT CASE WHEN last_check IS NULL THEN '4 never' WHEN last_check >= ${end}::timestamptz - interval '30 days' THEN '1 within 30 days'
          WHEN last_check >= ${end}::timestamptz - interval '90 days' THEN '2 31 to 90 days' ELSE '3 over 90 days' END AS bucket, count(*)::int AS n
        FROM a WHERE status = 'active' GROUP BY 1) b) AS last_check,
      (SELECT count(*)::int FROM a WHERE status = 'active' AND review_due < ${range.to}) AS review_overdue`.execute(db);
  const row = rows.rows[0];
  return {
    byStatus: row?.by_status ?? [],
    lastCheck: (row?.last_check ?? []).map((r) => ({ key: r.key.slice(2), count: r.count })),
    reviewOverdue: row?.review_overdue ?? 0,
  };
}

async function posts(db: Kysely<Database>, scope: ReportScope, start: Date, end: Date): Promise<PostFigures> {
  const rows = await sql<{
    published: number;
    taken_down: number;
    sent_back: number;
    rejected: number;
    held: number;
    overrides: CountRow[] | null;
  }>`
    SELECT
      (SELECT count(*)::int FROM post WHERE trust_id = ${scope.trustId} AND school_id IN ${ids(scope)} AND published_at >= ${start} AND published_at < ${end}) AS published,
      (SELECT count(*)::int FROM post WHERE trust_id = ${scope.trustId} AND school_id IN ${ids(scope)} AND taken_down_at >= ${start} AND taken_down_at < ${end}) AS taken_down,
      (SELECT count(DISTINCT post_id)::int FROM post_event WHERE trust_id = ${scope.trustId} AND school_id IN ${ids(scope)} AND kind = 'post.changes-requested' AND at >= ${start} AND at < ${end}) AS sent_back,
      (SELECT count(DISTINCT post_id)::int FROM post_event WHERE trust_id = ${scope.trustId} AND school_id IN ${ids(scope)} AND kind = 'post.rejected' AND at >= ${start} AND at < ${end}) AS rejected,
      (SELECT count(*)::int FROM post WHERE trust_id = ${scope.trustId} AND school_id IN ${ids(scope)} AND created_at >= ${start} AND created_at < ${end}
         AND published_at IS NULL AND status IN ('draft', 'changes_requested')
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(findings) f WHERE f->>'severity' = 'blocking')) AS held,
      (SELECT json_agg(json_build_object('key', rule, 'count', n) ORDER BY n DESC, rule) FROM (
         SELECT rule, count(*)::int AS n FROM post_override
         WHERE trust_id = ${scope.trustId} AND school_id IN ${ids(scope)} AND at >= ${start} AND at < ${end} GROUP BY rule) o) AS overrides`.execute(
    db,
  );
  const row = rows.rows[0]!;
  return {
    published: row.published,
    takenDown: row.taken_down,
    sentBack: row.sent_back,
    rejected: row.rejected,
    heldByChecks: row.held,
    overrides: row.overrides ?? [],
  };
}

async function concerns(
  db: Kysely<Database>,
  scope: ReportScope,
  range: DateRange,
  start: Date,
  end: Date,
): Promise<ConcernFigures> {
  const rows = await sql<{
    total: number;
    open: number;
    closed: number;
    by_kind: CountRow[] | null;
    by_level: CountRow[] | null;
    by_outcome: CountRow[] | null;
    released: number;
    schools_released: number;
  }>`
    WITH c AS MATERIALIZED (
      SELECT id, kind, level, status FROM concern_case
      WHERE trust_id = ${scope.trustId} AND school_id IN ${ids(scope)} AND NOT restricted
        AND reported_at >= ${start} AND reported_at < ${end}
    )
    SELECT (SELECT count(*)::int FROM c) AS total,
      (SELECT count(*)::int FROM c WHERE status <> 'closed') AS open,
      (SELECT count(*)::int FROM c WHERE status = 'closed') AS closed,
      (SELECT json_agg(json_build_object('key', kind, 'count', n) ORDER BY n DESC, kind) FROM (SELECT kind, count(*)::int AS n FROM c GROUP BY kind) k) AS by_kind,
      (SELECT json_agg(json_build_object('key', level, 'count', n) ORDER BY level) FROM (SELECT coalesce(level, 'none') AS level, count(*)::int AS n FROM c GROUP BY 1) l) AS by_level,
      (SELECT json_agg(json_build_object('key', kind, 'count', n) ORDER BY n DESC, kind) FROM (
        SELECT o.kind, count(DISTINCT o.case_id)::int AS n FROM case_outcome o JOIN c ON c.id = o.case_id GROUP BY o.kind) o) AS by_outcome,
      (SELECT coalesce(sum(released_count), 0)::int FROM restricted_count_release
        WHERE trust_id = ${scope.trustId} AND school_id IN ${ids(scope)} AND period_from = ${range.from} AND period_to = ${range.to}) AS released,
      (SELECT count(*)::int FROM restricted_count_release
        WHERE trust_id = ${scope.trustId} AND school_id IN ${ids(scope)} AND period_from = ${range.from} AND period_to = ${range.to}) AS schools_released`.execute(
    db,
  );
  const row = rows.rows[0]!;
  return {
    total: row.total,
    open: row.open,
    closed: row.closed,
    byKind: row.by_kind ?? [],
    byLevel: row.by_level ?? [],
    byOutcome: row.by_outcome ?? [],
    restrictedReleased: row.released,
    schoolsReleased: row.schools_released,
  };
}

/** The policy in force at each school on the period's last day, when it is due for review, and reviews open now. */
async function policies(db: Kysely<Database>, scope: ReportScope, range: DateRange) {
  const rows = await sql<PolicyRow>`
    SELECT sch.name AS school, pv.number AS version_number, pv.approved_on, pv.review_due,
      (SELECT count(*)::int FROM policy_review r WHERE r.policy_id = pv.policy_id AND r.closed_at IS NULL) AS open_reviews
    FROM school sch LEFT JOIN LATERAL (
      SELECT pv.number, pv.approved_on::text AS approved_on, pv.review_due::text AS review_due, pv.policy_id FROM policy_version pv
      WHERE pv.trust_id = ${scope.trustId} AND pv.status = 'approved' AND pv.effective_from <= ${range.to}
        AND (pv.school_id = sch.id OR pv.school_id IS NULL)
      ORDER BY (pv.school_id IS NULL), pv.effective_from DESC, pv.number DESC LIMIT 1
    ) pv ON true
    WHERE sch.trust_id = ${scope.trustId} AND sch.id IN ${ids(scope)}
    ORDER BY sch.name`.execute(db);
  return rows.rows;
}

/**
 * Response times (GOV-1 from MON-2): an item counts once, by when it arrived; an answer after the
 * period's end counts as not yet answered, so a report for a past term does not change later.
 * Items marked as safeguarding matters are left out: they belong to a concern, not to these figures.
 */
async function responses(db: Kysely<Database>, scope: ReportScope, start: Date, end: Date) {
  const rows = await sql<ResponseRow>`
    SELECT sch.name AS school, count(i.id)::int AS arrived,
      count(i.id) FILTER (WHERE i.responded_at < ${end} AND i.responded_at <= i.deadline_at)::int AS "inTime",
      count(i.id) FILTER (WHERE i.responded_at < ${end} AND i.responded_at > i.deadline_at)::int AS late,
      count(i.id) FILTER (WHERE (i.responded_at IS NULL OR i.responded_at >= ${end}) AND i.deadline_at < ${end})::int AS overdue,
      count(i.id) FILTER (WHERE (i.responded_at IS NULL OR i.responded_at >= ${end}) AND i.deadline_at >= ${end})::int AS waiting,
      round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.responded_at - i.arrived_at) / 3600)
        FILTER (WHERE i.responded_at < ${end}))::numeric, 1)::float8 AS "medianHours"
    FROM school sch
    LEFT JOIN inbox_item i ON i.school_id = sch.id AND i.trust_id = ${scope.trustId}
      AND i.arrived_at >= ${start} AND i.arrived_at < ${end} AND i.kind <> 'safeguarding'
    WHERE sch.trust_id = ${scope.trustId} AND sch.id IN ${ids(scope)}
    GROUP BY sch.id, sch.name
    ORDER BY sch.name`.execute(db);
  return rows.rows;
}

export async function reportFigures(
  db: Kysely<Database>,
  scope: ReportScope,
  range: DateRange,
): Promise<ReportFigures> {
  const { start, end } = rangeInstants(range);
  // One after another: the embedded database runs one query at a time anyway.
  return {
    responses: await responses(db, scope, start, end),
    signing: await signing(db, scope, range, end),
    signaturesByWeek: await signaturesByWeek(db, scope, start, end),
    training: await training(db, scope, range),
    accounts: await accounts(db, scope, range, end),
    posts: await posts(db, scope, start, end),
    concerns: await concerns(db, scope, range, start, end),
    policies: await policies(db, scope, range),
  };
}

export interface OverrideReason {
  at: Date;
  rule: string;
  reason: string;
  by: string;
  school: string;
}

/** The reasons given for overriding a check, with who gave them: only for readers who may see names. */
export async function overrideReasons(db: Kysely<Database>, scope: ReportScope, range: DateRange, limit = 200) {
  const { start, end } = rangeInstants(range);
  const rows = await sql<OverrideReason>`
    SELECT o.at, o.rule, o.reason, p.given_name || ' ' || p.family_name AS by, sch.name AS school
    FROM post_override o JOIN person p ON p.id = o.overridden_by JOIN school sch ON sch.id = o.school_id
    WHERE o.trust_id = ${scope.trustId} AND o.school_id IN ${ids(scope)} AND o.at >= ${start} AND o.at < ${end}
    ORDER BY o.at DESC LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => ({ ...r, at: new Date(r.at) }));
}

/** The schools a trust view covers. */
export async function trustSchoolIds(db: Kysely<Database>, trustId: string): Promise<string[]> {
  const rows = await db.selectFrom('school').select('id').where('trust_id', '=', trustId).orderBy('name').execute();
  return rows.map((r) => r.id);
}
