/**
 * GOV-1 and GOV-3 at scale: the trust dashboard and the governors' report (page, PDF) for a trust of
 * 50 schools, 5,000 staff and 75,000 pupils with 1,000,000 audit events, one request at a time over
 * real HTTP on loopback, against a bare Fastify page measured in the same run (target p95 ≤ 200 ms);
 * and `verify-audit`'s walk of the 1,000,000-event keyed chain (target ≤ 5 s). Everything is built
 * with bulk SQL; the audit events are hashed in JS as recordAudit would, so the chain verifies.
 *
 * Run alone: node --import tsx bench/reports.ts   (AUDIT_EVENTS=200000 for a shorter run)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { sql, type Kysely } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { createRuntime } from '../src/runtime.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import type { Database } from '../src/platform/db/schema.ts';
import { hashPassword } from '../src/platform/auth/passwords.ts';
import { eventHash, verifyAuditChain } from '../src/platform/audit/audit.ts';
import { currentAuditKey } from '../src/platform/audit/keys.ts';
import { termOf } from '../src/platform/calendar/date-range.ts';
import { ukDate } from '../src/platform/clock.ts';
import { approvedPolicySignedBySome, type BenchResult } from './coverage.ts';

const SCHOOLS = 50;
const STAFF = 5_000;
const PUPILS = 75_000;
const EVENTS = Number(process.env.AUDIT_EVENTS ?? 1_000_000);
const TARGET_P95_MS = 200;
const TARGET_VERIFY_S = 5;
const PASSWORD = 'bench reports password';

export async function seed(db: Kysely<Database>, now: Date) {
  const trustId = (
    await db
      .insertInto('trust')
      .values({ name: 'Bench Fifty Trust', slug: 'bench50', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await sql`INSERT INTO school (trust_id, name, slug, phase, urn, created_at)
    SELECT ${trustId}, 'Bench School ' || lpad(s::text, 2, '0'), 'bench-' || s, CASE WHEN s <= 35 THEN 'primary' ELSE 'secondary' END, NULL, ${now}
    FROM generate_series(1, ${SCHOOLS}) s`.execute(db);
  const perSchool = STAFF / SCHOOLS;
  await sql`INSERT INTO person (trust_id, school_id, given_name, family_name, email, employment_type, start_date, leaving_date, created_at, updated_at)
    SELECT ${trustId}, sc.id, 'Staff' || i, 'Member' || sc.slug, 'staff-' || sc.slug || '-' || i || '@bench.example.sch.uk',
      CASE WHEN i % 25 = 0 THEN 'governor' WHEN i % 7 = 0 THEN 'part-time' ELSE 'full-time' END,
      DATE '2019-09-01', CASE WHEN i % 89 = 0 THEN DATE '2020-08-31' END, ${now}, ${now}
    FROM school sc CROSS JOIN generate_series(1, ${perSchool}) i WHERE sc.trust_id = ${trustId}`.execute(db);
  await sql`INSERT INTO role_assignment (person_id, trust_id, school_id, role)
    SELECT id, trust_id, school_id, CASE WHEN n = 1 THEN 'headteacher' WHEN n = 2 THEN 'dsl' WHEN n <= 6 THEN 'slt' ELSE 'staff' END
    FROM (SELECT id, trust_id, school_id, row_number() OVER (PARTITION BY school_id ORDER BY email) AS n FROM person WHERE trust_id = ${trustId}) p
    WHERE n <= 40`.execute(db);
  await sql`INSERT INTO pupil (trust_id, school_id, upn, given_name, family_name, date_of_birth, year_group, consent_social, consent_website, consent_press, never_publish, created_at, updated_at)
    SELECT ${trustId}, sc.id, 'B' || lpad((row_number() OVER ())::text, 12, '0'), 'Pupil' || i, 'Family' || (i % 300), DATE '2015-01-01' + (i % 2000),
      1 + i % 11, i % 3 <> 0, true, false, i % 500 = 0, ${now}, ${now}
    FROM school sc CROSS JOIN generate_series(1, ${PUPILS / SCHOOLS}) i WHERE sc.trust_id = ${trustId}`.execute(db);
  const adminEmail = 'trust.admin@bench50.example.sch.uk';
  const adminId = (
    await db
      .insertInto('person')
      .values({
        trust_id: trustId,
        school_id: null,
        mis_id: null,
        given_name: 'Tariq',
        family_name: 'Administrator',
        email: adminEmail,
        employment_type: 'full-time',
        job_title: null,
        start_date: '2019-09-01',
        leaving_date: null,
        password_hash: await hashPassword(PASSWORD),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('role_assignment')
    .values({ person_id: adminId, trust_id: trustId, school_id: null, role: 'trust_admin' })
    .execute();
  await approvedPolicySignedBySome(db, now, trustId, adminId);
  const course = await sql<{ id: string }>`INSERT INTO training_course (trust_id, title, valid_months, created_at)
    VALUES (${trustId}, 'Online safety', 12, ${now}) RETURNING id`.execute(db);
  await sql`INSERT INTO training_requirement (course_id, trust_id, requirement) VALUES (${course.rows[0]!.id}, ${trustId}, 'role:staff')`.execute(
    db,
  );
  await sql`INSERT INTO training_completion (course_id, person_id, trust_id, completed_on, expires_on, recorded_at)
    SELECT ${course.rows[0]!.id}, id, trust_id, ${ukDate(now)}::date - (abs(hashtext(id::text)) % 700), ${ukDate(now)}::date - (abs(hashtext(id::text)) % 700) + 365, ${now}
    FROM person WHERE trust_id = ${trustId} AND abs(hashtext(id::text)) % 10 < 8`.execute(db);
  await sql`INSERT INTO official_account (trust_id, school_id, name, platform, status, applicant_id, created_at, updated_at, last_monitored_at, review_due)
    SELECT sc.trust_id, sc.id, sc.name || ' ' || k, 'bluesky', CASE WHEN k = 3 THEN 'proposed' ELSE 'active' END,
      (SELECT id FROM person p WHERE p.school_id = sc.id LIMIT 1), ${now}, ${now}, ${now}::timestamptz - (k * interval '40 days'), ${ukDate(now)}::date + 100
    FROM school sc CROSS JOIN generate_series(1, 3) k WHERE sc.trust_id = ${trustId}`.execute(db);
  await sql`INSERT INTO post (trust_id, school_id, account_id, author_id, status, text, content_hash, findings, created_at, updated_at, published_at)
    SELECT a.trust_id, a.school_id, a.id, a.applicant_id, 'published', 'Post ' || w, md5(a.id::text || w), '[]',
      ${now}::timestamptz - (w * interval '5 days'), ${now}, ${now}::timestamptz - (w * interval '5 days')
    FROM official_account a CROSS JOIN generate_series(1, 20) w WHERE a.trust_id = ${trustId} AND a.status = 'active'`.execute(
    db,
  );
  await sql`INSERT INTO concern_case (trust_id, school_id, reference, kind, status, restricted, reporter_id, description, routed_to, reported_at, level, created_at, updated_at)
    SELECT sc.trust_id, sc.id, 'C-2026-' || lpad(k::text, 4, '0'),
      (ARRAY['staff-misuse', 'abuse-received', 'child-safeguarding', 'official-post-mistake'])[1 + k % 4],
      CASE WHEN k % 3 = 0 THEN 'closed' ELSE 'open' END, k % 4 = 2,
      (SELECT id FROM person p WHERE p.school_id = sc.id LIMIT 1), 'A concern', 'dsl',
      ${now}::timestamptz - (k * interval '6 days'), (ARRAY['minor', 'moderate', 'serious'])[1 + k % 3], ${now}, ${now}
    FROM school sc CROSS JOIN generate_series(1, 12) k WHERE sc.trust_id = ${trustId}`.execute(db);
  return { trustId, adminEmail };
}

/** EVENTS audit events continuing the chain, hashed as recordAudit hashes them, inserted 10,000 at a time. */
async function seedAuditEvents(db: Kysely<Database>, trustId: string, now: Date) {
  const key = currentAuditKey();
  const schools = (await db.selectFrom('school').select('id').where('trust_id', '=', trustId).execute()).map(
    (s) => s.id,
  );
  let prev =
    (await db.selectFrom('audit_event').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst())?.hash ??
    '0'.repeat(64);
  const start = now.getTime() - 365 * 86_400_000;
  const BATCH = 10_000;
  for (let done = 0; done < EVENTS; done += BATCH) {
    const rows = [];
    for (let i = done; i < Math.min(EVENTS, done + BATCH); i++) {
      const row = {
        at: new Date(start + Math.floor((i / EVENTS) * 364 * 86_400_000)),
        trust_id: trustId,
        school_id: schools[i % schools.length]!,
        actor_id: null,
        actor_label: 'Bench',
        action: 'bench.event',
        entity_type: 'bench',
        entity_id: String(i),
        summary: { n: i },
      };
      const hash = eventHash(prev, row, key);
      rows.push({ ...row, at: row.at.toISOString(), prev_hash: prev, hash, key_id: key.id });
      prev = hash;
    }
    await sql`INSERT INTO audit_event (at, trust_id, school_id, actor_id, actor_label, action, entity_type, entity_id, summary, prev_hash, hash, key_id)
      SELECT r.at, r.trust_id, r.school_id, r.actor_id, r.actor_label, r.action, r.entity_type, r.entity_id, r.summary, r.prev_hash, r.hash, r.key_id
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(at timestamptz, trust_id uuid, school_id uuid, actor_id uuid, actor_label text,
        action text, entity_type text, entity_id text, summary jsonb, prev_hash text, hash text, key_id text)
      ORDER BY r.at, r.entity_id::int`.execute(db);
  }
}

