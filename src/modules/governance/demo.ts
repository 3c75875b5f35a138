/**
 * A term of history for the governors' report (GOV-1), written with bulk SQL after the other modules'
 * demo data: staff online-safety training done over the past two years (so some has expired and
 * some expires soon), posts published week by week on the active accounts with a few overrides and
 * their reasons, and the primary DSL's release of its restricted-case count for the term.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { rangeInstants, termOf, termRange } from '../../platform/calendar/date-range.ts';
import { ukDate } from '../../platform/clock.ts';

export async function seedGovernanceDemo(
  trx: Kysely<Database>,
  now: Date,
  trustId: string,
  schools: { primary: string; secondary: string },
  people: Record<string, string>,
): Promise<void> {
  const course = await trx
    .insertInto('training_course')
    .values({
      trust_id: trustId,
      title: 'Online safety for all staff',
      description: 'Personal accounts, privacy settings, pupils online, and what to report.',
      valid_months: 12,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('training_requirement')
    .values({ course_id: course.id, trust_id: trustId, requirement: 'role:staff' })
    .execute();
  // Four in five current staff have done it at some point in the last two years; a year's validity
  // leaves some expired, some expiring this term and the rest in date.
  await sql`
    INSERT INTO training_completion (course_id, person_id, trust_id, completed_on, expires_on, evidence, recorded_at)
    SELECT ${course.id}, p.id, ${trustId}, d.completed_on, d.completed_on + interval '12 months', 'Twilight session', ${now}
    FROM (SELECT id, row_number() OVER (ORDER BY family_name, given_name) AS n FROM person
          WHERE trust_id = ${trustId} AND leaving_date IS NULL AND school_id IS NOT NULL) p
    CROSS JOIN LATERAL (SELECT (${ukDate(now)}::date - ((p.n * 37) % 700)::int) AS completed_on) d
    WHERE p.n % 5 <> 0`.execute(trx);

  // A post a week on every active account through the term, and the odd one taken down.
  const term = termRange(termOf(ukDate(now)))!;
  const { start } = rangeInstants(term);
  await sql`
    INSERT INTO post (trust_id, school_id, account_id, author_id, status, text, content_hash, findings, created_at, updated_at,
      submitted_at, approved_at, published_at, publish_via, taken_down_at, takedown_reason)
    SELECT a.trust_id, a.school_id, a.id, a.applicant_id,
      CASE WHEN w.n % 9 = 4 THEN 'taken_down' ELSE 'published' END,
      'Week ' || w.n || ' at ' || a.name || ': what we have been learning.', md5(a.id::text || w.n), '[]',
      w.at - interval '2 days', w.at, w.at - interval '1 day', w.at - interval '3 hours', w.at, 'manual',
      CASE WHEN w.n % 9 = 4 THEN w.at + interval '1 day' END,
      CASE WHEN w.n % 9 = 4 THEN 'A parent asked for the photo to come down' END
    FROM official_account a
    CROSS JOIN LATERAL (
      SELECT n, ${start}::timestamptz + (n * interval '7 days') + interval '9 hours' AS at FROM generate_series(0, 15) n
    ) w
    WHERE a.trust_id = ${trustId} AND a.status = 'active' AND w.at < ${now}`.execute(trx);
  const reasons = [
    'The surname belongs to the visiting author, not a pupil',
    'The address is the venue of the public concert',
    'Contact details are the school office’s, published on our website',
  ];
  const approver = people['head-primary'] ?? null;
  if (approver)
    await sql`
      INSERT INTO post_override (post_id, trust_id, school_id, content_hash, finding_key, rule, message, reason, overridden_by, at)
      SELECT p.id, p.trust_id, p.school_id, p.content_hash, 'demo-' || p.id,
        (ARRAY['surname-alone', 'postal-address', 'contact-details'])[1 + (p.rn % 3)],
        'A warning the approver overrode', (${sql.val(reasons)}::text[])[1 + (p.rn % 3)], ${approver}, p.approved_at
      FROM (SELECT id, trust_id, school_id, content_hash, approved_at, row_number() OVER (ORDER BY published_at) AS rn
            FROM post WHERE trust_id = ${trustId} AND school_id = ${schools.primary} AND status = 'published') p
      WHERE p.rn % 4 = 0`.execute(trx);

  const dsl = people['dsl-primary'];
  if (dsl) {
    const { end } = rangeInstants(term);
    await sql`
      INSERT INTO restricted_count_release (trust_id, school_id, period_from, period_to, released_count, released_by, released_at)
      SELECT ${trustId}, ${schools.primary}, ${term.from}, ${term.to}, count(*)::int, ${dsl}, ${now}
      FROM concern_case WHERE school_id = ${schools.primary} AND restricted AND reported_at >= ${start} AND reported_at < ${end}`.execute(
      trx,
    );
  }
}
