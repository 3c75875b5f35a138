import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent, errorSummary } from '../../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../../support/world.ts';
import { EMPLOYMENT_TYPES } from '../../../src/modules/directory/people.ts';
import { verifyAuditChain } from '../../../src/platform/audit/audit.ts';
import type { Role } from '../../../src/platform/auth/permissions.ts';
import { changedTables, pageText, signedIn, snapshot } from './helpers.ts';

type Fields = Record<string, string | string[]>;

function staffForm(values: {
  givenName?: string;
  familyName?: string;
  email?: string;
  employmentType?: string;
  jobTitle?: string;
  start?: string;
  leave?: string;
  roles?: string[];
}): Fields {
  const [sy = '', sm = '', sd = ''] = (values.start ?? '').split('-');
  const [ly = '', lm = '', ld = ''] = (values.leave ?? '').split('-');
  return {
    givenName: values.givenName ?? '',
    familyName: values.familyName ?? '',
    email: values.email ?? '',
    employmentType: values.employmentType ?? '',
    jobTitle: values.jobTitle ?? '',
    'startDate-day': sd,
    'startDate-month': sm,
    'startDate-year': sy,
    'leavingDate-day': ld,
    'leavingDate-month': lm,
    'leavingDate-year': ly,
    roles: values.roles ?? [],
  };
}

/** The roles part of an audit summary, sorted, since the order roles are stored in carries no meaning. */
function sortedRoles(summary: Record<string, unknown>): { from: string[]; to: string[] } {
  const roles = summary.roles as { from: string[]; to: string[] };
  return { from: [...roles.from].sort(), to: [...roles.to].sort() };
}

