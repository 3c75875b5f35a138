import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import type { Agent } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import { addPerson } from '../personal-use/support.ts';
import { sweepMonitoring } from '../../../src/modules/oversight/monitoring/jobs.ts';

const REASON = 'Reported use of a school laptop to contact a pupil out of hours';

const form = (subjectId: string, over: Record<string, string> = {}) => ({
  subjectId,
  reason: REASON,
  systems: 'School email and web browsing',
  'starts-day': '18',
  'starts-month': '11',
  'starts-year': '2026',
  'ends-day': '22',
  'ends-month': '11',
  'ends-year': '2026',
  ...over,
});

describe('GOV-2: the restricted record of monitoring one person', () => {
  let t: TestApp;
  let world: World;
  let head: Agent;
  let recordId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-18T10:00:00Z' });
    world = await seedWorld(t.database.db);
    await addPerson(t.database.db, world, 'gov-a1', 'governor');
    head = await signedIn(t, world, 'head-a1', '/monitoring-records/new');
  });
  afterAll(() => t?.close());

  it('GOV-2: a record without a reason is refused with a clear message, and nothing is kept', async () => {
    const before = await snapshot(t);
    const res = await head.post('/monitoring-records/new', form(world.people['teacher-a1']!.id, { reason: '  ' }));
    expect(res.statusCode).toBe(400);
    const text = pageText(res.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('Enter why this person’s use of school systems is being monitored');
    const other = await head.post('/monitoring-records/new', form(world.people['admin-a2']!.id));
    expect(other.statusCode).toBe(400); // someone of another school cannot be chosen
    expect(pageText(other.body)).toContain('Choose the person being monitored');
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('GOV-2: the head records why, for how long and as whom; the audit event names no one and belongs to no school', async () => {
    const res = await head.post('/monitoring-records/new', form(world.people['teacher-a1']!.id));
    expect(res.statusCode).toBe(302);
    recordId = res.headers.location!.split('/').at(-1)!;
    const page = pageText((await head.get(`/monitoring-records/${recordId}`)).body);
    expect(page).toContain(REASON);
    expect(page).toContain('head Tester (headteacher)');
    expect(page).toContain('22 November 2026');
    expect(page).toContain('Ends within a week');
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'trust_id', 'school_id', 'summary'])
      .where('entity_id', '=', recordId)
      .execute();
    expect(audit).toEqual([
      {
        action: 'restricted-record.changed',
        trust_id: null,
        school_id: null,
        summary: { kind: 'monitoring.recorded' },
      },
    ]);
  });

  it('GOV-2: HR sees it, reviews it; a review without a note is refused', async () => {
    const hr = await signedIn(t, world, 'hr-a1', `/monitoring-records/${recordId}`);
    expect(pageText((await hr.get('/monitoring-records')).body)).toContain('teacher Tester');
    expect((await hr.post(`/monitoring-records/${recordId}/review`, { reviewNote: '' })).statusCode).toBe(400);
    expect(
      (await hr.post(`/monitoring-records/${recordId}/review`, { reviewNote: 'Still justified' })).statusCode,
    ).toBe(302);
    expect(pageText((await hr.get(`/monitoring-records/${recordId}`)).body)).toContain('by hr Tester: Still justified');
  });

  it('GOV-2: role walk: a teacher, a governor, an administrator, SLT, the DSL and another school’s head get 404, and see no trace', async () => {
    const otherHead = await signedIn(t, world, 'head-b1');
    expect((await otherHead.get(`/monitoring-records/${recordId}`)).statusCode).toBe(404);
    expect((await otherHead.post(`/monitoring-records/${recordId}/end`, { endNote: 'x' })).statusCode).toBe(404);
    expect(pageText((await otherHead.get('/monitoring-records')).body)).toContain('No one is or has been monitored');
    for (const key of ['teacher-a1', 'gov-a1', 'admin-a1', 'slt-a1', 'dsl-a1', 'trustadmin-a']) {
      const agent = await signedIn(t, world, key, key === 'trustadmin-a' ? '/switch' : '/account');
      if (key === 'trustadmin-a')
        expect((await agent.post('/switch', { school: world.schoolA1 })).statusCode).toBe(302);
      for (const path of ['/monitoring-records', '/monitoring-records/new', `/monitoring-records/${recordId}`])
        expect((await agent.get(path)).statusCode, `${key} ${path}`).toBe(404);
      expect((await agent.post(`/monitoring-records/${recordId}/end`, { endNote: 'x' })).statusCode, key).toBe(404);
      const home = pageText((await agent.get('/')).body);
      expect(home, key).not.toMatch(/monitoring record/i);
      const admin = await agent.get('/administration');
      expect(pageText(admin.body), key).not.toContain('Monitoring records');
      const audit = await agent.get('/audit');
      // The header's "Rota" link (/monitoring, MON-1) is another thing: look for this record's traces.
      if (audit.statusCode === 200) {
        expect(pageText(audit.body), key).not.toMatch(/monitoring[ -]record|restricted-record/i);
        expect(pageText(audit.body), key).not.toContain(REASON);
      }
    }
    const ended = await t.database.db
      .selectFrom('monitoring_record')
      .select('ended_at')
      .where('id', '=', recordId)
      .executeTakeFirstOrThrow();
    expect(ended.ended_at).toBeNull();
  });

  it('GOV-2: the head and HR are reminded when it is due to end, once per stage, without the person’s name', async () => {
    const db = t.database.db;
    expect(pageText((await head.get('/')).body)).toContain('A monitoring record is due to end');
    await sweepMonitoring(db, t.clock.now());
    await sweepMonitoring(db, t.clock.now());
    await t.drainJobs();
    const mail = await db
      .selectFrom('mail_message')
      .select(['to_address', 'subject', 'body_text', 'sensitive'])
      .where('subject', 'like', '%monitoring record%')
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({
      to_address: 'head-a1@example.sch.uk',
      subject: 'A monitoring record ends soon',
      sensitive: true,
    });
    expect(mail[0]!.body_text).not.toContain('teacher');
    expect(mail[0]!.body_text).toContain(`/monitoring-records/${recordId}`);
  });

  it('GOV-2: ending needs a note, is recorded and audited, and stops the reminders', async () => {
    expect((await head.post(`/monitoring-records/${recordId}/end`, { endNote: '' })).statusCode).toBe(400);
    expect((await head.post(`/monitoring-records/${recordId}/end`, { endNote: 'Concern resolved' })).statusCode).toBe(
      302,
    );
    expect(pageText((await head.get(`/monitoring-records/${recordId}`)).body)).toContain(
      'by head Tester: Concern resolved',
    );
    expect((await head.post(`/monitoring-records/${recordId}/end`, { endNote: 'again' })).statusCode).toBe(400);
    expect(pageText((await head.get('/')).body)).not.toContain('A monitoring record is due to end');
    const kinds = await t.database.db
      .selectFrom('audit_event')
      .select('summary')
      .where('entity_id', '=', recordId)
      .orderBy('seq')
      .execute();
    expect(kinds.map((k) => (k.summary as { kind: string }).kind)).toEqual([
      'monitoring.recorded',
      'monitoring.reviewed',
      'monitoring.ended',
    ]);
  });
});
