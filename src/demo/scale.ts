// Issue 14: the demo trust grown to the size of a large trust, for load tests and query plans
// (`postwarden demo --scale trust`): 50 schools, 5,000 staff, 75,000 pupils, a year of posts,
// signatures of the policy in force, cases, and 1,000,000 audit events on the trust's chain. Built
// with set-based SQL (generate_series), so it takes well under a minute; only the audit events are
// made in this process, as each one's hash seals the one before it.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import { currentAuditKey } from '../platform/audit/keys.ts';
import { eventHash, GENESIS_HASH } from '../platform/audit/audit.ts';

export const TRUST_SCALE = {
  schools: 50,
  staff: 5_000,
  pupils: 75_000,
  auditEvents: 1_000_000,
  postsPerSchool: 190,
  casesPerSchool: 20,
};

export interface ScaleOptions {
  auditEvents?: number;
  log?: (line: string) => void;
}

/** Grows the (already seeded) demo trust to trust scale. Run once, before serving. */
export async function growDemoTrust(
  db: Kysely<Database>,
  now: Date,
  options: ScaleOptions = {},
): Promise<Record<string, number>> {
  const log = options.log ?? (() => undefined);
  const trust = await db.selectFrom('trust').select(['id', 'slug']).orderBy('created_at').executeTakeFirstOrThrow();
  const t = trust.id;
  const timed = async (label: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  await timed('schools', () =>
    sql`INSERT INTO school (trust_id, name, slug, phase, urn, created_at)
      SELECT ${t}, 'Scale School ' || lpad(g::text, 2, '0'), 'scale-school-' || g, CASE WHEN g % 4 = 0 THEN 'secondary' ELSE 'primary' END, NULL, ${now}
      FROM generate_series(1, ${TRUST_SCALE.schools} - (SELECT count(*) FROM school WHERE trust_id = ${t})) g`.execute(
      db,
    ),
  );
  // Every school of the trust (the demo's two among them) gets its share of staff and pupils.
  await timed('staff', () =>
    sql`WITH s AS (SELECT id, row_number() OVER (ORDER BY created_at, name) - 1 AS n, count(*) OVER () AS total FROM school WHERE trust_id = ${t})
      INSERT INTO person (trust_id, school_id, mis_id, given_name, family_name, email, employment_type, job_title, start_date, created_at, updated_at)
      SELECT ${t}, s.id, 'SC' || g, 'Staff' || g, 'Member' || (g % 997), 'staff' || g || '@scale.' || ${trust.slug} || '.example',
        CASE WHEN g % 5 = 0 THEN 'part-time' ELSE 'full-time' END, CASE WHEN g % 7 = 0 THEN 'Teaching assistant' ELSE 'Teacher' END,
        DATE '2015-09-01' + (g % 3000), ${now}, ${now}
      FROM generate_series(1, ${TRUST_SCALE.staff}) g JOIN s ON s.n = g % s.total`.execute(db),
  );
  await timed('pupils', () =>
    sql`WITH s AS (SELECT id, row_number() OVER (ORDER BY created_at, name) - 1 AS n, count(*) OVER () AS total FROM school WHERE trust_id = ${t})
      INSERT INTO pupil (trust_id, school_id, upn, given_name, family_name, date_of_birth, year_group, form_group,
        consent_social, consent_website, consent_press, never_publish, created_at, updated_at)
      SELECT ${t}, s.id, 'S' || lpad(g::text, 12, '0'), 'Pupil' || g, 'Family' || (g % 1999),
        DATE '2010-09-01' + (g % 4000), 1 + g % 11, (1 + g % 11) || chr(65 + g % 3),
        g % 10 <> 0, g % 8 <> 0, g % 3 = 0, g % 97 = 0, ${now}, ${now}
      FROM generate_series(1, ${TRUST_SCALE.pupils}) g JOIN s ON s.n = g % s.total`.execute(db),
  );
  // Signatures: four in five staff have signed every version in force at their school.
  await timed('signatures', () =>
    sql`INSERT INTO signature (version_id, person_id, trust_id, signed_at, typed_name, statement, content_hash)
      SELECT v.id, p.id, ${t}, ${now}::timestamptz - (abs(hashtext(p.id::text)) % 300) * interval '1 day',
        p.given_name || ' ' || p.family_name, 'I have read and understood the policy', coalesce(v.content_hash, 'scale')
      FROM person p JOIN policy_version v ON v.trust_id = ${t} AND v.status = 'approved'
        AND (v.school_id IS NULL OR v.school_id = p.school_id)
      WHERE p.trust_id = ${t} AND p.mis_id LIKE 'SC%' AND abs(hashtext(p.id::text)) % 5 <> 0
      ON CONFLICT DO NOTHING`.execute(db),
  );
  // An active account at each new school, run by two of its staff; then a year of posts.
  await timed('accounts', () =>
    sql`INSERT INTO official_account (trust_id, school_id, name, platform, status, applicant_id, handle, activated_on, review_due, created_at, updated_at)
      SELECT ${t}, s.id, s.name || ' news', 'bluesky', 'active',
        (SELECT id FROM person WHERE school_id = s.id ORDER BY id LIMIT 1), lower(replace(s.name, ' ', '')) || '.example',
        DATE '2026-01-05', DATE '2027-06-30', ${now}, ${now}
      FROM school s WHERE s.trust_id = ${t} AND NOT EXISTS (SELECT 1 FROM official_account a WHERE a.school_id = s.id)`.execute(
      db,
    ),
  );
  await timed('operators', () =>
    sql`INSERT INTO account_operator (account_id, person_id, trust_id, school_id, is_lead, added_at)
      SELECT a.id, p.id, ${t}, a.school_id, p.rn = 1, ${now}
      FROM official_account a
      JOIN LATERAL (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM person WHERE school_id = a.school_id AND mis_id LIKE 'SC%' ORDER BY id LIMIT 2) p ON true
      WHERE a.trust_id = ${t} AND NOT EXISTS (SELECT 1 FROM account_operator o WHERE o.account_id = a.id)`.execute(db),
  );
  await timed('posts', () =>
    sql`INSERT INTO post (trust_id, school_id, account_id, author_id, status, text, content_hash, submitted_at, approved_by, approved_at,
        published_at, publish_via, created_at, updated_at)
      SELECT ${t}, a.school_id, a.id, o.person_id,
        CASE WHEN g <= 3 THEN 'submitted' WHEN g <= 5 THEN 'draft' ELSE 'published' END,
        'A day at ' || a.name || ': our pupils did something worth sharing (post ' || g || ').', md5(a.id::text || g),
        d, CASE WHEN g > 5 THEN o.person_id END, CASE WHEN g > 5 THEN d END, CASE WHEN g > 5 THEN d END,
        CASE WHEN g > 5 THEN 'manual' END, d, d
      FROM official_account a
      JOIN LATERAL (SELECT person_id FROM account_operator WHERE account_id = a.id ORDER BY is_lead DESC LIMIT 1) o ON true
      CROSS JOIN generate_series(1, ${TRUST_SCALE.postsPerSchool}) g
      CROSS JOIN LATERAL (SELECT ${now}::timestamptz - (g * 365 / ${TRUST_SCALE.postsPerSchool}) * interval '1 day' AS d) day
      WHERE a.trust_id = ${t} AND a.status = 'active'`.execute(db),
  );
  await timed('cases', () =>
    sql`INSERT INTO concern_case (trust_id, school_id, reference, kind, status, restricted, reporter_id, description, routed_to,
        owner_id, reported_at, level, created_at, updated_at, closed_at)
      SELECT ${t}, s.id, 'SC-' || lpad(g::text, 4, '0'), CASE WHEN g % 4 = 0 THEN 'safeguarding' ELSE 'conduct' END,
        CASE WHEN g <= 3 THEN 'new' WHEN g <= 8 THEN 'open' ELSE 'closed' END, g % 4 = 0, r.id,
        'A concern raised about a post seen online (scale data).', CASE WHEN g % 4 = 0 THEN 'dsl' ELSE 'slt' END,
        r.id, ${now}::timestamptz - g * interval '15 days', 'minor', ${now}, ${now},
        CASE WHEN g > 8 THEN ${now}::timestamptz - g * interval '10 days' END
      FROM school s
      JOIN LATERAL (SELECT id FROM person WHERE school_id = s.id ORDER BY id LIMIT 1) r ON true
      CROSS JOIN generate_series(1, ${TRUST_SCALE.casesPerSchool}) g
      WHERE s.trust_id = ${t} AND s.slug LIKE 'scale-school-%'`.execute(db),
  );
  const events = options.auditEvents ?? TRUST_SCALE.auditEvents;
  await timed(`${events.toLocaleString('en-GB')} audit events`, () => appendAuditEvents(db, t, now, events));
  await timed('analyse', () => sql`ANALYZE`.execute(db));
  const count = async (table: string) =>
    Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE trust_id = ${t}`.execute(db))
        .rows[0]!.n,
    );
  const out: Record<string, number> = {};
  for (const table of ['school', 'person', 'pupil', 'signature', 'post', 'concern_case', 'audit_event'])
    out[table] = await count(table);
  return out;
}

/** Appends `n` events to the trust's chain, a year's worth, each sealed with the audit key like any other. */
async function appendAuditEvents(db: Kysely<Database>, trustId: string, now: Date, n: number): Promise<void> {
  const key = currentAuditKey();
  const last = await sql<{ hash: string }>`
    SELECT COALESCE(
      (SELECT e.hash FROM audit_event e WHERE e.trust_id = ${trustId} AND e.seq > (SELECT cutover_seq FROM audit_chain_anchor)
        ORDER BY e.seq DESC LIMIT 1),
      (SELECT anchor_hash FROM audit_chain_anchor), ${GENESIS_HASH}) AS hash`.execute(db);
  let prev = last.rows[0]!.hash;
  const schools = (await db.selectFrom('school').select('id').where('trust_id', '=', trustId).execute()).map(
    (s) => s.id,
  );
  const yearMs = 365 * 86_400_000;
  const CHUNK = 20_000;
  // Runs before the server starts, so nothing else appends to the trust's chain meanwhile.
  {
    for (let from = 0; from < n; from += CHUNK) {
      const cols = {
        at: [] as string[],
        school: [] as string[],
        action: [] as string[],
        entity: [] as string[],
        summary: [] as string[],
        prev: [] as string[],
        hash: [] as string[],
      };
      for (let i = from; i < Math.min(n, from + CHUNK); i++) {
        const at = new Date(now.getTime() - yearMs + Math.floor((i * yearMs) / n));
        const row = {
          at,
          trust_id: trustId,
          school_id: schools[i % schools.length]!,
          actor_id: null,
          actor_label: 'Scale data',
          action: ['post.published', 'policy.signed', 'pupil.updated', 'case.note-added'][i % 4]!,
          entity_type: 'scale',
          entity_id: String(i),
          summary: { i },
        };
        const hash = eventHash(prev, row, key);
        cols.at.push(at.toISOString());
        cols.school.push(row.school_id);
        cols.action.push(row.action);
        cols.entity.push(row.entity_id);
        cols.summary.push(JSON.stringify(row.summary));
        cols.prev.push(prev);
        cols.hash.push(hash);
        prev = hash;
      }
      await sql`INSERT INTO audit_event (at, trust_id, school_id, actor_id, actor_label, action, entity_type, entity_id, summary, prev_hash, hash, key_id)
        SELECT u.at, ${trustId}, u.school, NULL, 'Scale data', u.action, 'scale', u.entity, u.summary::jsonb, u.prev, u.hash, ${key.id}
        FROM unnest(${cols.at}::timestamptz[], ${cols.school}::uuid[], ${cols.action}::text[], ${cols.entity}::text[],
          ${cols.summary}::text[], ${cols.prev}::text[], ${cols.hash}::text[]) WITH ORDINALITY AS u(at, school, action, entity, summary, prev, hash, ord)
        ORDER BY u.ord`.execute(db);
    }
  }
}
