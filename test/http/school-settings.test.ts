import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Agent, errorSummary } from '../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../support/world.ts';
import { workingCalendarFor } from '../../src/modules/directory/index.ts';
import { responseDeadline } from '../../src/platform/calendar/calendar.ts';

describe('school settings: bank-holiday region and closure days', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    admin = new Agent(t.app);
    await admin.signIn(world.people['admin-a1']!.email, PASSWORD);
  });
  afterAll(async () => {
    await t.close();
  });

  it('MON-2: a closure day added by the school moves a weekend deadline past it', async () => {
    // Saturday 9 January 2027 arrival: due at the end of the next working day, Monday 11th…
    const saturday = new Date('2027-01-09T10:00:00Z');
    expect(responseDeadline(await workingCalendarFor(t.database.db, world.schoolA1), saturday, 24).toISOString()).toBe(
      '2027-01-11T23:59:59.999Z',
    );
    const response = await admin.post(
      '/settings/school/closures',
      { 'closureDate-day': '11', 'closureDate-month': '1', 'closureDate-year': '2027', reason: 'INSET day' },
      { tokenFrom: '/settings/school' },
    );
    expect(response.statusCode).toBe(302);
    // …and after Monday becomes an INSET day, at the end of Tuesday.
    expect(responseDeadline(await workingCalendarFor(t.database.db, world.schoolA1), saturday, 24).toISOString()).toBe(
      '2027-01-12T23:59:59.999Z',
    );
    // The other school of the trust is not affected.
    expect(responseDeadline(await workingCalendarFor(t.database.db, world.schoolA2), saturday, 24).toISOString()).toBe(
      '2027-01-11T23:59:59.999Z',
    );
    const page = await admin.get('/settings/school');
    expect(page.body).toContain('INSET day');
  });

  it('MON-2: the same closure day twice, a missing reason or an impossible date is refused with a clear message', async () => {
    const twice = await admin.post('/settings/school/closures', {
      'closureDate-day': '11',
      'closureDate-month': '1',
      'closureDate-year': '2027',
      reason: 'Again',
    });
    expect(errorSummary(twice.body)).toEqual(['That day is already a closure day']);
    const bad = await admin.post('/settings/school/closures', {
      'closureDate-day': '31',
      'closureDate-month': '2',
      'closureDate-year': '2027',
      reason: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'The date must be a real date',
      'Enter why the school is closed, like “INSET day”',
    ]);
    expect(await t.database.db.selectFrom('school_closure_day').selectAll().execute()).toHaveLength(1);
  });

  it('MON-2: the bank-holiday region is a school setting: Scotland keeps 2 January, England and Wales does not', async () => {
    const saturday = new Date('2027-01-02T10:00:00Z'); // Saturday; Monday 4 January is the 2 January substitute day in Scotland
    expect(responseDeadline(await workingCalendarFor(t.database.db, world.schoolA2), saturday, 24).toISOString()).toBe(
      '2027-01-04T23:59:59.999Z',
    );
    const staffOfA2 = new Agent(t.app);
    await staffOfA2.signIn(world.people['admin-a2']!.email, PASSWORD);
    const saved = await staffOfA2.post(
      '/settings/school',
      { name: 'Alder Secondary', urn: '123456', region: 'scotland', emailDomains: 'alder.sch.uk, @alder.org.uk' },
      { tokenFrom: '/settings/school' },
    );
    expect(saved.statusCode).toBe(302);
    expect(responseDeadline(await workingCalendarFor(t.database.db, world.schoolA2), saturday, 24).toISOString()).toBe(
      '2027-01-05T23:59:59.999Z',
    );
    const school = await t.database.db
      .selectFrom('school')
      .select(['region', 'email_domains', 'urn'])
      .where('id', '=', world.schoolA2)
      .executeTakeFirstOrThrow();
    expect(school).toEqual({ region: 'scotland', email_domains: ['alder.sch.uk', 'alder.org.uk'], urn: '123456' });
    const bad = await staffOfA2.post('/settings/school', {
      name: '',
      urn: '12',
      region: 'wales',
      emailDomains: 'not a domain',
    });
    expect(errorSummary(bad.body)).toEqual([
      'Enter the school’s name',
      'A URN is 6 or 7 digits, like 100000',
      'Select where the school is',
      '‘not’ is not an email domain. Enter domains like larkfield.sch.uk',
    ]);
  });

  it('ORG-3: a teacher cannot open or change school settings', async () => {
    const teacher = new Agent(t.app);
    await teacher.signIn(world.people['teacher-a1']!.email, PASSWORD);
    expect((await teacher.get('/settings/school')).statusCode).toBe(404);
  });

  it('GOV-3: the audit log downloads as CSV with its hashes, only for the school and trust asking', async () => {
    const response = await admin.get('/audit/export.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['school.closure-day-added', 'person.signed-in']));
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash!))).toBe(true);
    expect(rows.every((r) => r.school_id === '' || r.school_id === world.schoolA1)).toBe(true);
    expect(response.body).not.toContain(world.schoolA2);
  });
});
