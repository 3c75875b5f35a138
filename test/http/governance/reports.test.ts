import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import type { Agent } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { pageText, signedIn } from '../directory/helpers.ts';
import { pdfText, readPdf } from '../../support/pdf.ts';
import { addGovernor, OVERRIDE_REASON, seedTermHistory } from './fixtures.ts';

describe('GOV-1: dashboards and the termly governors’ report', () => {
  let t: TestApp;
  let world: World;
  let governor: Agent;
  let head: Agent;
  let teacher: Agent;
  let dsl: Agent;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    const db = t.database.db;
    await addGovernor(db, world);
    await seedTermHistory(db, world);
    governor = await signedIn(t, world, 'governor-a1');
    head = await signedIn(t, world, 'head-a1');
    teacher = await signedIn(t, world, 'teacher-a1');
    dsl = await signedIn(t, world, 'dsl-a1');
  });
  afterAll(async () => t?.close());

  it('GOV-1: a governor sees the term’s figures as charts with their tables, and no pupil or name', async () => {
    const response = await governor.get('/reports?term=2026-autumn');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    const text = pageText(html);
    expect(text).toContain('Autumn term 2026 (1 September 2026 to 31 December 2026)');
    // Signing: staff at A1 on 31 Dec (admin, head, dsl, teacher, slt, hr, both, governor; the leaver left in August) and 3 signed.
    expect(text).toMatch(/3 members of staff out of 8 \(38%\) had signed the policy in force/);
    expect(text).toContain('3 signatures were made during the period');
    const svg = /<svg[^>]*aria-label="Staff who have signed the policy \(per cent\)"[^>]*>/.exec(html)?.[0];
    expect(svg).toContain('role="img"');
    expect(html).not.toContain('<style');
    expect(text).toContain('Training by course');
    // Done and in date, expiring within 60 days (the teacher's, on 10 January), expired (the head's, on 1 October), never done.
    expect(text).toContain('Online safety 0 1 1 0');
    expect(text).toContain('1 account active at the end of the period');
    expect(text).toMatch(/Published 1 Held by a check that blocks posting 1/);
    expect(text).toContain('surname-alone 1');
    // Response times (MON-2 figures): the safeguarding matter is not counted; the median is of 2 and 48 hours.
    expect(text).toContain(
      '4 items arrived in the inbox during the period; 1 (25%) was answered or acknowledged within the deadline and 1 after it.',
    );
    expect(text).toContain(
      'At the end of the period 1 was past the deadline without an answer and 1 was waiting within it.',
    );
    expect(text).toContain('Alder Primary 4 1 1 1 1 25');
    expect(text).toContain('2 concerns reported in the period: 1 still open, 1 closed.');
    expect(text).toContain('the designated safeguarding lead has not released a count');
    expect(text).toContain('Version 1');
    expect(text).toMatch(/31 October 2026 \(overdue\)/);
    // Figures, not pupils, and not who gave which reason.
    expect(text).not.toContain('Josephine');
    expect(text).not.toContain('Quill');
    expect(text).not.toContain(OVERRIDE_REASON);
    expect(html).toMatch(/href="\/reports"[^>]*>[\s\S]{0,300}Reports/);
  });

  it('GOV-1: the head sees the reasons given for overrides and who gave them; a teacher cannot open the report at all', async () => {
    const text = pageText((await head.get('/reports?term=2026-autumn')).body);
    expect(text).toContain(OVERRIDE_REASON);
    expect(text).toContain('head Tester');
    for (const url of [
      '/reports',
      '/reports/report.csv',
      '/reports/report.pdf',
      '/trust/reports',
      '/reports/restricted',
    ])
      expect((await teacher.get(url)).statusCode, url).toBe(404);
    expect((await teacher.get('/')).body).not.toMatch(/href="\/reports"/);
    // A governor may not release the restricted count, nor see the DSL's page.
    expect((await governor.get('/reports/restricted?term=2026-autumn')).statusCode).toBe(404);
  });

  it('GOV-1: a range that ends before it starts, or spans ten years, is refused on the page with nothing shown', async () => {
    const back = await governor.get('/reports?from=2026-12-01&to=2026-09-01');
    expect(back.statusCode).toBe(400);
    expect(back.body).toContain('govuk-error-summary');
    expect(pageText(back.body)).toContain('The end date must be the same as or after the start date');
    expect(back.body).not.toContain('Signing by school');
    const decade = await governor.get('/reports?from=2016-09-01&to=2026-08-31');
    expect(decade.statusCode).toBe(400);
    expect(pageText(decade.body)).toContain('Choose a period of two years or less');
    const csv = await governor.get('/reports/report.csv?from=2016-09-01&to=2026-08-31');
    expect(csv.statusCode).toBe(400);
    expect(pageText(csv.body)).toContain('Choose a period of two years or less');
    expect((await governor.get('/reports/report.pdf?term=2026-winter')).statusCode).toBe(400);
    const dates = await governor.get('/reports?from=2026-10-01&to=2026-10-31');
    expect(dates.statusCode).toBe(200);
    expect(pageText(dates.body)).toContain('1 concern reported in the period');
  });

  it('GOV-1: restricted cases count only once the DSL releases a number for the period; releasing and withdrawing are audited', async () => {
    const page = await dsl.get('/reports/restricted?term=2026-autumn');
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toMatch(/Restricted cases reported in this period 2/);
    const unconfirmed = await dsl.post('/reports/restricted', {
      from: '2026-09-01',
      to: '2026-12-31',
      decision: 'release',
    });
    expect(unconfirmed.statusCode).toBe(400);
    expect(pageText(unconfirmed.body)).toContain('Confirm that the count may be shown to governors');
    const released = await dsl.post('/reports/restricted', {
      from: '2026-09-01',
      to: '2026-12-31',
      decision: 'release',
      confirm: 'yes',
    });
    expect(released.statusCode).toBe(302);
    const text = pageText((await governor.get('/reports?term=2026-autumn')).body);
    expect(text).toContain(
      'Restricted safeguarding cases released by the designated safeguarding lead for this period: 2.',
    );
    // Another period shows nothing of them.
    expect(pageText((await governor.get('/reports?from=2026-09-01&to=2026-12-30')).body)).toContain(
      'has not released a count',
    );
    const events = await t.database.db
      .selectFrom('audit_event')
      .select(['action', 'summary'])
      .where('action', 'like', 'report.restricted-count-%')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['report.restricted-count-released']);
    expect(JSON.stringify(events[0]!.summary)).not.toContain('count');
    await dsl.post('/reports/restricted', { from: '2026-09-01', to: '2026-12-31', decision: 'withdraw' });
    expect(pageText((await governor.get('/reports?term=2026-autumn')).body)).toContain('has not released a count');
  });

  it('GOV-1: the PDF for the governors’ papers reads back with its sections and figures, and no name', async () => {
    const response = await governor.get('/reports/report.pdf?term=2026-autumn');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain(
      'governors-report-alder-primary-2026-09-01-to-2026-12-31.pdf',
    );
    const pdf = response.rawPayload;
    const pages = readPdf(pdf);
    const text = pdfText(pdf);
    expect(text).toContain('Social media policy: report to governors');
    expect(text).toContain('Alder Primary');
    expect(text).toContain('Autumn term 2026');
    for (const heading of [
      'Signing the policy',
      'Training',
      'Official accounts',
      'Posts on official accounts',
      'Response times',
      'Concerns and cases',
      'Policy review',
    ])
      expect(text).toContain(heading);
    expect(text).toContain('3 members of staff out of 8 (38%) had signed the policy in force');
    expect(text).toContain('2 concerns reported in the period');
    expect(text).not.toContain(OVERRIDE_REASON);
    expect(text).not.toContain('Josephine');
    for (const [i, p] of pages.entries()) expect(p.text).toContain(`Page ${i + 1} of ${pages.length}`);
  });

  it('GOV-1: the CSV carries every table’s figures, one value a row', async () => {
    const response = await governor.get('/reports/report.csv?term=2026-autumn');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body.split('\n');
    expect(lines[0]).toBe('section,table,row,column,value');
    expect(lines).toContain('Signing the policy,Signing by school,Alder Primary,Signed,3');
    expect(lines).toContain('Concerns and cases,Concerns by kind,Staff misuse of social media,Concerns,1');
    expect(response.body).not.toContain(OVERRIDE_REASON);
  });

  it('GOV-1: the trust view reports across the trust’s schools, and never another trust’s', async () => {
    const trustAdmin = await signedIn(t, world, 'trustadmin-a', '/switch');
    await trustAdmin.post('/switch', { school: 'trust' });
    const response = await trustAdmin.get('/trust/reports?term=2026-autumn');
    expect(response.statusCode).toBe(200);
    const text = pageText(response.body);
    expect(text).toContain('Alder Primary');
    expect(text).toContain('Alder Secondary');
    expect(text).not.toContain('Birch');
    expect(response.body).toMatch(/aria-label="Staff who have signed the policy, by school \(per cent\)"/);
    const b = await signedIn(t, world, 'admin-b1');
    const other = pageText((await b.get('/reports?term=2026-autumn')).body);
    expect(other).toContain('Birch Primary');
    expect(other).toContain('0 concerns reported');
  });
});

describe('GOV-1: the DSL is asked before the term ends', () => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-10T10:00:00Z' });
    world = await seedWorld(t.database.db);
    await seedTermHistory(t.database.db, world);
  });
  afterAll(async () => t?.close());

  it('GOV-1: in the term’s last four weeks the DSL’s home page asks about the restricted count, until it is released', async () => {
    const dsl = await signedIn(t, world, 'dsl-a1');
    const task = 'Choose whether governors see a count of restricted cases in their report for this term';
    const home = await dsl.get('/');
    expect(pageText(home.body)).toContain(task);
    expect(home.body).toContain('href="/reports/restricted?term=2026-autumn"');
    expect(pageText((await (await signedIn(t, world, 'head-a1')).get('/')).body)).not.toContain(task);
    await dsl.post('/reports/restricted', {
      from: '2026-09-01',
      to: '2026-12-31',
      decision: 'release',
      confirm: 'yes',
    });
    expect(pageText((await dsl.get('/')).body)).not.toContain(task);
  });
});
