/**
 * A term of history for the governors' report (GOV-1), written with bulk SQL after the other modules'
 * demo data: staff online-safety training done over the past two years (so some has expired and
 * some expires soon), and the primary DSL's release of its restricted-case count for the term.
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

  // Posts, overrides and cases come from the publishing and incidents demos: they are made through
  // those modules' own services, so their fingerprints and findings are the checks' own.
  const term = termRange(termOf(ukDate(now)))!;
  const { start } = rangeInstants(term);
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
