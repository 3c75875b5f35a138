import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../support/app.ts';
import type { Agent } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import { pdfText } from '../../support/pdf.ts';
import { seedTermHistory } from './fixtures.ts';
import { verifyAuditChain } from '../../../src/platform/audit/audit.ts';

describe('GOV-3: records kept right', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  let teacher: Agent;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    await seedTermHistory(t.database.db, world);
    admin = await signedIn(t, world, 'admin-a1');
    teacher = await signedIn(t, world, 'teacher-a1');
  });
  afterAll(async () => t?.close());

  it('GOV-3: the audit log downloads for a date range, only the events inside it', async () => {
    const db = t.database.db;
    // Three events on either side of October, written as the app writes them.
    for (const at of ['2026-09-30T22:59:00Z', '2026-10-15T12:00:00Z', '2026-11-01T00:30:00Z']) {
      const { recordAudit } = await import('../../../src/platform/audit/audit.ts');
      await db.transaction().execute((trx) =>
        recordAudit(trx, new Date(at), {
          actor: { id: null, label: 'Tester' },
          action: `test.event-${at.slice(5, 10)}`,
          entityType: 'test',
          trustId: world.trustA,
          schoolId: world.schoolA1,
        }),
      );
    }
    const response = await admin.get('/audit/export.csv?from=2026-10-01&to=2026-10-31');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain('postwarden-audit-2026-10-01-to-2026-10-31.csv');
    // 22:59 UTC on 30 September is 23:59 in London: September. 00:30 UTC on 1 November is still 1 November in London (GMT).
    expect(response.body).toContain('test.event-10-15');
    expect(response.body).not.toContain('test.event-09-30');
    expect(response.body).not.toContain('test.event-11-01');
    const whole = await admin.get('/audit/export.csv');
    expect(whole.body).toContain('test.event-09-30');
    const back = await admin.get('/audit/export.csv?from=2026-10-31&to=2026-10-01');
    expect(back.statusCode).toBe(400);
    expect(back.body).toContain('govuk-error-summary');
    expect(pageText(back.body)).toContain('The end date must be the same as or after the start date');
    const decade = await admin.get('/audit/export.csv?from=2016-01-01&to=2026-01-01');
    expect(decade.statusCode).toBe(400);
    expect(pageText(decade.body)).toContain('Choose a period of two years or less');
  });

  it('GOV-3: retention periods show on a page; 0 and a thousand years are refused with clear messages and nothing changes', async () => {
    const page = await admin.get('/records/retention');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Emails sent by Postwarden (months)');
    expect(text).toContain('The audit log: never deleted or changed');
    expect((await teacher.get('/records/retention')).statusCode).toBe(404);
    const before = await snapshot(t);
    const zero = await admin.post('/records/retention', { mail: '0', 'case-evidence': '72' });
    expect(zero.statusCode).toBe(400);
    expect(pageText(zero.body)).toContain(
      'Emails sent by Postwarden cannot be kept for 0 months: the shortest period is 1 month',
    );
    const forever = await admin.post('/records/retention', { mail: '12', 'case-evidence': '12000' });
    expect(forever.statusCode).toBe(400);
    expect(pageText(forever.body)).toContain(
      'Evidence files and links in closed concerns can be kept for at most 100 years',
    );
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    const saved = await admin.post('/records/retention', { mail: '2', 'case-evidence': '12', 'former-staff': '12' });
    expect(saved.statusCode).toBe(302);
    const rows = await t.database.db
      .selectFrom('retention_period')
      .selectAll()
      .where('school_id', '=', world.schoolA1)
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.record_type, r.months]))).toEqual({
      mail: 2,
      'case-evidence': 12,
      'former-staff': 12,
    });
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('summary')
      .where('action', '=', 'records.retention-changed')
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('GOV-3: the nightly job deletes and anonymises what has expired, audits it, keeps the audit log, and leaves what has not expired', async () => {
    const db = t.database.db;
    const now = new Date('2028-01-15T02:00:00Z');
    await sql`INSERT INTO mail_message (trust_id, school_id, to_address, subject, body_text, status, created_at)
      VALUES (${world.trustA}, ${world.schoolA1}, 'old@example.sch.uk', 'Old', 'x', 'sent', '2027-10-01'),
             (${world.trustA}, ${world.schoolA1}, 'new@example.sch.uk', 'New', 'x', 'sent', '2027-12-20'),
             (${world.trustA}, ${world.schoolA2}, 'a2@example.sch.uk', 'Other school', 'x', 'sent', '2027-10-01')`.execute(
      db,
    );
    // Evidence on the closed case (closed 20 September 2026) and on an open one.
    const closed = await db
      .selectFrom('concern_case')
      .select('id')
      .where('status', '=', 'closed')
      .executeTakeFirstOrThrow();
    const open = await db
      .selectFrom('concern_case')
      .select('id')
      .where('status', '=', 'open')
      .where('restricted', '=', false)
      .executeTakeFirstOrThrow();
    for (const c of [closed.id, open.id])
      await sql`INSERT INTO case_evidence (case_id, trust_id, school_id, kind, url, added_by, added_at)
        VALUES (${c}, ${world.trustA}, ${world.schoolA1}, 'link', 'https://example.com/x', ${world.people['dsl-a1']!.id}, '2026-09-20')`.execute(
        db,
      );
    const auditBefore = Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event`.execute(db)).rows[0]!.n,
    );

    t.clock.set(now);
    await t.jobs.runDueJobs(now);

    const mail = await db
      .selectFrom('mail_message')
      .select('subject')
      .where('to_address', 'like', '%@example.sch.uk')
      .where('subject', 'in', ['Old', 'New', 'Other school'])
      .execute();
    expect(mail.map((m) => m.subject).sort()).toEqual(['New', 'Other school']); // A2 keeps the 12-month default
    const evidence = await db.selectFrom('case_evidence').select('case_id').execute();
    expect(evidence.map((e) => e.case_id)).toEqual([open.id]);
    const chronology = await db.selectFrom('case_event').select('kind').where('case_id', '=', closed.id).execute();
    expect(chronology.map((e) => e.kind)).toContain('case.evidence-deleted');
    // leaver-a1 left on 31 August 2026: more than 12 months before.
    const leaver = await db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', world.people['leaver-a1']!.id)
      .executeTakeFirstOrThrow();
    expect([leaver.given_name, leaver.family_name, leaver.email, leaver.password_hash]).toEqual([
      'Former',
      'member of staff',
      null,
      null,
    ]);
    expect(await db.selectFrom('role_assignment').select('id').where('person_id', '=', leaver.id).execute()).toEqual(
      [],
    );
    const runs = await db
      .selectFrom('audit_event')
      .select(['summary', 'school_id'])
      .where('action', '=', 'records.retention-applied')
      .execute();
    expect(runs.map((r) => r.summary)).toEqual(
      expect.arrayContaining([
        { recordType: 'mail', months: 2, deleted: 1 },
        { recordType: 'case-evidence', months: 12, deleted: 1 },
        { recordType: 'former-staff', months: 12, anonymised: 1 },
      ]),
    );
    const auditAfter = Number(
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_event`.execute(db)).rows[0]!.n,
    );
    expect(auditAfter).toBeGreaterThan(auditBefore);
    expect((await verifyAuditChain(db)).ok).toBe(true);
    // The next run is scheduled for the next night.
    const next = await db
      .selectFrom('job')
      .select('run_at')
      .where('kind', '=', 'records.retention')
      .where('done_at', 'is', null)
      .execute();
    expect(next.map((j) => new Date(j.run_at).toISOString())).toEqual(['2028-01-16T02:00:00.000Z']);
    t.clock.set('2026-11-18T10:00:00Z');
    // The move to 2028 ended the sessions: sign in again for the tests that follow.
    admin = await signedIn(t, world, 'admin-a1');
    teacher = await signedIn(t, world, 'teacher-a1');
  });

  it('GOV-3: a subject access export is a ZIP of CSV files and a PDF summary, each one audited', async () => {
    const find = await admin.post('/records/subject-access', { email: 'Teacher-A1@example.sch.uk' });
    expect(find.statusCode).toBe(302);
    const id = world.people['teacher-a1']!.id;
    expect(find.headers.location).toBe(`/records/subject-access/${id}`);
    const page = await admin.get(`/records/subject-access/${id}`);
    expect(pageText(page.body)).toMatch(/posts\.csv Posts they wrote for official accounts 2/);
    const zip = await admin.post(`/records/subject-access/${id}/export`, { format: 'zip' });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(zip.rawPayload));
    expect(Object.keys(files).sort()).toContain('person.csv');
    expect(strFromU8(files['person.csv']!)).toContain('teacher,Tester,teacher-a1@example.sch.uk');
    expect(strFromU8(files['posts.csv']!)).toContain('Sports day results');
    expect(strFromU8(files['signatures.csv']!)).toContain('I have read it');
    // Reported concerns, but never the restricted ones.
    const concerns = strFromU8(files['concerns.csv']!);
    expect(concerns).toContain('C-2026-0001');
    expect(concerns).not.toContain('C-2026-0003');
    expect(concerns).not.toContain('child-safeguarding');
    const pdf = await admin.post(`/records/subject-access/${id}/export`, { format: 'pdf' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('Subject access export: teacher Tester');
    expect(text).toContain('Restricted safeguarding records are not included');
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['entity_id', 'summary', 'actor_id'])
      .where('action', '=', 'records.subject-access-exported')
      .execute();
    expect(audit.map((a) => [a.entity_id, (a.summary as { format: string }).format, a.actor_id])).toEqual([
      [id, 'zip', world.people['admin-a1']!.id],
      [id, 'pdf', world.people['admin-a1']!.id],
    ]);
  });

  it('GOV-3: a subject access request for someone in another school is not found, by address or by id', async () => {
    const before = await snapshot(t);
    const other = await admin.post('/records/subject-access', { email: world.people['admin-a2']!.email });
    expect(other.statusCode).toBe(400);
    expect(pageText(other.body)).toContain('Nobody at this school has that email address');
    for (const key of ['admin-a2', 'head-b1']) {
      const id = world.people[key]!.id;
      expect((await admin.get(`/records/subject-access/${id}`)).statusCode).toBe(404);
      expect((await admin.post(`/records/subject-access/${id}/export`, { format: 'zip' })).statusCode).toBe(404);
    }
    expect((await teacher.get(`/records/subject-access/${world.people['teacher-a1']!.id}`)).statusCode).toBe(404);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });
});
