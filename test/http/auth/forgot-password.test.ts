import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { PASSWORD_RESET_JOB } from '../../../src/platform/auth/service.ts';

describe('asking for a password reset', () => {
  let t: TestApp;
  let world: World;
  beforeEach(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
  });
  afterEach(async () => {
    await t.close();
  });

  const ask = async (email: string) =>
    new Agent(t.app).post('/forgot-password', { email }, { tokenFrom: '/forgot-password' });
  /** The page with what differs by nature (the address typed, the form token, the script nonce) taken out. */
  const page = (html: string, email: string) =>
    html
      .replaceAll(email, 'EMAIL')
      .replace(/name="_csrf" value="[^"]*"/g, '')
      .replace(/nonce="[^"]*"/g, '');

  it('ISSUE-8.6: a known and an unknown email get the same page, and the request does the same work for both: it only books a job', async () => {
    const db = t.database.db;
    const knownEmail = world.people['teacher-a1']!.email;
    const known = await ask(knownEmail);
    const unknown = await ask('nobody@alder.example.sch.uk');
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(page(unknown.body, 'nobody@alder.example.sch.uk')).toBe(page(known.body, knownEmail));
    expect(known.body).toContain('Check your email');
    expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(known.headers).sort());

    // Nothing that depends on whether the person exists has happened yet.
    expect(await db.selectFrom('password_reset').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('mail_message').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('audit_event').selectAll().execute()).toEqual([]);
    const jobs = await db
      .selectFrom('job')
      .select(['kind', 'payload'])
      .where('kind', '=', PASSWORD_RESET_JOB)
      .orderBy('id')
      .execute();
    expect(jobs).toEqual([
      { kind: PASSWORD_RESET_JOB, payload: { email: knownEmail } },
      { kind: PASSWORD_RESET_JOB, payload: { email: 'nobody@alder.example.sch.uk' } },
    ]);
  });

  it('ISSUE-8.6: when the jobs run, the person with an account gets the reset email and its link works; nobody else gets anything', async () => {
    const db = t.database.db;
    const knownEmail = world.people['teacher-a1']!.email;
    await ask(knownEmail);
    await ask('nobody@alder.example.sch.uk');
    await ask(world.people['leaver-a1']!.email);
    await t.jobs.runDueJobs(t.clock.now());

    const mail = await db.selectFrom('mail_message').select(['to_address', 'subject', 'body_text', 'status']).execute();
    expect(mail.map((m) => [m.to_address, m.subject, m.status])).toEqual([
      [knownEmail, 'Reset your Postwarden password', 'outbox'],
    ]);
    const link = /http:\/\/localhost:3000(\/reset-password\/[A-Za-z0-9_-]+)/.exec(mail[0]!.body_text)![1]!;
    expect((await new Agent(t.app).get(link)).statusCode).toBe(200);
    expect(await db.selectFrom('password_reset').select('person_id').execute()).toEqual([
      { person_id: world.people['teacher-a1']!.id },
    ]);
    const done = await db
      .selectFrom('job')
      .select(['done_at', 'failed_at'])
      .where('kind', '=', PASSWORD_RESET_JOB)
      .execute();
    expect(done).toHaveLength(3);
    expect(done.every((j) => j.done_at !== null && j.failed_at === null)).toBe(true);
    expect((await db.selectFrom('audit_event').select('action').execute()).map((e) => e.action)).toEqual([
      'person.password-reset-requested',
    ]);
  });

  it('ISSUE-8.6: a badly formed address is still answered on the form, and books nothing', async () => {
    const response = await ask('not an email');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Enter an email address in the correct format');
    expect(await t.database.db.selectFrom('job').select('id').where('kind', '=', PASSWORD_RESET_JOB).execute()).toEqual(
      [],
    );
  });
});
