// A term of history for one school, written with SQL, for the report's tests: a policy in force,
// signatures, training, an account, posts with an override, and cases (one restricted).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/platform/db/schema.ts';
import type { World } from '../../support/world.ts';

export const OVERRIDE_REASON = 'Parents asked for the fixture photo, confirmed by Miss Quill';

/** A governor of Alder Primary (the shared world has none), signing in with the world's password. */
export async function addGovernor(db: Kysely<Database>, world: World): Promise<void> {
  const email = 'governor-a1@example.sch.uk';
  const row = await sql<{ id: string }>`
    INSERT INTO person (trust_id, school_id, given_name, family_name, email, employment_type, start_date, password_hash, created_at, updated_at)
    SELECT ${world.trustA}, ${world.schoolA1}, 'governor', 'Tester', ${email}, 'governor', '2020-09-01', password_hash, now(), now()
    FROM person WHERE id = ${world.people['admin-a1']!.id}
    RETURNING id`.execute(db);
  const id = row.rows[0]!.id;
  await sql`INSERT INTO role_assignment (person_id, trust_id, school_id, role) VALUES (${id}, ${world.trustA}, ${world.schoolA1}, 'governor')`.execute(
    db,
  );
  world.people['governor-a1'] = { id, email };
}

export async function seedTermHistory(db: Kysely<Database>, world: World): Promise<void> {
  const t = world.trustA;
  const s = world.schoolA1;
  const p = (key: string) => world.people[key]!.id;
  await sql`INSERT INTO role_assignment (person_id, trust_id, school_id, role) VALUES (${p('teacher-a1')}, ${t}, ${s}, 'staff')`.execute(
    db,
  );
  const policy = await sql<{ id: string }>`
    INSERT INTO policy (trust_id, school_id, title, created_at) VALUES (${t}, ${s}, 'Social media policy', '2026-06-01') RETURNING id`.execute(
    db,
  );
  const version = await sql<{ id: string }>`
    INSERT INTO policy_version (policy_id, trust_id, school_id, number, status, document, settings, created_at, approved_on, effective_from, review_due, content_hash)
    VALUES (${policy.rows[0]!.id}, ${t}, ${s}, 1, 'approved', '{}', '{}', '2026-06-01', '2026-07-01', '2026-09-01', '2026-10-31', 'abc')
    RETURNING id`.execute(db);
  const v = version.rows[0]!.id;
  for (const [key, at] of [
    ['teacher-a1', '2026-09-03T09:00:00Z'],
    ['head-a1', '2026-09-10T09:00:00Z'],
    ['dsl-a1', '2026-10-02T09:00:00Z'],
  ] as const)
    await sql`INSERT INTO signature (version_id, person_id, trust_id, signed_at, typed_name, statement, content_hash)
      VALUES (${v}, ${p(key)}, ${t}, ${at}, ${key}, 'I have read it', 'abc')`.execute(db);
  const course = await sql<{ id: string }>`
    INSERT INTO training_course (trust_id, school_id, title, valid_months, created_at) VALUES (${t}, ${s}, 'Online safety', 12, '2025-01-01') RETURNING id`.execute(
    db,
  );
  const c = course.rows[0]!.id;
  await sql`INSERT INTO training_requirement (course_id, trust_id, requirement) VALUES (${c}, ${t}, 'role:staff')`.execute(
    db,
  );
  await sql`INSERT INTO training_completion (course_id, person_id, trust_id, completed_on, expires_on, recorded_at) VALUES
    (${c}, ${p('teacher-a1')}, ${t}, '2026-01-10', '2027-01-10', '2026-01-10'),
    (${c}, ${p('head-a1')}, ${t}, '2025-10-01', '2026-10-01', '2025-10-01')`.execute(db);
  const account = await sql<{ id: string }>`
    INSERT INTO official_account (trust_id, school_id, name, platform, status, applicant_id, created_at, updated_at, last_monitored_at, review_due)
    VALUES (${t}, ${s}, 'Alder PE', 'bluesky', 'active', ${p('teacher-a1')}, '2026-01-01', '2026-01-01', '2026-12-20', '2027-06-01') RETURNING id`.execute(
    db,
  );
  const a = account.rows[0]!.id;
  // The inbox in the autumn term: answered in 2 hours, answered 48 hours later (late), overdue and
  // unanswered, arrived on the term's last day (still waiting), and a safeguarding matter (not counted).
  for (const [n, kind, arrived, deadline, responded] of [
    [1, 'question', '2026-09-15T10:00:00Z', '2026-09-16T10:00:00Z', '2026-09-15T12:00:00Z'],
    [2, 'complaint', '2026-10-05T10:00:00Z', '2026-10-06T10:00:00Z', '2026-10-07T10:00:00Z'],
    [3, 'question', '2026-11-20T10:00:00Z', '2026-11-21T10:00:00Z', null],
    [4, 'question', '2026-12-31T12:00:00Z', '2027-01-04T23:59:00Z', null],
    [5, 'safeguarding', '2026-10-10T10:00:00Z', '2026-10-11T10:00:00Z', null],
  ] as const)
    await sql`INSERT INTO inbox_item (trust_id, school_id, account_id, platform_id, source, arrived_as, kind, suggested_kind, state,
        arrived_at, deadline_at, responded_at, response, text, author, created_at, updated_at)
      VALUES (${t}, ${s}, ${a}, ${`term-${n}`}, 'by-hand', 'comment', ${kind}, ${kind}, ${responded ? 'answered' : 'new'},
        ${arrived}, ${deadline}, ${responded}, ${responded ? 'replied-on-platform' : null}, 'A comment', 'A parent', ${arrived}, ${arrived})`.execute(
      db,
    );
  const post = await sql<{ id: string }>`
    INSERT INTO post (trust_id, school_id, account_id, author_id, status, text, content_hash, findings, created_at, updated_at, published_at)
    VALUES (${t}, ${s}, ${a}, ${p('teacher-a1')}, 'published', 'Sports day results', 'h1', '[]', '2026-10-05', '2026-10-05', '2026-10-06T12:00:00Z') RETURNING id`.execute(
    db,
  );
  await sql`INSERT INTO post (trust_id, school_id, account_id, author_id, status, text, content_hash, findings, created_at, updated_at)
    VALUES (${t}, ${s}, ${a}, ${p('teacher-a1')}, 'draft', 'Well done Josephine Quill', 'h2', '[{"severity":"blocking","rule":"pupil-full-name"}]', '2026-10-07', '2026-10-07')`.execute(
    db,
  );
  await sql`INSERT INTO post_override (post_id, trust_id, school_id, content_hash, finding_key, rule, message, reason, overridden_by, at)
    VALUES (${post.rows[0]!.id}, ${t}, ${s}, 'h1', 'k1', 'surname-alone', 'A surname on its own', ${OVERRIDE_REASON}, ${p('head-a1')}, '2026-10-06T10:00:00Z')`.execute(
    db,
  );
  let n = 1;
  const kase = async (kind: string, restricted: boolean, level: string | null, status: string, at: string) =>
    (
      await sql<{
        id: string;
      }>`INSERT INTO concern_case (trust_id, school_id, reference, kind, status, restricted, reporter_id, description, routed_to, reported_at, level, created_at, updated_at, closed_at)
        VALUES (${t}, ${s}, ${`C-2026-000${n++}`}, ${kind}, ${status}, ${restricted}, ${p('teacher-a1')}, 'A concern', 'dsl', ${at}, ${level}, ${at}, ${at}, ${status === 'closed' ? at : null})
        RETURNING id`.execute(db)
    ).rows[0]!.id;
  await kase('staff-misuse', false, 'minor', 'closed', '2026-09-20T10:00:00Z');
  await kase('abuse-received', false, 'moderate', 'open', '2026-10-20T10:00:00Z');
  await kase('child-safeguarding', true, 'serious', 'open', '2026-10-21T10:00:00Z');
  await kase('child-safeguarding', true, null, 'new', '2026-11-01T10:00:00Z');
}
