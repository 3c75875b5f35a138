import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import { addPerson, policyInForce } from './support.ts';
import { sweepCheckIns } from '../../../src/modules/personal-use/check-ins/jobs.ts';

const STATEMENTS = ['privacy-settings', 'no-pupils', 'school-named'];

describe('STF-2: privacy check-ins each term', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    // 18 November: the autumn term's check-in was due by 13 October, so it is overdue
    t = await startTestApp({ now: '2026-11-18T10:00:00Z' });
    world = await seedWorld(t.database.db);
    await addPerson(t.database.db, world, 'ta-a1', null, { jobTitle: 'Teaching assistant' });
    await addPerson(t.database.db, world, 'gov-a1', 'governor');
  });

  it('STF-2: until the school has a policy in force, no one is asked or chased', async () => {
    const teacher = await signedIn(t, world, 'teacher-a1');
    expect(pageText((await teacher.get('/')).body)).not.toContain('privacy check-in');
    expect(await sweepCheckIns(t.database.db, t.clock.now())).toBe(0);
    await policyInForce(t.database.db, world);
  });
  afterAll(() => t?.close());

  it('STF-2: the home page asks a teacher for their check-in, and the page gives guidance by platform', async () => {
    const teacher = await signedIn(t, world, 'teacher-a1', '/privacy-check-in');
    const home = pageText((await teacher.get('/')).body);
    expect(home).toContain('Do your privacy check-in for the autumn term 2026');
    expect(home).toContain('Overdue since 13 October 2026');
    const page = await teacher.get('/privacy-check-in');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    for (const platform of ['Facebook', 'Instagram', 'X (Twitter)', 'TikTok', 'LinkedIn'])
      expect(text).toContain(platform);
    expect(text).toContain('former pupil under 18');
  });

  it('STF-2: a statement left unticked is refused with a clear message and nothing is kept', async () => {
    const teacher = await signedIn(t, world, 'teacher-a1', '/privacy-check-in');
    const before = await snapshot(t);
    const res = await teacher.post('/privacy-check-in', { statements: ['privacy-settings', 'no-pupils'] });
    expect(res.statusCode).toBe(400);
    expect(pageText(res.body)).toContain('Tick each statement that is true');
    expect((await teacher.post('/privacy-check-in', {})).statusCode).toBe(400);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('STF-2: confirming records the check-in once, with its audit event, and the task goes', async () => {
    const teacher = await signedIn(t, world, 'teacher-a1', '/privacy-check-in');
    const res = await teacher.post('/privacy-check-in', { statements: STATEMENTS });
    expect(res.statusCode).toBe(302);
    expect((await teacher.post('/privacy-check-in', { statements: STATEMENTS })).statusCode).toBe(302);
    const rows = await t.database.db
      .selectFrom('privacy_checkin')
      .selectAll()
      .where('person_id', '=', world.people['teacher-a1']!.id)
      .execute();
    expect(rows.map((r) => [r.period, r.statements])).toEqual([['2026-autumn', STATEMENTS]]);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'school_id'])
      .where('entity_id', '=', rows[0]!.id)
      .execute();
    expect(audit).toEqual([{ action: 'privacy.checked-in', school_id: world.schoolA1 }]);
    const page = pageText((await teacher.get('/privacy-check-in')).body);
    expect(page).toContain('Check-in done');
    expect(pageText((await teacher.get('/')).body)).not.toContain('Do your privacy check-in');
  });

  it('STF-2: coverage by team and person for leaders; not for a teacher or a governor; not across schools', async () => {
    const head = await signedIn(t, world, 'head-a1');
    const page = await head.get('/privacy-check-ins');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toMatch(/Teaching assistant 1 0 0 1/);
    expect(text).toMatch(/teacher Tester No job title recorded Done/);
    expect(text).toMatch(/ta Tester Teaching assistant Overdue/);
    expect(text).not.toContain('admin Tester Alder Secondary');
    const overdue = pageText((await head.get('/privacy-check-ins?state=overdue')).body);
    expect(overdue).not.toContain('teacher Tester');
    expect((await head.get('/privacy-check-ins?state=sideways')).statusCode).toBe(400);
    for (const key of ['teacher-a1', 'gov-a1']) {
      const other = await signedIn(t, world, key);
      expect((await other.get('/privacy-check-ins')).statusCode, key).toBe(404);
    }
    const otherSchool = await signedIn(t, world, 'admin-a2');
    expect((await otherSchool.get('/privacy-check-ins')).statusCode).toBe(404);
  });

  it('STF-2: reminders go by email through durable jobs, once per person and stage however often the sweep runs', async () => {
    const db = t.database.db;
    await sweepCheckIns(db, t.clock.now());
    await sweepCheckIns(db, t.clock.now());
    await t.drainJobs();
    const mail = await db
      .selectFrom('mail_message')
      .select(['to_address', 'subject'])
      .where('subject', 'like', '%privacy check-in%')
      .execute();
    const to = mail.map((m) => m.to_address);
    expect(to).toContain('ta-a1@example.sch.uk');
    expect(to).not.toContain('teacher-a1@example.sch.uk'); // done already
    expect(to.filter((a) => a === 'ta-a1@example.sch.uk')).toHaveLength(1);
    expect(mail.find((m) => m.to_address === 'ta-a1@example.sch.uk')?.subject).toBe('Your privacy check-in is overdue');
  });
  it('STF-2: coverage by school for the trust’s leaders, in the trust view', async () => {
    const trustAdmin = await signedIn(t, world, 'trustadmin-a', '/switch');
    expect((await trustAdmin.post('/switch', { school: 'trust' })).headers.location).toBe('/trust');
    const page = await trustAdmin.get('/trust/privacy-check-ins');
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toMatch(/Alder Primary Autumn term 2026 \d+ 1 0 \d+/);
    expect(text).toContain('Alder Secondary');
    expect(text).not.toContain('Birch Primary');
    const teacher = await signedIn(t, world, 'teacher-a1');
    expect((await teacher.get('/trust/privacy-check-ins')).statusCode).toBe(404);
  });
});