async function timed(url: string, total: number, headers: Record<string, string>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < total; i++) {
    const t0 = performance.now();
    const response = await fetch(url, { headers, redirect: 'manual' });
    await response.arrayBuffer();
    out.push(performance.now() - t0);
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  }
  return out.sort((a, b) => a - b);
}
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (n: number) => Number(n.toFixed(1));

export async function benchReports(total = 40, warmUp = 5): Promise<BenchResult[]> {
  const bare = Fastify();
  bare.get('/', async (_r, reply) =>
    reply.type('text/html').send('<!DOCTYPE html><title>bare</title><h1>Reports</h1>'),
  );
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-bench-reports-'));
  const config = loadConfig({ DATA_DIR: dataDir, POSTWARDEN_SECRET_KEY: 'd'.repeat(64), LOG_LEVEL: 'silent' });
  const database = await openDatabase({});
  const runtime = await createRuntime(config, { database, logger: false });
  try {
    const db = database.db;
    const now = new Date();
    const t0 = performance.now();
    const { trustId, adminEmail } = await seed(db, now);
    const seedSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    await seedAuditEvents(db, trustId, now);
    const auditSeedSeconds = (performance.now() - t1) / 1000;
    await sql`ANALYZE`.execute(db);

    await runtime.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(runtime.app.server.address() as { port: number }).port}`;
    const cookies = new Map<string, string>();
    const headers = () => ({ cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') });
    const keep = (r: Response) => {
      for (const line of r.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
      }
    };
    const csrfFrom = async (url: string) => {
      const r = await fetch(base + url, { headers: headers(), redirect: 'manual' });
      keep(r);
      return /name="_csrf" value="([^"]+)"/.exec(await r.text())?.[1] ?? '';
    };
    const post = async (url: string, fields: Record<string, string>, csrf: string) => {
      const r = await fetch(base + url, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
        headers: { ...headers(), 'content-type': 'application/x-www-form-urlencoded' },
      });
      keep(r);
      return r.status;
    };
    if ((await post('/sign-in', { email: adminEmail, password: PASSWORD }, await csrfFrom('/sign-in'))) !== 302)
      throw new Error('The trust administrator could not sign in');
    await post('/switch', { school: 'trust' }, await csrfFrom('/switch'));

    const term = termOf(ukDate(now));
    const dashboard = `${base}/trust/reports?term=${term}`;
    const first = await fetch(dashboard, { headers: headers() });
    const body = await first.text();
    const staffShown = /out of ([\d,]+)/.exec(body)?.[1] ?? '?';
    if (!body.includes('Bench School 50')) throw new Error('The trust dashboard does not show all 50 schools');
    await timed(bareUrl, warmUp * 4, {});
    await timed(dashboard, warmUp, headers());
    const bareTimes = await timed(bareUrl, total * 2, {});
    const dashTimes = await timed(dashboard, total, headers());
    const pdfTimes = await timed(`${base}/trust/reports/report.pdf?term=${term}`, total, headers());
    const csvTimes = await timed(`${base}/trust/reports/report.csv?term=${term}`, Math.ceil(total / 2), headers());

    const v0 = performance.now();
    const verified = await verifyAuditChain(db, { keys: [currentAuditKey()] });
    const verifySeconds = (performance.now() - v0) / 1000;
    const v1 = performance.now();
    await verifyAuditChain(db, { keys: [currentAuditKey()], batchSize: 50_000 });
    const verifyBigBatchSeconds = (performance.now() - v1) / 1000;
    // Where the time goes: reading the rows as the verifier does, with no hashing.
    const r0 = performance.now();
    for (let after = 0; ; ) {
      const rows = await db
        .selectFrom('audit_event')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(5000)
        .execute();
      if (!rows.length) break;
      after = rows.at(-1)!.seq;
    }
    const readSeconds = (performance.now() - r0) / 1000;

    const bareP95 = pct(bareTimes, 95);
    return [
      {
        name: `Governors' report (GOV-1): trust view of ${SCHOOLS} schools, ${STAFF.toLocaleString('en-GB')} staff, ${PUPILS.toLocaleString('en-GB')} pupils, ${EVENTS.toLocaleString('en-GB')} audit events, embedded database, vs a bare page, same run`,
        figures: {
          requests: total,
          'staff in scope (page shows)': staffShown,
          'seed seconds (people, policy, posts, cases)': Number(seedSeconds.toFixed(1)),
          'seed seconds (audit events)': Number(auditSeedSeconds.toFixed(1)),
          'bare p95 ms': ms(bareP95),
          'trust dashboard p50 ms': ms(pct(dashTimes, 50)),
          'trust dashboard p95 ms': ms(pct(dashTimes, 95)),
          'trust dashboard p95 / bare p95': Number((pct(dashTimes, 95) / bareP95).toFixed(1)),
          'report PDF p50 ms': ms(pct(pdfTimes, 50)),
          'report PDF p95 ms': ms(pct(pdfTimes, 95)),
          'report CSV p95 ms': ms(pct(csvTimes, 95)),
          [`dashboard and PDF p95 under ${TARGET_P95_MS} ms`]:
            pct(dashTimes, 95) <= TARGET_P95_MS && pct(pdfTimes, 95) <= TARGET_P95_MS ? 'yes' : 'NO',
        },
      },
      {
        name: `verify-audit (GOV-3): the keyed chain of ${verified.checked.toLocaleString('en-GB')} events, embedded database`,
        figures: {
          'chain intact': verified.ok ? 'yes' : `NO: ${verified.firstBroken?.reason}`,
          'events checked': verified.checked,
          'seconds (batches of 5,000, as the CLI)': Number(verifySeconds.toFixed(2)),
          'seconds (batches of 50,000)': Number(verifyBigBatchSeconds.toFixed(2)),
          'seconds reading the rows alone (no hashing)': Number(readSeconds.toFixed(2)),
          'events per second': Math.round(verified.checked / verifySeconds),
          [`under ${TARGET_VERIFY_S} s`]: verifySeconds <= TARGET_VERIFY_S ? 'yes' : 'NO',
        },
      },
    ];
  } finally {
    await bare.close();
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const result of await benchReports()) {
    console.log(`\n## ${result.name}`);
    for (const [key, value] of Object.entries(result.figures)) console.log(`  ${key.padEnd(48)} ${value}`);
  }
  process.exit(0);
}
