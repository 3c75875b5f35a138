import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary, type Agent } from '../../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../../support/world.ts';
import { pageText, signedIn } from '../directory/helpers.ts';
import { hashPassword } from '../../../src/platform/auth/passwords.ts';

// Thursday 24 December 2026: the coming week holds Christmas Day (Friday) and the Boxing Day
// substitute (Monday 28th), both bank holidays in England.
const NOW = '2026-12-24T10:00:00Z';

describe('the monitoring rota (MON-1, ACC-6)', () => {
  let t: TestApp;
  let world: World;
  let accAdmin: Agent;
  let teacher: Agent;
  let account: string;
  let otherSchoolAccount: string;
  const db = () => t.database.db;
  const person = (key: string) => world.people[key]!.id;

  async function liveAccount(schoolId: string, name: string, operator: string, lastChecked: Date | null) {
    const id = (
      await db()
        .insertInto('official_account')
        .values({
          trust_id: world.trustA,
          school_id: schoolId,
          name,
          platform: 'facebook',
          status: 'active',
          applicant_id: operator,
          handle: name.toLowerCase().replace(/\W+/g, ''),
          activated_on: '2026-09-01',
          last_monitored_at: lastChecked,
          created_at: new Date('2026-09-01T09:00:00Z'),
          updated_at: new Date('2026-09-01T09:00:00Z'),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db()
      .insertInto('account_operator')
      .values({
        account_id: id,
        person_id: operator,
        trust_id: world.trustA,
        school_id: schoolId,
        is_lead: true,
        added_at: new Date('2026-09-01T09:00:00Z'),
      })
      .execute();
    return id;
  }

  const mailTo = async (key: string) =>
    db()
      .selectFrom('mail_message')
      .select(['subject', 'body_text'])
      .where('to_address', '=', world.people[key]!.email)
      .orderBy('created_at')
      .execute();

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    world = await seedWorld(db());
    // An account administrator for school A1.
    const id = randomUUID();
    await db()
      .insertInto('person')
      .values({
        id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        mis_id: null,
        given_name: 'Ada',
        family_name: 'Admin',
        email: 'accadmin-a1@example.sch.uk',
        employment_type: 'full-time',
        job_title: null,
        start_date: '2020-09-01',
        leaving_date: null,
        password_hash: await hashPassword(PASSWORD),
        created_at: new Date(NOW),
        updated_at: new Date(NOW),
      })
      .execute();
    await db()
      .insertInto('role_assignment')
      .values({ person_id: id, trust_id: world.trustA, school_id: world.schoolA1, role: 'account_admin' })
      .execute();
    world.people['accadmin-a1'] = { id, email: 'accadmin-a1@example.sch.uk' };
    // Last checked on Friday 18 December at 4pm: unchecked across the weekend and beyond.
    account = await liveAccount(
      world.schoolA1,
      'Alder Primary Facebook',
      person('teacher-a1'),
      new Date('2026-12-18T16:00:00Z'),
    );
    otherSchoolAccount = await liveAccount(world.schoolA2, 'Alder Secondary News', person('admin-a2'), new Date(NOW));
    accAdmin = await signedIn(t, world, 'accadmin-a1');
    teacher = await signedIn(t, world, 'teacher-a1');
  });
  afterAll(() => t?.close());

  it('MON-1: the account administrator sets a seven-day rota, and the page shows the bank holidays left uncovered', async () => {
    const page = await accAdmin.get(`/monitoring/accounts/${account}`);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Change the weekly rota');
    const teacherId = person('teacher-a1');
    const adminId = person('accadmin-a1');
    const saved = await accAdmin.post(`/monitoring/accounts/${account}/rota`, {
      on: [1, 2, 3, 4, 5].map((d) => `${d}:${teacherId}`).concat([`6:${adminId}`, `7:${adminId}`]),
      holidays: [`6:${adminId}`, `7:${adminId}`],
    });
    expect(saved.statusCode).toBe(302);
    const text = pageText((await accAdmin.get(`/monitoring/accounts/${account}`)).body);
    expect(text).toContain('3 days have nobody on');
    expect(text).toMatch(/Friday 1 January 2027\s*New Year.s Day\s*Nobody on/);
    expect(text).toMatch(/Friday 25 December 2026\s*Christmas Day\s*Nobody on/);
    expect(text).toMatch(/Monday 28 December 2026\s*Boxing Day[^N]*Nobody on/);
    expect(text).toMatch(/Saturday 26 December 2026\s*Ada Admin/);
    expect(text).toMatch(/Thursday 24 December 2026\s*teacher Tester/);
    const audit = await db()
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'monitoring.rota-changed')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('MON-1: an account unchecked since Friday alerts the person on today and the account administrator, once, by email and home task', async () => {
    await t.drainJobs(); // the hourly check is booked for the next hour
    t.clock.set('2026-12-24T11:00:00Z');
    await t.drainJobs();
    const teacherMail = await mailTo('teacher-a1');
    expect(teacherMail.map((m) => m.subject)).toEqual(['Not checked: Alder Primary Facebook']);
    expect(teacherMail[0]!.body_text).toContain(`/accounts/${account}/monitoring-check`);
    const adminMail = await mailTo('accadmin-a1');
    expect(adminMail.map((m) => m.subject).sort()).toEqual([
      'Nobody on the rota: Alder Primary Facebook, Friday 25 December 2026 (Christmas Day)',
      'Nobody on the rota: Alder Primary Facebook, Monday 28 December 2026 (Boxing Day (substitute day))',
      'Not checked: Alder Primary Facebook',
    ]);
    // The other school's account was checked just now and its people hear nothing about A1.
    expect(await mailTo('admin-a2')).toEqual([]);
    // An hour later the job runs again: nobody is told twice.
    t.clock.set('2026-12-24T12:00:00Z');
    await t.drainJobs();
    expect(await mailTo('teacher-a1')).toHaveLength(1);
    expect(await mailTo('accadmin-a1')).toHaveLength(3);
    // Sessions time out while the clock jumps; sign in again.
    teacher = await signedIn(t, world, 'teacher-a1');
    accAdmin = await signedIn(t, world, 'accadmin-a1');

    const teacherHome = pageText((await teacher.get('/')).body);
    expect(teacherHome).toContain('Check ‘Alder Primary Facebook’: not checked since');
    const adminHome = pageText((await accAdmin.get('/')).body);
    expect(adminHome).toContain(
      'Nobody is on the rota for ‘Alder Primary Facebook’ on Friday 25 December 2026 (Christmas Day)',
    );
    expect(pageText((await accAdmin.get('/monitoring')).body)).toMatch(/Alder Primary Facebook[\s\S]*Overdue/);
  });

  it('MON-1, ACC-6: recording a check clears the alert, and the register and the rota show the same last check', async () => {
    const checked = await teacher.post(`/accounts/${account}/monitoring-check`, {});
    expect(checked.statusCode).toBe(302);
    expect(pageText((await teacher.get('/')).body)).not.toContain('Check ‘Alder Primary Facebook’');
    const rota = pageText((await accAdmin.get(`/monitoring/accounts/${account}`)).body);
    expect(rota).toContain('Last checked 24 December 2026');
    expect(rota).not.toContain('Not checked in time');
    expect(pageText((await accAdmin.get(`/accounts/${account}`)).body)).toContain('24 December 2026');
    // Covering Christmas Day takes it off the administrator's home page.
    const adminId = person('accadmin-a1');
    const teacherId = person('teacher-a1');
    await accAdmin.post(`/monitoring/accounts/${account}/rota`, {
      on: [1, 2, 3, 4, 5].map((d) => `${d}:${teacherId}`).concat([`5:${adminId}`, `6:${adminId}`, `7:${adminId}`]),
      holidays: [`5:${adminId}`, `6:${adminId}`, `7:${adminId}`],
    });
    const home = pageText((await accAdmin.get('/')).body);
    expect(home).not.toContain('Christmas Day');
    expect(home).toContain('Monday 28 December 2026 (Boxing Day (substitute day))');
  });

  it('MON-1: a rota naming someone who may not check the account is refused with a message, and nothing changes', async () => {
    const before = await db().selectFrom('monitoring_rota').selectAll().orderBy('id').execute();
    for (const on of [`1:${person('head-a1')}`, `1:${person('admin-b1')}`, '9:nobody', 'x']) {
      const refused = await accAdmin.post(`/monitoring/accounts/${account}/rota`, { on });
      expect(refused.statusCode).toBe(400);
      expect(errorSummary(refused.body)).toEqual([
        'Choose people from the list: only the account’s operators and account administrators can be on its rota',
      ]);
    }
    expect(await db().selectFrom('monitoring_rota').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('MON-1: another school’s account and a role without the register are answered 404', async () => {
    expect((await accAdmin.get(`/monitoring/accounts/${otherSchoolAccount}`)).statusCode).toBe(404);
    expect((await accAdmin.post(`/monitoring/accounts/${otherSchoolAccount}/rota`, { on: [] })).statusCode).toBe(404);
    expect((await teacher.get('/monitoring')).statusCode).toBe(404);
    expect((await teacher.get(`/monitoring/accounts/${account}`)).statusCode).toBe(404);
    expect((await teacher.post(`/monitoring/accounts/${account}/rota`, { on: [] })).statusCode).toBe(404);
    const head = await signedIn(t, world, 'head-a1');
    expect((await head.get(`/monitoring/accounts/${account}`)).statusCode).toBe(200);
    expect((await head.post(`/monitoring/accounts/${account}/rota`, { on: [] })).statusCode).toBe(404);
  });
});
