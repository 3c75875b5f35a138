import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/app.ts';
import type { Agent } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import { approveVersion, startFromModel } from '../../../src/modules/policies/versions/service.ts';

describe('STF-1: "Before you post" checks a personal post and keeps nothing of it', () => {
  let t: TestApp;
  let world: World;
  let teacher: Agent;
  const log: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ logStream: { write: (line: string) => void log.push(line) } });
    const db = t.database.db;
    world = await seedWorld(db);
    await db
      .updateTable('school')
      .set({ nicknames: JSON.stringify(['the Alders']) })
      .where('id', '=', world.schoolA1)
      .execute();
    await db
      .insertInto('person')
      .values({
        id: randomUUID(),
        trust_id: world.trustA,
        school_id: world.schoolA1,
        mis_id: null,
        given_name: 'Priya',
        family_name: 'Patel',
        email: 'priya.patel@example.sch.uk',
        employment_type: 'full-time',
        job_title: 'Class teacher',
        start_date: null,
        leaving_date: null,
        password_hash: null,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
      })
      .execute();
    const school = { trustId: world.trustA, schoolId: world.schoolA1 };
    const actor = { id: world.people['head-a1']!.id, label: 'head Tester' };
    const versionId = await startFromModel(db, t.clock.now(), school, actor);
    await approveVersion(db, t.clock.now(), school, actor, versionId, {
      body: 'Full Governing Body',
      approvedDay: '18',
      approvedMonth: '11',
      approvedYear: '2026',
      effectiveDay: '18',
      effectiveMonth: '11',
      effectiveYear: '2026',
      consultation: '',
      changeSummary: '',
    });
    teacher = await signedIn(t, world, 'teacher-a1', '/before-you-post');
  });
  afterAll(() => t?.close());

  it('STF-1: the page works without script: paste, check, and see each finding with the clause behind it', async () => {
    const page = await teacher.get('/before-you-post');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    const res = await teacher.post('/before-you-post', {
      draft:
        'Brilliant day at Alder Primary with the Alders! Josephine Quill and Priya Patel were stars on the school trip. Another exclusion though. At work we think the government is wrong. Call 07700 900123',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const text = pageText(res.body);
    for (const heading of [
      'The school’s name',
      'A pupil',
      'A colleague',
      'A school event or trip',
      'A confidential matter',
      'Contact details',
      'A view that could be read as the school’s',
    ])
      expect(text, heading).toContain(heading);
    expect(text).toMatch(/Policy: §\d+(\.\d+)* The school’s name and logo/);
    expect(text).toMatch(/Policy: §\d+(\.\d+)* Speak for yourself/);
    expect(text).toContain('Views are my own, not my employer’s');
    expect(text).toContain('a pupil at your school');
  });

  it('STF-1: a never-publish pupil is found like any pupil, and the page says nothing of year, class, consent or the list', async () => {
    const secret = pageText((await teacher.post('/before-you-post', { draft: 'Saw Marnie Oakhurst in town' })).body);
    const plain = pageText((await teacher.post('/before-you-post', { draft: 'Saw Josephine Quill in town' })).body);
    expect(secret).toContain('a pupil at your school');
    expect(secret.replaceAll('Marnie Oakhurst', 'X')).toBe(plain.replaceAll('Josephine Quill', 'X'));
    expect(secret).not.toMatch(/never[- ]publish|Year 4|4B|consent|looked-after|Placement/i);
  });

  it('STF-1: pupils of another trust are not on the roll checked', async () => {
    const text = pageText((await teacher.post('/before-you-post', { draft: 'Met Beatrix Loxley today' })).body);
    expect(text).not.toContain('A pupil');
  });

  it('STF-1: a unique marker leaves no row in any table and no line in the log, checked or refused', async () => {
    const marker = `zq${randomUUID().replaceAll('-', '')}`;
    const before = await snapshot(t);
    const logBefore = log.length;
    const ok = await teacher.post('/before-you-post', { draft: `Thinking about ${marker} and Josephine Quill` });
    expect(ok.statusCode).toBe(200);
    const live = await t.app.inject({
      method: 'POST',
      url: '/before-you-post',
      payload: new URLSearchParams({ draft: `Live ${marker}` }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-live-check': '1',
        'x-csrf-token': teacher.csrfToken!,
        cookie: (teacher as unknown as { cookieHeader(): string }).cookieHeader(),
      },
    });
    expect(live.statusCode).toBe(200);
    expect(live.body).not.toContain('<html');
    const long = await teacher.post('/before-you-post', { draft: `${marker} ${'a'.repeat(100_000)}` });
    expect(long.statusCode).toBe(400);
    expect(pageText(long.body)).toContain('Your post must be 10,000 characters or fewer');
    expect(pageText(long.body)).toContain('There is a problem');
    const bad = await teacher.post('/before-you-post', { draft: `${marker}\u0001` });
    expect(bad.statusCode).toBe(400);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    const written = log.slice(logBefore).join('');
    expect(log.length).toBeGreaterThan(logBefore); // the log is really captured: requests were logged
    expect(written).not.toContain(marker);
    expect(written).not.toContain('Josephine');
  });

  it('STF-1: an empty draft is refused with a clear message', async () => {
    const res = await teacher.post('/before-you-post', { draft: '   ' });
    expect(res.statusCode).toBe(400);
    expect(pageText(res.body)).toContain('Enter the words of your post');
  });

  it('STF-1: someone of another trust checks against their own school only', async () => {
    const outsider = await signedIn(t, world, 'admin-b1', '/before-you-post');
    const text = pageText((await outsider.post('/before-you-post', { draft: 'Well done Josephine Quill' })).body);
    expect(text).not.toContain('A pupil');
  });
  it('STF-1: the administrator adds the school’s other names, audited; too many or too short are refused', async () => {
    const admin = await signedIn(t, world, 'admin-a1', '/settings/school-names');
    const bad = await admin.post('/settings/school-names', { nicknames: 'A\nthe Alders' });
    expect(bad.statusCode).toBe(400);
    expect(pageText(bad.body)).toContain('Each name must have at least 2 letters or numbers');
    const tooMany = await admin.post('/settings/school-names', {
      nicknames: Array.from({ length: 11 }, (_, i) => `Name ${i}`).join('\n'),
    });
    expect(pageText(tooMany.body)).toContain('Enter 10 names or fewer');
    expect((await admin.post('/settings/school-names', { nicknames: 'the Alders\nAP Crew' })).statusCode).toBe(302);
    const text = pageText((await teacher.post('/before-you-post', { draft: 'Go AP Crew!' })).body);
    expect(text).toContain('“AP Crew” names the school');
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select('summary')
      .where('action', '=', 'school.nicknames-updated')
      .executeTakeFirstOrThrow();
    expect(audit.summary).toEqual({ before: ['the Alders'], after: ['the Alders', 'AP Crew'] });
    expect((await teacher.get('/settings/school-names')).statusCode).toBe(404);
  });
});