describe('staff: people in scope of the policy and their roles', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  let head: Agent;
  let hr: Agent;

  /** A person at A1 to edit, so tests do not share targets. */
  async function addPerson(
    key: string,
    roles: Role[] = [],
    extra: { email?: string | null; leaving_date?: string | null; school?: string } = {},
  ): Promise<string> {
    const id = randomUUID();
    const schoolId = extra.school ?? world.schoolA1;
    const trustId = schoolId === world.schoolB1 ? world.trustB : world.trustA;
    await t.database.db
      .insertInto('person')
      .values({
        id,
        trust_id: trustId,
        school_id: schoolId,
        mis_id: null,
        given_name: key,
        family_name: 'Target',
        email: extra.email === undefined ? `${key.toLowerCase()}@a1.example.sch.uk` : extra.email,
        employment_type: 'full-time',
        job_title: null,
        start_date: '2021-09-01',
        leaving_date: extra.leaving_date ?? null,
        password_hash: null,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    for (const role of roles)
      await t.database.db
        .insertInto('role_assignment')
        .values({ person_id: id, trust_id: trustId, school_id: schoolId, role })
        .execute();
    return id;
  }

  /** The edit form as the page would post it back, from what is stored. */
  async function currentForm(id: string): Promise<Fields> {
    const p = await t.database.db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const roles = await t.database.db
      .selectFrom('role_assignment')
      .select('role')
      .where('person_id', '=', id)
      .where('school_id', '=', world.schoolA1)
      .execute();
    return staffForm({
      givenName: p.given_name,
      familyName: p.family_name,
      email: p.email ?? '',
      employmentType: p.employment_type,
      jobTitle: p.job_title ?? '',
      start: p.start_date ?? '',
      leave: p.leaving_date ?? '',
      roles: roles.map((r) => r.role),
    });
  }

  async function rolesOf(id: string, schoolId = world.schoolA1): Promise<string[]> {
    return (
      await t.database.db
        .selectFrom('role_assignment')
        .select('role')
        .where('person_id', '=', id)
        .where('school_id', '=', schoolId)
        .orderBy('role')
        .execute()
    ).map((r) => r.role);
  }

  async function auditFor(id: string) {
    return t.database.db
      .selectFrom('audit_event')
      .select(['action', 'summary', 'actor_id', 'school_id', 'trust_id'])
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute();
  }

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    [admin, head, hr] = await Promise.all([
      signedIn(t, world, 'admin-a1', '/staff/new'),
      signedIn(t, world, 'head-a1', '/staff/new'),
      signedIn(t, world, 'hr-a1', '/staff/new'),
    ]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('ORG-2: a person of every kind of working relationship can be added, is listed as such, and each addition is audited', async () => {
    const added: { type: string; label: string; email: string }[] = [];
    for (const [i, type] of EMPLOYMENT_TYPES.entries()) {
      const email = `Kind.${type.value}@A1.example.sch.uk`;
      const response = await admin.post(
        '/staff/new',
        staffForm({
          givenName: `Kind${i}`,
          familyName: `Of-${type.value}`,
          email,
          employmentType: type.value,
          jobTitle: `Job ${i}`,
          start: '2025-09-01',
        }),
      );
      expect(response.statusCode, type.value).toBe(302);
      expect(response.headers.location).toBe('/staff');
      added.push({ type: type.value, label: type.text, email: email.toLowerCase() });
    }
    expect(added.map((a) => a.type)).toEqual(
      expect.arrayContaining([
        'full-time',
        'part-time',
        'fixed-term',
        'supply',
        'agency',
        'volunteer',
        'consultant',
        'contractor',
        'governor',
      ]),
    );
    const rows = await t.database.db
      .selectFrom('person')
      .selectAll()
      .where('given_name', 'like', 'Kind%')
      .orderBy('given_name')
      .execute();
    expect(rows).toHaveLength(EMPLOYMENT_TYPES.length);
    for (const row of rows) {
      const expected = added.find((a) => a.email === row.email);
      expect(expected, `stored email ${row.email} (stored lower-case)`).toBeDefined();
      expect(row).toMatchObject({
        school_id: world.schoolA1,
        trust_id: world.trustA,
        employment_type: expected!.type,
        start_date: '2025-09-01',
        leaving_date: null,
        password_hash: null,
      });
      const events = await auditFor(row.id);
      expect(events).toEqual([
        expect.objectContaining({
          action: 'person.created',
          actor_id: world.people['admin-a1']!.id,
          school_id: world.schoolA1,
          summary: expect.objectContaining({ employmentType: expected!.type, roles: [] }),
        }),
      ]);
    }
    const list = pageText((await admin.get('/staff')).body);
    for (const a of added) {
      expect(list).toContain(a.email);
      expect(list).toContain(a.label);
    }
    // Filtering by how someone works with the school.
    const volunteers = (await admin.get('/staff?type=volunteer')).body;
    expect(volunteers).toContain('kind.volunteer@a1.example.sch.uk');
    expect(volunteers).not.toContain('kind.supply@a1.example.sch.uk');
    expect(volunteers).not.toContain(world.people['teacher-a1']!.email);
  });

  it('ORG-2: missing names, a bad email, an unknown kind and a leaving date before the start date are all shown, and nothing is written', async () => {
    const before = await snapshot(t);
    const response = await admin.post(
      '/staff/new',
      staffForm({
        givenName: '  ',
        familyName: '',
        email: 'not an email',
        employmentType: 'mercenary',
        start: '2025-09-01',
        leave: '2025-08-31',
        roles: ['slt'],
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      'Enter a first name',
      'Enter a last name',
      'Enter an email address in the correct format, like name@school.sch.uk',
      'Select how this person works with the school',
      'Leaving date must be the same as or after the start date',
    ]);
    // What was typed is kept for correcting.
    expect(response.body).toContain('value="not an email"');
    const impossible = await admin.post(
      '/staff/new',
      staffForm({
        givenName: 'Ima',
        familyName: 'Possible',
        employmentType: 'supply',
        start: '2025-02-30',
        roles: ['no_such_role'],
      }),
    );
    expect(impossible.statusCode).toBe(400);
    expect(errorSummary(impossible.body)).toEqual(['Start date must be a real date', 'Select roles from the list']);
    const partial = await admin.post('/staff/new', {
      ...staffForm({ givenName: 'Ima', familyName: 'Partial', employmentType: 'supply' }),
      'leavingDate-day': '12',
    });
    expect(errorSummary(partial.body)).toEqual(['Leaving date must include a day, month and year']);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('ORG-2: an email address another person already uses is refused, whatever its case and wherever that person works', async () => {
    const target = await addPerson('Emailer');
    const before = await snapshot(t);
    for (const email of [
      'HEAD-A1@example.sch.uk',
      world.people['admin-a2']!.email,
      ` ${world.people['admin-b1']!.email} `,
    ]) {
      const response = await admin.post(
        '/staff/new',
        staffForm({ givenName: 'Dupli', familyName: 'Cate', email, employmentType: 'part-time' }),
      );
      expect(response.statusCode, email).toBe(400);
      expect(errorSummary(response.body), email).toEqual(['Another person already uses this email address']);
    }
    const edit = await admin.post(`/staff/${target}`, {
      ...(await currentForm(target)),
      email: world.people['dsl-a1']!.email.toUpperCase(),
    });
    expect(edit.statusCode).toBe(400);
    expect(errorSummary(edit.body)).toEqual(['Another person already uses this email address']);
    expect(
      (await t.database.db.selectFrom('person').select('email').where('id', '=', target).executeTakeFirstOrThrow())
        .email,
    ).toBe('emailer@a1.example.sch.uk');
    expect(await t.database.db.selectFrom('person').select('id').where('given_name', '=', 'Dupli').execute()).toEqual(
      [],
    );
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // Saving a person with their own unchanged address is not a clash.
    expect(
      (await admin.post(`/staff/${target}`, { ...(await currentForm(target)), jobTitle: 'Office manager' })).statusCode,
    ).toBe(302);
    expect(
      (await t.database.db.selectFrom('person').select('job_title').where('id', '=', target).executeTakeFirstOrThrow())
        .job_title,
    ).toBe('Office manager');
  });

  it('ORG-3: an administrator gives and removes roles; the change takes effect at once and is audited with before and after', async () => {
    const target = await addPerson('Roleful');
    const targetAgentEmail = 'roleful@a1.example.sch.uk'; // addPerson's address for 'Roleful'
    const response = await admin.post(`/staff/${target}`, {
      ...(await currentForm(target)),
      roles: ['slt', 'account_admin'],
    });
    expect(response.statusCode).toBe(302);
    expect(await rolesOf(target)).toEqual(['account_admin', 'slt']);
    const events = await auditFor(target);
    expect(events.at(-1)).toMatchObject({
      action: 'person.updated',
      actor_id: world.people['admin-a1']!.id,
      school_id: world.schoolA1,
    });
    expect(sortedRoles(events.at(-1)!.summary)).toEqual({ from: [], to: ['account_admin', 'slt'] });
    // The roles mean permissions: the person can now see pupils (and could not before).
    await t.database.db
      .updateTable('person')
      .set({
        password_hash: (
          await t.database.db
            .selectFrom('person')
            .select('password_hash')
            .where('id', '=', world.people['teacher-a1']!.id)
            .executeTakeFirstOrThrow()
        ).password_hash,
      })
      .where('id', '=', target)
      .execute();
    const person = new Agent(t.app);
    expect((await person.signIn(targetAgentEmail, PASSWORD)).statusCode).toBe(302);
    expect((await person.get('/pupils')).statusCode).toBe(200);
    expect(pageText((await admin.get('/staff')).body)).toMatch(
      /Roleful Target .*Account administrator, Senior leadership team/,
    );

    const removed = await admin.post(`/staff/${target}`, { ...(await currentForm(target)), roles: ['account_admin'] });
    expect(removed.statusCode).toBe(302);
    expect(await rolesOf(target)).toEqual(['account_admin']);
    expect((await auditFor(target)).at(-1)!.action).toBe('person.updated');
    expect(sortedRoles((await auditFor(target)).at(-1)!.summary)).toEqual({
      from: ['account_admin', 'slt'],
      to: ['account_admin'],
    });
    expect((await person.get('/audit')).statusCode).toBe(404); // audit.view came from SLT, now gone
    // A role sent twice (a crafted form) is stored once, not a server error.
    expect(
      (
        await admin.post(`/staff/${target}`, {
          ...(await currentForm(target)),
          roles: ['account_admin', 'governor', 'governor'],
        })
      ).statusCode,
    ).toBe(302);
    expect(await rolesOf(target)).toEqual(['account_admin', 'governor']);
    // Staff with a role filter.
    const filtered = (await admin.get('/staff?role=account_admin')).body;
    expect(filtered).toContain(targetAgentEmail);
    expect(filtered).not.toContain(world.people['teacher-a1']!.email);
  });

  it('ORG-3: only the headteacher or a trust administrator gives or removes the headteacher and safeguarding lead roles', async () => {
    const target = await addPerson('Safeguarder');
    const refused =
      'Only the headteacher or a trust administrator can give or remove the headteacher and safeguarding lead roles';
    const before = await snapshot(t);
    for (const roles of [['dsl'], ['deputy_dsl'], ['headteacher'], ['slt', 'dsl']]) {
      const response = await admin.post(`/staff/${target}`, { ...(await currentForm(target)), roles });
      expect(response.statusCode, roles.join()).toBe(400);
      expect(errorSummary(response.body)).toEqual([refused]);
    }
    // …nor take it away from the DSL, nor add a new person with it.
    const dsl = world.people['dsl-a1']!.id;
    const removal = await admin.post(`/staff/${dsl}`, { ...(await currentForm(dsl)), roles: [] });
    expect(errorSummary(removal.body)).toEqual([refused]);
    const newDsl = await admin.post(
      '/staff/new',
      staffForm({ givenName: 'New', familyName: 'Dsl', employmentType: 'full-time', roles: ['dsl'] }),
    );
    expect(errorSummary(newDsl.body)).toEqual([refused]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    expect(await rolesOf(dsl)).toEqual(['dsl']);

    // The headteacher can.
    expect(
      (await head.post(`/staff/${target}`, { ...(await currentForm(target)), roles: ['deputy_dsl'] })).statusCode,
    ).toBe(302);
    expect(await rolesOf(target)).toEqual(['deputy_dsl']);
    // So can a trust administrator, working in the school.
    const trustAdmin = await signedIn(t, world, 'trustadmin-a', '/switch');
    expect((await trustAdmin.post('/switch', { school: world.schoolA1 })).statusCode).toBe(302);
    expect(
      (await trustAdmin.post(`/staff/${target}`, { ...(await currentForm(target)), roles: ['dsl'] })).statusCode,
    ).toBe(302);
    expect(await rolesOf(target)).toEqual(['dsl']);
    const events = (await auditFor(target)).filter((e) => e.action === 'person.updated');
    expect(events.map((e) => [e.actor_id, e.summary.roles])).toEqual([
      [world.people['head-a1']!.id, { from: [], to: ['deputy_dsl'] }],
      [world.people['trustadmin-a']!.id, { from: ['deputy_dsl'], to: ['dsl'] }],
    ]);
  });

  it('ORG-3: nobody changes their own roles, though they may correct their own details', async () => {
    const before = await snapshot(t);
    const self = world.people['admin-a1']!.id;
    const grab = await admin.post(`/staff/${self}`, { ...(await currentForm(self)), roles: ['school_admin', 'slt'] });
    expect(grab.statusCode).toBe(400);
    expect(errorSummary(grab.body)).toEqual(['You cannot change your own roles. Ask another administrator']);
    const headId = world.people['head-a1']!.id;
    const drop = await head.post(`/staff/${headId}`, { ...(await currentForm(headId)), roles: ['headteacher', 'dsl'] });
    expect(errorSummary(drop.body)).toEqual(['You cannot change your own roles. Ask another administrator']);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    expect(await rolesOf(self)).toEqual(['school_admin']);
    expect(await rolesOf(headId)).toEqual(['headteacher']);
    const own = await admin.post(`/staff/${self}`, {
      ...(await currentForm(self)),
      jobTitle: 'School business manager',
    });
    expect(own.statusCode).toBe(302);
    expect(
      (await t.database.db.selectFrom('person').select('job_title').where('id', '=', self).executeTakeFirstOrThrow())
        .job_title,
    ).toBe('School business manager');
    expect(await rolesOf(self)).toEqual(['school_admin']);
  });

  it('ORG-3: HR manages staff but cannot see pupils, imports or the audit log', async () => {
    const staffPage = await hr.get('/staff');
    expect(staffPage.statusCode).toBe(200);
    expect(staffPage.body).not.toContain('href="/pupils"');
    const added = await hr.post(
      '/staff/new',
      staffForm({
        givenName: 'Hired',
        familyName: 'ByHr',
        email: 'hired.byhr@a1.example.sch.uk',
        employmentType: 'fixed-term',
        start: '2026-11-01',
        leave: '2027-07-31',
        roles: ['line_manager'],
      }),
    );
    expect(added.statusCode).toBe(302);
    const row = await t.database.db
      .selectFrom('person')
      .selectAll()
      .where('email', '=', 'hired.byhr@a1.example.sch.uk')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      school_id: world.schoolA1,
      employment_type: 'fixed-term',
      start_date: '2026-11-01',
      leaving_date: '2027-07-31',
    });
    expect(await rolesOf(row.id)).toEqual(['line_manager']);
    for (const url of [
      '/pupils',
      `/pupils/${world.pupils['jo-a1']}`,
      '/pupils/new',
      '/imports',
      '/imports/new',
      '/audit',
      '/settings/api-tokens',
    ]) {
      const response = await hr.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).not.toContain('Josephine');
    }
  });

  it('ORG-3: staff managers cannot hand out more access than they hold themselves', async () => {
    // HR may manage staff, but must not be able to make someone a school administrator (who sees pupils).
    const target = await addPerson('Promoted');
    const before = await snapshot(t);
    for (const roles of [['school_admin'], ['slt'], ['account_admin']]) {
      const response = await hr.post(`/staff/${target}`, { ...(await currentForm(target)), roles });
      expect(response.statusCode, roles.join()).toBe(400);
      expect(errorSummary(response.body)).toEqual([
        'You can only give or remove roles that allow no more than your own roles do',
      ]);
    }
    const created = await hr.post(
      '/staff/new',
      staffForm({
        givenName: 'Sock',
        familyName: 'Puppet',
        email: 'sock.puppet@a1.example.sch.uk',
        employmentType: 'full-time',
        roles: ['school_admin'],
      }),
    );
    expect(created.statusCode).toBe(400);
    // …nor take away a role with more access than theirs.
    const slt = world.people['slt-a1']!.id;
    expect(errorSummary((await hr.post(`/staff/${slt}`, { ...(await currentForm(slt)), roles: [] })).body)).toEqual([
      'You can only give or remove roles that allow no more than your own roles do',
    ]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // Roles within HR's own access are fine.
    expect(
      (await hr.post(`/staff/${target}`, { ...(await currentForm(target)), roles: ['line_manager', 'staff'] }))
        .statusCode,
    ).toBe(302);
    expect(await rolesOf(target)).toEqual(['line_manager', 'staff']);
    // Governors see the account register, which HR does not: appointing them is for an administrator.
    expect(
      errorSummary(
        (
          await hr.post(`/staff/${target}`, {
            ...(await currentForm(target)),
            roles: ['line_manager', 'staff', 'governor'],
          })
        ).body,
      ),
    ).toEqual(['You can only give or remove roles that allow no more than your own roles do']);
    // A school administrator still gives the roles within theirs.
    expect(
      (await admin.post(`/staff/${target}`, { ...(await currentForm(target)), roles: ['slt', 'school_admin'] }))
        .statusCode,
    ).toBe(302);
    expect(await rolesOf(target)).toEqual(['school_admin', 'slt']);
  });

  it('ORG-3, issue 8 item 2: nobody can change the email address (and so the sign-in) of someone whose authority is the same as theirs or more', async () => {
    // Changing someone's email then asking for a password reset would hand over their account.
    const before = await snapshot(t);
    const headId = world.people['head-a1']!.id;
    const dslId = world.people['dsl-a1']!.id;
    const cases = [
      [admin, headId, 'Ask a trust administrator'],
      [admin, dslId, 'Ask the headteacher or a trust administrator'],
      [hr, headId, 'Ask a trust administrator'],
      [hr, world.people['admin-a1']!.id, 'Ask the headteacher or a trust administrator'],
    ] as const;
    for (const [agent, id, instead] of cases) {
      const response = await agent.post(`/staff/${id}`, {
        ...(await currentForm(id)),
        email: 'takeover@elsewhere.example.com',
      });
      expect(response.statusCode).toBe(400);
      expect(errorSummary(response.body)).toEqual([
        `You cannot change the email address of someone whose authority is the same as yours or more: it is how they sign in. ${instead}`,
      ]);
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // Their other details can still be kept up to date.
    expect(
      (await admin.post(`/staff/${dslId}`, { ...(await currentForm(dslId)), jobTitle: 'Deputy head (pastoral)' }))
        .statusCode,
    ).toBe(302);
    // The headteacher may change the DSL's address: the DSL is told at the old one, and the audit says so.
    expect(
      (await head.post(`/staff/${dslId}`, { ...(await currentForm(dslId)), email: 'dsl.new@a1.example.sch.uk' }))
        .statusCode,
    ).toBe(302);
    expect(
      await t.database.db
        .selectFrom('person')
        .select(['email', 'job_title'])
        .where('id', '=', dslId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ email: 'dsl.new@a1.example.sch.uk', job_title: 'Deputy head (pastoral)' });
    const mail = await t.database.db
      .selectFrom('mail_message')
      .select(['to_address', 'subject', 'body_text', 'school_id'])
      .where('to_address', '=', world.people['dsl-a1']!.email)
      .execute();
    expect(mail).toEqual([
      expect.objectContaining({
        subject: 'Your Postwarden sign-in email address was changed',
        school_id: world.schoolA1,
      }),
    ]);
    expect(mail[0]!.body_text).toContain(
      `head Tester changed the email address you sign in to Postwarden with at Alder Primary from ${world.people['dsl-a1']!.email} to dsl.new@a1.example.sch.uk`,
    );
    expect(
      await t.database.db
        .selectFrom('mail_message')
        .select('id')
        .where('to_address', '=', 'dsl.new@a1.example.sch.uk')
        .execute(),
    ).toEqual([]);
    expect((await auditFor(dslId)).at(-1)).toMatchObject({
      action: 'person.updated',
      actor_id: world.people['head-a1']!.id,
      summary: {
        email: { from: world.people['dsl-a1']!.email, to: 'dsl.new@a1.example.sch.uk' },
        toldOldAddress: world.people['dsl-a1']!.email,
      },
    });
    // A plain member of staff's address change tells nobody (they hold no role and run no account).
    const plain = await addPerson('Plainly');
    expect(
      (await hr.post(`/staff/${plain}`, { ...(await currentForm(plain)), email: 'plainly.new@a1.example.sch.uk' }))
        .statusCode,
    ).toBe(302);
    expect(
      await t.database.db
        .selectFrom('mail_message')
        .select('id')
        .where('to_address', '=', 'plainly@a1.example.sch.uk')
        .execute(),
    ).toEqual([]);
  });

  it('issue 8 item 3: HR cannot lock out the headteacher by setting her leaving date to today, nor change it at all; nothing is written', async () => {
    const headId = world.people['head-a1']!.id;
    const before = await snapshot(t);
    const today = await hr.post(`/staff/${headId}`, {
      ...(await currentForm(headId)),
      'leavingDate-day': '18',
      'leavingDate-month': '11',
      'leavingDate-year': '2026',
    });
    expect(today.statusCode).toBe(400);
    expect(errorSummary(today.body)).toEqual([
      'You cannot set or change the leaving date of someone whose authority is the same as yours or more: that would end their access at once. Ask a trust administrator',
    ]);
    const later = await hr.post(`/staff/${headId}`, {
      ...(await currentForm(headId)),
      'leavingDate-day': '31',
      'leavingDate-month': '8',
      'leavingDate-year': '2027',
    });
    expect(errorSummary(later.body)).toEqual([
      'You cannot set or change the leaving date of someone whose authority is the same as yours or more: it decides when their access ends. Ask a trust administrator',
    ]);
    // Nor can a school administrator.
    expect(
      (
        await admin.post(`/staff/${headId}`, {
          ...(await currentForm(headId)),
          'leavingDate-day': '18',
          'leavingDate-month': '11',
          'leavingDate-year': '2026',
        })
      ).statusCode,
    ).toBe(400);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // The headteacher still signs in.
    expect((await new Agent(t.app).signIn(world.people['head-a1']!.email, PASSWORD)).statusCode).toBe(302);
  });

  it('issue 8 item 3: HR cannot redirect the sign-in email of a teacher who runs an official account; a school administrator can, and the teacher is told at the old address', async () => {
    const operator = await addPerson('Operator');
    const account = await t.database.db
      .insertInto('official_account')
      .values({
        trust_id: world.trustA,
        school_id: world.schoolA1,
        name: 'Alder PE',
        platform: 'bluesky',
        status: 'active',
        applicant_id: operator,
        handle: 'alderpe.example',
        address: null,
        recovery_email: null,
        tagging_disabled: true,
        two_factor_enabled: true,
        activated_on: '2026-09-01',
        last_reviewed_on: null,
        review_due: '2027-09-01',
        last_monitored_at: null,
        closed_on: null,
        closed_reason: null,
        submitted_at: null,
        decided_at: null,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('account_operator')
      .values({
        account_id: account.id,
        person_id: operator,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        is_lead: true,
        added_at: t.clock.now(),
        added_by: null,
        removed_at: null,
        removed_reason: null,
      })
      .execute();
    const before = await snapshot(t);
    const refused = await hr.post(`/staff/${operator}`, {
      ...(await currentForm(operator)),
      email: 'not.the.operator@elsewhere.example.com',
    });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual([
      'You cannot change the email address of someone who runs an official school account: it is how they sign in. Ask a school administrator, the headteacher or a trust administrator',
    ]);
    const leaving = await hr.post(`/staff/${operator}`, {
      ...(await currentForm(operator)),
      'leavingDate-day': '18',
      'leavingDate-month': '11',
      'leavingDate-year': '2026',
    });
    expect(errorSummary(leaving.body)[0]).toContain(
      'You cannot set or change the leaving date of someone who runs an official school account',
    );
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // HR may still change their other details.
    expect(
      (await hr.post(`/staff/${operator}`, { ...(await currentForm(operator)), jobTitle: 'PE teacher' })).statusCode,
    ).toBe(302);

    expect(
      (
        await admin.post(`/staff/${operator}`, {
          ...(await currentForm(operator)),
          email: 'operator.new@a1.example.sch.uk',
        })
      ).statusCode,
    ).toBe(302);
    const mail = await t.database.db
      .selectFrom('mail_message')
      .select(['to_address', 'subject', 'body_text'])
      .where('to_address', '=', 'operator@a1.example.sch.uk')
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body_text).toContain(
      'admin Tester changed the email address you sign in to Postwarden with at Alder Primary from operator@a1.example.sch.uk to operator.new@a1.example.sch.uk',
    );
    // Once the account is closed to them, HR may again.
    await t.database.db
      .updateTable('account_operator')
      .set({ removed_at: t.clock.now(), removed_reason: 'Left the PE team' })
      .where('person_id', '=', operator)
      .execute();
    expect(
      (
        await hr.post(`/staff/${operator}`, {
          ...(await currentForm(operator)),
          email: 'operator.third@a1.example.sch.uk',
        })
      ).statusCode,
    ).toBe(302);
  });

  it('ORG-2: people who have left are hidden from the staff list unless asked for, and marked as left', async () => {
    await addPerson('Stayer', [], { leaving_date: '2027-07-31' });
    await addPerson('Todayleaver', [], { leaving_date: '2026-11-18' });
    const current = pageText((await admin.get('/staff')).body);
    expect(current).not.toContain(world.people['leaver-a1']!.email);
    expect(current).not.toContain('todayleaver@a1.example.sch.uk'); // access ends on the leaving date itself
    expect(current).toContain('stayer@a1.example.sch.uk');
    expect(current).toContain(world.people['teacher-a1']!.email);
    const all = (await admin.get('/staff?leavers=1')).body;
    const rowOf = (email: string) =>
      pageText(all.split('<tr class="govuk-table__row">').find((r) => r.includes(email)) ?? '');
    expect(rowOf(world.people['leaver-a1']!.email)).toContain('31 August 2026 Left');
    expect(rowOf('todayleaver@a1.example.sch.uk')).toContain('Left');
    expect(rowOf('stayer@a1.example.sch.uk')).toContain('31 July 2027');
    expect(rowOf('stayer@a1.example.sch.uk')).not.toContain('Left');
    // Marking a leaver is an edit, not a deletion: the record stays, with an audit of the date.
    const target = await addPerson('Goingsoon');
    expect(
      (
        await admin.post(`/staff/${target}`, {
          ...(await currentForm(target)),
          'leavingDate-day': '31',
          'leavingDate-month': '8',
          'leavingDate-year': '2026',
        })
      ).statusCode,
    ).toBe(302);
    expect(pageText((await admin.get('/staff')).body)).not.toContain('goingsoon@a1.example.sch.uk');
    expect(
      (
        await t.database.db
          .selectFrom('person')
          .select('leaving_date')
          .where('id', '=', target)
          .executeTakeFirstOrThrow()
      ).leaving_date,
    ).toBe('2026-08-31');
    expect((await auditFor(target)).at(-1)).toMatchObject({
      action: 'person.updated',
      summary: { leaving_date: { from: null, to: '2026-08-31' } },
    });
  });

  it('GOV-3: a change to a person is audited with only what changed, before and after, in the tamper-evident chain', async () => {
    const target = await addPerson('Audited');
    const form = await currentForm(target);
    const response = await admin.post(`/staff/${target}`, {
      ...form,
      givenName: 'Audrey',
      jobTitle: 'Cover supervisor',
      employmentType: 'part-time',
    });
    expect(response.statusCode).toBe(302);
    const event = (await auditFor(target)).at(-1)!;
    expect(event).toMatchObject({
      action: 'person.updated',
      actor_id: world.people['admin-a1']!.id,
      school_id: world.schoolA1,
      trust_id: world.trustA,
    });
    expect(event.summary).toEqual({
      given_name: { from: 'Audited', to: 'Audrey' },
      job_title: { from: null, to: 'Cover supervisor' },
      employment_type: { from: 'full-time', to: 'part-time' },
    });
    // Saving without changes records an event with nothing changed, not a false before/after.
    expect((await admin.post(`/staff/${target}`, await currentForm(target))).statusCode).toBe(302);
    expect((await auditFor(target)).at(-1)!.summary).toEqual({});
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
    const log = pageText((await admin.get('/audit')).body);
    expect(log).toContain('person.updated');
    expect(log).toContain('Cover supervisor');
  });

  it('ORG-1: someone who belongs to another school and also works here: this school changes only their roles here, never their details', async () => {
    const adminA2 = await signedIn(t, world, 'admin-a2', '/staff/new');
    const both = world.people['both-a']!.id; // belongs to A1, SLT at A1 and at A2
    const stored = await t.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', both)
      .executeTakeFirstOrThrow();
    const asStored = staffForm({
      givenName: stored.given_name,
      familyName: stored.family_name,
      email: stored.email!,
      employmentType: stored.employment_type,
      start: stored.start_date ?? '',
      roles: ['slt'],
    });
    expect(pageText((await adminA2.get('/staff')).body)).toContain(world.people['both-a']!.email);
    const before = await snapshot(t);
    const message =
      'This person belongs to another school, which keeps their details. Here you can change only their roles';
    const attempts: Fields[] = [
      { email: 'mine@elsewhere.example.com' },
      { 'leavingDate-day': '1', 'leavingDate-month': '1', 'leavingDate-year': '2026' },
      { familyName: 'Renamed' },
      { employmentType: 'volunteer' },
    ];
    for (const change of attempts) {
      const response = await adminA2.post(`/staff/${both}`, { ...asStored, ...change });
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      expect(errorSummary(response.body)).toContain(message);
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // Their roles at A2 can change; their details and their roles at A1 stay as A1 keeps them.
    expect((await adminA2.post(`/staff/${both}`, { ...asStored, roles: ['line_manager'] })).statusCode).toBe(302);
    expect(await rolesOf(both, world.schoolA2)).toEqual(['line_manager']);
    expect(await rolesOf(both, world.schoolA1)).toEqual(['slt']);
    expect(
      await t.database.db.selectFrom('person').selectAll().where('id', '=', both).executeTakeFirstOrThrow(),
    ).toEqual(stored);
    // A1, their own school, still changes their details.
    expect(
      (await admin.post(`/staff/${both}`, { ...(await currentForm(both)), jobTitle: 'Trust SENCo' })).statusCode,
    ).toBe(302);
    expect(
      (await t.database.db.selectFrom('person').select('job_title').where('id', '=', both).executeTakeFirstOrThrow())
        .job_title,
    ).toBe('Trust SENCo');
  });

  it('ORG-1: a person of another school or trust in the address answers 404, and nothing changes', async () => {
    const before = await snapshot(t);
    const elsewhere = [
      world.people['admin-a2']!.id,
      world.people['admin-b1']!.id,
      world.people['trustadmin-a']!.id,
      randomUUID(),
      'not-a-uuid',
    ];
    for (const id of elsewhere) {
      const page = await admin.get(`/staff/${id}`);
      expect(page.statusCode, id).toBe(404);
      expect(page.body).toContain('Page not found');
      const post = await admin.post(
        `/staff/${id}`,
        staffForm({
          givenName: 'Over',
          familyName: 'Written',
          email: 'over.written@example.sch.uk',
          employmentType: 'volunteer',
          roles: ['slt'],
        }),
      );
      expect(post.statusCode, id).toBe(404);
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    expect(pageText((await admin.get('/staff?leavers=1')).body)).not.toContain(world.people['admin-a2']!.email);
  });
});
