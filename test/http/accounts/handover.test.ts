import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary, type Agent } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import {
  approveVersion,
  saveSettings,
  startFromModel,
  startNewDraft,
} from '../../../src/modules/policies/versions/service.ts';
import { verifyAuditChain } from '../../../src/platform/audit/audit.ts';

const TODAY = '2026-11-18';
const approval = () => ({
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

type Form = Record<string, string | string[]>;

describe('operators and handover of official accounts (ACC-5)', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  let v1: string;
  let courseId: string;
  /** People of school A1 who may run an account (signed and trained), and one who may not. */
  const ready: Record<string, string> = {};
  let ray: string;
  const db = () => t.database.db;

  async function addPerson(given: string, family: string): Promise<string> {
    const id = randomUUID();
    await db()
      .insertInto('person')
      .values({
        id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        mis_id: null,
        given_name: given,
        family_name: family,
        email: `${given.toLowerCase()}@alder.example.sch.uk`,
        employment_type: 'full-time',
        job_title: null,
        start_date: '2021-09-01',
        leaving_date: null,
        password_hash: null,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    return id;
  }

  async function makeReady(personId: string): Promise<void> {
    await db()
      .insertInto('signature')
      .values({
        version_id: v1,
        person_id: personId,
        trust_id: world.trustA,
        signed_at: t.clock.now(),
        typed_name: 'Signed',
        statement: 'I have read it.',
        content_hash: 'x'.repeat(64),
      })
      .execute();
    const done = await admin.post(
      `/training/courses/${courseId}/completions/new`,
      {
        personId,
        'completedOn-day': '1',
        'completedOn-month': '10',
        'completedOn-year': '2026',
        evidence: 'Trust comms day',
      },
      { tokenFrom: `/training/courses/${courseId}/completions/new` },
    );
    expect(done.statusCode).toBe(302);
  }

  /** A live account of school A1 run by these people (the first is the lead), with stored sign-in details unless told otherwise. */
  async function liveAccount(
    name: string,
    operators: string[],
    options: { secret?: boolean; lead?: boolean } = {},
  ): Promise<string> {
    const account = await db()
      .insertInto('official_account')
      .values({
        trust_id: world.trustA,
        school_id: world.schoolA1,
        name,
        platform: 'facebook',
        status: 'active',
        applicant_id: world.people['teacher-a1']!.id,
        aim: 'News',
        audience: 'Families',
        promotion: 'Newsletter',
        handle: name.toLowerCase().replace(/\W+/g, '-'),
        activated_on: '2026-09-01',
        review_due: '2027-09-01',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, personId] of operators.entries()) {
      await db()
        .insertInto('account_operator')
        .values({
          account_id: account.id,
          person_id: personId,
          trust_id: world.trustA,
          school_id: world.schoolA1,
          is_lead: i === 0 && options.lead !== false,
          added_at: new Date('2026-09-01T09:00:00Z'),
          added_by: null,
        })
        .execute();
    }
    if (options.secret !== false) {
      await db()
        .insertInto('account_secret')
        .values({
          account_id: account.id,
          trust_id: world.trustA,
          school_id: world.schoolA1,
          sealed: 'sealed-not-a-real-secret',
          updated_at: new Date('2026-09-01T09:00:00Z'),
          updated_by: null,
        })
        .execute();
    }
    return account.id;
  }

  /** Everyone who has run the account, by first name (sorted here, whatever the database's collation). */
  const operatorsOf = async (accountId: string) =>
    (
      await db()
        .selectFrom('account_operator as o')
        .innerJoin('person as p', 'p.id', 'o.person_id')
        .select(['o.id', 'p.given_name', 'o.is_lead', 'o.removed_at', 'o.removed_reason'])
        .where('o.account_id', '=', accountId)
        .execute()
    ).sort((a, b) => a.given_name.localeCompare(b.given_name, 'en-GB'));
  const handoversOf = (accountId: string) =>
    db()
      .selectFrom('account_handover')
      .select(['reason', 'person_id', 'detail', 'resolved_at', 'resolution'])
      .where('account_id', '=', accountId)
      .orderBy('reason')
      .execute();
  const eventsOf = async (accountId: string) =>
    await db()
      .selectFrom('account_event')
      .select(['kind', 'actor_label', 'detail', 'comment'])
      .where('account_id', '=', accountId)
      .orderBy('id')
      .execute();
  const secretOf = (accountId: string) =>
    db()
      .selectFrom('account_secret')
      .select(['rotate_required', 'rotate_reason'])
      .where('account_id', '=', accountId)
      .executeTakeFirst();
  const operatorId = async (accountId: string, personId: string) =>
    (
      await db()
        .selectFrom('account_operator')
        .select('id')
        .where('account_id', '=', accountId)
        .where('person_id', '=', personId)
        .where('removed_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).id;

  /** A refused post: 400, exactly these messages in the error summary, and nothing at all written. */
  async function refused(agent: Agent, url: string, form: Form, messages: string[]): Promise<string> {
    const before = await snapshot(t);
    const response = await agent.post(url, form);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
    expect(errorSummary(response.body)).toEqual(messages);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    return response.body;
  }

  /** Moves the clock and runs whatever background work is due, as the server's poller would. */
  async function moveTo(at: string): Promise<void> {
    t.clock.set(at);
    await t.drainJobs();
  }

  beforeAll(async () => {
    t = await startTestApp({ now: `${TODAY}T10:00:00Z` });
    world = await seedWorld(db());
    await db()
      .insertInto('role_assignment')
      .values({
        person_id: world.people['admin-a1']!.id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        role: 'account_admin',
      })
      .execute();
    const a1 = { trustId: world.trustA, schoolId: world.schoolA1 };
    const actor = { id: world.people['head-a1']!.id, label: 'head Tester' };
    v1 = await startFromModel(db(), t.clock.now(), a1, actor);
    expect(await saveSettings(db(), t.clock.now(), a1, actor, v1, { minimumOperators: '2' })).toBe('saved');
    expect(await approveVersion(db(), t.clock.now(), a1, actor, v1, approval())).toBe('approved');
    admin = await signedIn(t, world, 'admin-a1', '/training/courses/new');
    const course = await admin.post('/training/courses/new', {
      title: 'Running an official school account',
      description: '',
      validMonths: '12',
    });
    courseId = course.headers.location!.split('/').pop()!;
    expect(
      (
        await admin.post(
          `/training/courses/${courseId}/requirements`,
          { requirements: ['account-operator'] },
          { tokenFrom: `/training/courses/${courseId}` },
        )
      ).statusCode,
    ).toBe(302);
    ready.teacher = world.people['teacher-a1']!.id;
    ready.dsl = world.people['dsl-a1']!.id;
    ready.sam = await addPerson('Sam', 'Patel');
    ready.vic = await addPerson('Vic', 'Helper');
    ready.una = await addPerson('Una', 'Okafor');
    for (const id of Object.values(ready)) await makeReady(id);
    ray = await addPerson('Ray', 'Unready');
    await t.drainJobs(); // the start-up check finds nothing to do yet
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('ACC-5: when an operator’s leaving date passes the hourly check takes them off, opens one handover, marks the password “change now”, and the home page shows it', async () => {
    const id = await liveAccount('Kestrel class news', [ready.sam!, ready.dsl!, ready.vic!]);
    await db().updateTable('person').set({ leaving_date: '2026-12-31' }).where('id', '=', ready.sam!).execute();

    // The day before the leaving date: nothing happens.
    await moveTo('2026-12-30T23:30:00Z');
    expect((await operatorsOf(id)).filter((o) => o.removed_at)).toEqual([]);
    expect(await handoversOf(id)).toEqual([]);

    await moveTo('2026-12-31T00:30:00Z'); // half past midnight on the leaving date in the UK
    const operators = await operatorsOf(id);
    expect(operators.map((o) => [o.given_name, o.removed_reason])).toEqual([
      ['dsl', null],
      ['Sam', 'Left the school on 31 December 2026'],
      ['Vic', null],
    ]);
    expect(operators.find((o) => o.given_name === 'Sam')!.removed_at?.toISOString()).toBe('2026-12-31T00:30:00.000Z');
    // Sam was the lead, so the account has no lead now either; two people still run it, which is enough.
    expect(await handoversOf(id)).toEqual([
      {
        reason: 'no-lead',
        person_id: null,
        detail: 'Nobody is the lead operator',
        resolved_at: null,
        resolution: null,
      },
      {
        reason: 'operator-left',
        person_id: ready.sam,
        detail: 'Sam Patel left the school on 31 December 2026',
        resolved_at: null,
        resolution: null,
      },
    ]);
    expect(await secretOf(id)).toEqual({
      rotate_required: true,
      rotate_reason: 'Sam Patel left the school on 31 December 2026',
    });
    const kinds = (await eventsOf(id)).map((e) => [e.kind, e.actor_label]);
    expect(kinds).toEqual([
      ['operator.removed', 'Postwarden (automatic check)'],
      ['handover.opened', 'Postwarden (automatic check)'],
      ['credentials.rotate-required', 'Postwarden (automatic check)'],
      ['handover.opened', 'Postwarden (automatic check)'],
    ]);
    expect((await eventsOf(id))[0]!.detail).toEqual({
      operator: 'Sam Patel',
      reason: 'Left the school on 31 December 2026',
    });

    // Running the check again, and an hour later, opens nothing more.
    await t.drainJobs();
    await moveTo('2026-12-31T01:30:00Z');
    await moveTo('2027-01-01T09:30:00Z');
    expect(await handoversOf(id)).toHaveLength(2);
    expect(await eventsOf(id)).toHaveLength(4);
    expect(await db().selectFrom('account_handover').select('id').where('account_id', '=', id).execute()).toHaveLength(
      2,
    );

    // The account administrator sees it on the home page and on the handover page.
    admin = await signedIn(t, world, 'admin-a1');
    const home = pageText((await admin.get('/')).body);
    expect(home).toContain('1 official account needs a handover: Kestrel class news');
    expect((await admin.get('/')).body).toContain(`href="/accounts/${id}/handover"`);
    const page = await admin.get(`/accounts/${id}/handover`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('An operator has left the school Sam Patel left the school on 31 December 2026');
    expect(text).toContain('The account has no lead operator Nobody is the lead operator');
    expect(text).toContain(
      'The password must be changed: Sam Patel left the school on 31 December 2026. It stays marked until a new password is stored.',
    );
    expect(text).toContain('Make one of the operators the lead operator');
    expect(page.body).toContain(`href="/accounts/${id}/operators#change-lead"`);
    expect(page.body).toContain(`href="/accounts/${id}/close"`);
    // Someone who does not manage accounts has no such task.
    const teacher = await signedIn(t, world, 'teacher-a1');
    expect(pageText((await teacher.get('/')).body)).not.toContain('handover');

    // Resolving needs a lead first; then it is accepted, and the password stays marked until a new one is stored.
    await refused(admin, `/accounts/${id}/handover`, { confirmed: 'yes', notes: '' }, [
      'Make one of the operators the lead operator',
    ]);
    expect(
      (
        await admin.post(
          `/accounts/${id}/operators/lead`,
          { operator: await operatorId(id, ready.vic!) },
          { tokenFrom: `/accounts/${id}/operators` },
        )
      ).statusCode,
    ).toBe(302);
    const done = await admin.post(
      `/accounts/${id}/handover`,
      { confirmed: 'yes', notes: 'Vic leads now; password changed on Facebook.' },
      { tokenFrom: `/accounts/${id}/handover` },
    );
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe(`/accounts/${id}`);
    expect((await handoversOf(id)).map((h) => [h.reason, h.resolution])).toEqual([
      ['no-lead', 'handed-over'],
      ['operator-left', 'handed-over'],
    ]);
    expect(await secretOf(id)).toEqual({
      rotate_required: true,
      rotate_reason: 'Sam Patel left the school on 31 December 2026',
    });
    expect(pageText((await admin.get(`/accounts/${id}/handover`)).body)).toContain(
      'The password must be changed: Sam Patel left the school on 31 December 2026',
    );
    expect(pageText((await admin.get('/')).body)).not.toContain('needs a handover');
    const last = (await eventsOf(id)).slice(-2);
    expect(last.map((e) => e.kind)).toEqual(['operator.lead-transferred', 'handover.resolved']);
    expect(last[0]!.detail).toEqual({ from: 'Nobody', to: 'Vic Helper' });
    expect(last[1]).toMatchObject({
      comment: 'Vic leads now; password changed on Facebook.',
      detail: {
        reason: ['Nobody is the lead operator', 'Sam Patel left the school on 31 December 2026'],
        resolution: 'Handed over',
      },
    });
    await db().updateTable('person').set({ leaving_date: null }).where('id', '=', ready.sam!).execute();
    t.clock.set(`${TODAY}T10:00:00Z`);
    admin = await signedIn(t, world, 'admin-a1');
  });

  it('ACC-5: taking an operator off below the minimum opens operator-removed and below-minimum; the handover is refused until enough people run it, then accepted', async () => {
    const id = await liveAccount('Heron class news', [ready.teacher!, ready.dsl!]);
    const dslOperator = await operatorId(id, ready.dsl!);

    const form = await admin.get(`/accounts/${id}/operators/remove?operator=${dslOperator}`);
    expect(form.statusCode).toBe(200);
    expect(pageText(form.body)).toContain('Afterwards 1 person runs the account, and the policy needs at least 2.');
    await refused(admin, `/accounts/${id}/operators/remove`, { operator: dslOperator, reason: '  ', newLead: '' }, [
      'Enter why they are no longer running the account',
    ]);

    const removed = await admin.post(`/accounts/${id}/operators/remove`, {
      operator: dslOperator,
      reason: 'Now leads safeguarding full time',
      newLead: '',
    });
    expect(removed.statusCode).toBe(302);
    expect(removed.headers.location).toBe(`/accounts/${id}/handover`);
    expect((await operatorsOf(id)).map((o) => [o.given_name, o.removed_reason])).toEqual([
      ['dsl', 'Now leads safeguarding full time'],
      ['teacher', null],
    ]);
    expect((await handoversOf(id)).map((h) => [h.reason, h.detail])).toEqual([
      ['below-minimum', '1 person runs the account; the policy needs at least 2'],
      ['operator-removed', 'dsl Tester was removed: Now leads safeguarding full time'],
    ]);
    expect(await secretOf(id)).toEqual({
      rotate_required: true,
      rotate_reason: 'dsl Tester was removed: Now leads safeguarding full time',
    });
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual([
      'operator.removed',
      'handover.opened',
      'credentials.rotate-required',
      'handover.opened',
    ]);
    const page = pageText((await admin.get(`/accounts/${id}/handover`)).body);
    expect(page).toContain('dsl Tester no longer runs ‘Heron class news’, so a handover is open.');
    expect(page).toContain('Too few people run the account 1 person runs the account; the policy needs at least 2');

    // Not done until it is confirmed and someone else runs the account.
    await refused(admin, `/accounts/${id}/handover`, { notes: '' }, [
      'Confirm that the handover is done',
      'Add another operator: the policy needs at least 2 people running each account',
    ]);
    await refused(admin, `/accounts/${id}/handover`, { confirmed: 'yes', notes: '' }, [
      'Add another operator: the policy needs at least 2 people running each account',
    ]);

    // Adding someone the policy does not allow, a leaver, someone already on it, or someone of another school or trust is refused by name.
    await refused(admin, `/accounts/${id}/operators/add`, { personId: ray }, [
      'Ray Unready cannot run an official account yet: has not signed version 1 of the social media policy',
      'Ray Unready cannot run an official account yet: has not completed ‘Running an official school account’',
    ]);
    await refused(admin, `/accounts/${id}/operators/add`, { personId: world.people['leaver-a1']!.id }, [
      'leaver Tester left the school on 31 August 2026, so cannot run the account',
    ]);
    await refused(admin, `/accounts/${id}/operators/add`, { personId: ready.teacher! }, [
      'teacher Tester already runs this account',
    ]);
    for (const outsider of ['admin-a2', 'admin-b1', 'trustadmin-b']) {
      await refused(admin, `/accounts/${id}/operators/add`, { personId: world.people[outsider]!.id }, [
        'Select one of this school’s people from the list',
      ]);
    }
    await refused(admin, `/accounts/${id}/operators/add`, { personId: 'not-an-id' }, [
      'Select one of this school’s people from the list',
    ]);
    await refused(admin, `/accounts/${id}/operators/add`, { personId: '' }, ['Select the person to add']);
    // The list offers the school's people who are not running it, never leavers or other schools' people.
    const list = (await admin.get(`/accounts/${id}/operators`)).body;
    expect(list).toContain(`<option value="${ready.sam}">Sam Patel</option>`);
    expect(list).not.toContain(`<option value="${ready.teacher}"`);
    for (const key of ['leaver-a1', 'admin-a2', 'admin-b1']) expect(list).not.toContain(world.people[key]!.id);

    const added = await admin.post(`/accounts/${id}/operators/add`, { personId: ready.sam! });
    expect(added.statusCode).toBe(302);
    expect((await operatorsOf(id)).filter((o) => !o.removed_at).map((o) => [o.given_name, o.is_lead])).toEqual([
      ['Sam', false],
      ['teacher', true],
    ]);
    expect((await eventsOf(id)).at(-1)).toMatchObject({
      kind: 'operator.added',
      actor_label: 'admin Tester',
      detail: { operator: 'Sam Patel' },
    });
    // Adding someone does not close the handover by itself: the administrator records it.
    expect((await handoversOf(id)).every((h) => h.resolved_at === null)).toBe(true);
    await refused(admin, `/accounts/${id}/handover`, { notes: 'x' }, ['Confirm that the handover is done']);
    await refused(admin, `/accounts/${id}/handover`, { confirmed: 'yes', notes: 'x'.repeat(2001) }, [
      'Notes must be 2,000 characters or fewer',
    ]);
    expect((await admin.post(`/accounts/${id}/handover`, { confirmed: 'yes', notes: '' })).statusCode).toBe(302);
    expect((await handoversOf(id)).map((h) => h.resolution)).toEqual(['handed-over', 'handed-over']);
    // Nothing left to hand over: a second attempt is refused with a reason.
    await refused(admin, `/accounts/${id}/handover`, { confirmed: 'yes', notes: '' }, [
      'There is no open handover for this account',
    ]);
    expect(pageText((await admin.get(`/accounts/${id}/handover`)).body)).toContain('Nothing needs handing over');
  });

  it('ACC-5: the last lead can be taken off without naming a new one (a no-lead handover opens); naming one passes the lead instead; the lead can be transferred', async () => {
    const id = await liveAccount('Owl class news', [ready.teacher!, ready.dsl!, ready.vic!]);
    const teacherOp = await operatorId(id, ready.teacher!);
    const page = pageText((await admin.get(`/accounts/${id}/operators/remove?operator=${teacherOp}`)).body);
    expect(page).toContain('Who takes over as lead operator');
    await refused(
      admin,
      `/accounts/${id}/operators/remove`,
      { operator: teacherOp, reason: 'Moved to Year 2', newLead: randomUUID() },
      ['Select who takes over as lead from the list'],
    );
    await refused(
      admin,
      `/accounts/${id}/operators/remove`,
      { operator: randomUUID(), reason: 'Moved to Year 2', newLead: '' },
      ['Select one of the people running the account'],
    );

    expect(
      (
        await admin.post(`/accounts/${id}/operators/remove`, {
          operator: teacherOp,
          reason: 'Moved to Year 2',
          newLead: '',
        })
      ).statusCode,
    ).toBe(302);
    expect((await handoversOf(id)).map((h) => h.reason)).toEqual(['no-lead', 'operator-removed']);

    // Transfer the lead: refusals first, then Vic.
    const dslOp = await operatorId(id, ready.dsl!);
    const vicOp = await operatorId(id, ready.vic!);
    await refused(admin, `/accounts/${id}/operators/lead`, { operator: '' }, [
      'Select who should be the lead operator',
    ]);
    await refused(admin, `/accounts/${id}/operators/lead`, { operator: teacherOp }, [
      'Select one of the people running the account',
    ]); // taken off already
    expect((await admin.post(`/accounts/${id}/operators/lead`, { operator: dslOp })).statusCode).toBe(302);
    await refused(admin, `/accounts/${id}/operators/lead`, { operator: dslOp }, [
      'dsl Tester is already the lead operator',
    ]);
    expect((await admin.post(`/accounts/${id}/operators/lead`, { operator: vicOp })).statusCode).toBe(302);
    expect((await operatorsOf(id)).filter((o) => !o.removed_at).map((o) => [o.given_name, o.is_lead])).toEqual([
      ['dsl', false],
      ['Vic', true],
    ]);
    expect((await eventsOf(id)).filter((e) => e.kind === 'operator.lead-transferred').map((e) => e.detail)).toEqual([
      { from: 'Nobody', to: 'dsl Tester' },
      { from: 'dsl Tester', to: 'Vic Helper' },
    ]);
    expect(
      (
        await admin.post(
          `/accounts/${id}/handover`,
          { confirmed: 'yes', notes: '' },
          { tokenFrom: `/accounts/${id}/handover` },
        )
      ).statusCode,
    ).toBe(302);

    // Taking the lead off and naming who takes over: no no-lead handover, the lead passes.
    const una = await admin.post(
      `/accounts/${id}/operators/add`,
      { personId: ready.una!, lead: 'yes' },
      { tokenFrom: `/accounts/${id}/operators` },
    );
    expect(una.statusCode).toBe(302);
    expect((await eventsOf(id)).slice(-2).map((e) => [e.kind, e.detail])).toEqual([
      ['operator.added', { operator: 'Una Okafor' }],
      ['operator.lead-transferred', { from: 'Vic Helper', to: 'Una Okafor' }],
    ]);
    const unaOp = await operatorId(id, ready.una!);
    expect(
      (
        await admin.post(`/accounts/${id}/operators/remove`, {
          operator: unaOp,
          reason: 'Only covering for a term',
          newLead: dslOp,
        })
      ).statusCode,
    ).toBe(302);
    expect((await operatorsOf(id)).filter((o) => !o.removed_at).map((o) => [o.given_name, o.is_lead])).toEqual([
      ['dsl', true],
      ['Vic', false],
    ]);
    expect((await handoversOf(id)).filter((h) => !h.resolved_at).map((h) => h.reason)).toEqual(['operator-removed']);
    // The history lists everyone who stopped, with why.
    const history = pageText((await admin.get(`/accounts/${id}/operators`)).body);
    expect(history).toContain('No longer running it');
    expect(history).toContain('Moved to Year 2');
    expect(history).toContain('Only covering for a term');
  });

  it('ACC-5: without stored sign-in details a handover still opens, and no password is marked; the page says none are stored', async () => {
    const id = await liveAccount('Wren class news', [ready.teacher!, ready.dsl!], { secret: false });
    expect(
      (
        await admin.post(
          `/accounts/${id}/operators/remove`,
          { operator: await operatorId(id, ready.dsl!), reason: 'Changed role', newLead: '' },
          { tokenFrom: `/accounts/${id}/operators` },
        )
      ).statusCode,
    ).toBe(302);
    expect(await secretOf(id)).toBeUndefined();
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(['operator.removed', 'handover.opened', 'handover.opened']);
    expect(pageText((await admin.get(`/accounts/${id}/handover`)).body)).toContain(
      'No sign-in details are stored for this account yet.',
    );
  });

  it('ACC-5: someone taken off again before the handover is done opens no second handover, but marks a newer password “change now” again', async () => {
    const id = await liveAccount('Dunlin class news', [ready.teacher!, ready.dsl!, ready.vic!]);
    const remove = async () => {
      const response = await admin.post(
        `/accounts/${id}/operators/remove`,
        { operator: await operatorId(id, ready.vic!), reason: 'Covering only', newLead: '' },
        { tokenFrom: `/accounts/${id}/operators` },
      );
      expect(response.statusCode).toBe(302);
    };
    await remove();
    // The credentials helper stores a new password (which clears the mark), and Vic is added back and given it.
    await db()
      .updateTable('account_secret')
      .set({ rotate_required: false, rotate_reason: null })
      .where('account_id', '=', id)
      .execute();
    expect((await admin.post(`/accounts/${id}/operators/add`, { personId: ready.vic! })).statusCode).toBe(302);
    await remove();
    expect((await handoversOf(id)).map((h) => [h.reason, h.resolved_at])).toEqual([['operator-removed', null]]);
    expect(await secretOf(id)).toEqual({
      rotate_required: true,
      rotate_reason: 'Vic Helper was removed: Covering only',
    });
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual([
      'operator.removed',
      'handover.opened',
      'credentials.rotate-required',
      'operator.added',
      'operator.removed',
      'credentials.rotate-required',
    ]);
  });

  it('ACC-5: closing the account resolves its open handovers; it then cannot be handed over or have its operators changed', async () => {
    const id = await liveAccount('Finch class news', [ready.teacher!, ready.dsl!]);
    expect(
      (
        await admin.post(
          `/accounts/${id}/operators/remove`,
          { operator: await operatorId(id, ready.dsl!), reason: 'Left the team', newLead: '' },
          { tokenFrom: `/accounts/${id}/operators` },
        )
      ).statusCode,
    ).toBe(302);
    expect(await handoversOf(id)).toHaveLength(2);
    expect(
      (
        await admin.post(
          `/accounts/${id}/close`,
          { reason: 'The class blog replaces it', 'closedOn-day': '', 'closedOn-month': '', 'closedOn-year': '' },
          { tokenFrom: `/accounts/${id}/close` },
        )
      ).statusCode,
    ).toBe(302);
    expect((await handoversOf(id)).map((h) => [h.reason, h.resolution])).toEqual([
      ['below-minimum', 'closed'],
      ['operator-removed', 'closed'],
    ]);
    expect((await handoversOf(id)).every((h) => h.resolved_at !== null)).toBe(true);
    expect(await secretOf(id)).toEqual({ rotate_required: false, rotate_reason: null });
    expect((await operatorsOf(id)).map((o) => [o.given_name, o.removed_reason])).toEqual([
      ['dsl', 'Left the team'],
      ['teacher', 'Account closed'],
    ]);
    expect((await eventsOf(id)).slice(-2).map((e) => [e.kind, e.detail])).toEqual([
      [
        'handover.resolved',
        {
          reason: ['1 person runs the account; the policy needs at least 2', 'dsl Tester was removed: Left the team'],
          resolution: 'Account closed',
        },
      ],
      ['account.closed', { reason: 'The class blog replaces it', closedOn: TODAY, operators: ['teacher Tester'] }],
    ]);

    const shown = await admin.get(`/accounts/${id}/handover`);
    expect(shown.statusCode).toBe(200);
    expect(pageText(shown.body)).toContain(
      'This account was closed on 18 November 2026, so it no longer needs a handover.',
    );
    expect(pageText((await admin.get(`/accounts/${id}/operators`)).body)).toContain(
      'This account was closed on 18 November 2026, so who ran it can no longer be changed.',
    );
    await refused(admin, `/accounts/${id}/handover`, { confirmed: 'yes' }, [
      'This account was closed on 18 November 2026, so it no longer needs a handover',
    ]);
    await refused(admin, `/accounts/${id}/operators/add`, { personId: ready.sam! }, [
      'This account was closed on 18 November 2026, so who ran it can no longer be changed',
    ]);
    await refused(admin, `/accounts/${id}/operators/lead`, { operator: randomUUID() }, [
      'This account was closed on 18 November 2026, so who ran it can no longer be changed',
    ]);
    await refused(admin, `/accounts/${id}/operators/remove`, { operator: randomUUID(), reason: 'x' }, [
      'This account was closed on 18 November 2026, so who ran it can no longer be changed',
    ]);
  });

  it('ACC-5: an account not yet live has no operators or handover pages to change', async () => {
    const id = await liveAccount('Lark class news', [ready.teacher!, ready.dsl!]);
    await db().updateTable('official_account').set({ status: 'approved' }).where('id', '=', id).execute();
    expect(pageText((await admin.get(`/accounts/${id}/operators`)).body)).toContain(
      'This account is not live (approved, to be set up), so who runs it cannot be changed yet.',
    );
    await refused(admin, `/accounts/${id}/operators/add`, { personId: ready.sam! }, [
      'This account is not live (approved, to be set up), so who runs it cannot be changed yet',
    ]);
    await refused(admin, `/accounts/${id}/handover`, { confirmed: 'yes' }, [
      'This account is not live (approved, to be set up), so it cannot be handed over',
    ]);
  });

  it('ACC-5: another school or trust, and people who do not manage accounts, get 404 from every operators and handover page, and nothing changes', async () => {
    const id = await liveAccount('Swift class news', [ready.teacher!, ready.dsl!]);
    const op = await operatorId(id, ready.dsl!);
    for (const key of ['admin-a2', 'admin-b1']) {
      const person = await db()
        .selectFrom('person')
        .select(['trust_id', 'school_id'])
        .where('id', '=', world.people[key]!.id)
        .executeTakeFirstOrThrow();
      await db()
        .insertInto('role_assignment')
        .values({
          person_id: world.people[key]!.id,
          trust_id: person.trust_id,
          school_id: person.school_id,
          role: 'account_admin',
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    const agents: [string, Agent][] = [];
    for (const key of ['admin-a2', 'admin-b1', 'teacher-a1', 'slt-a1'])
      agents.push([key, await signedIn(t, world, key)]);
    const before = await snapshot(t);
    for (const [key, agent] of agents) {
      for (const url of [
        `/accounts/${id}/operators`,
        `/accounts/${id}/operators/remove?operator=${op}`,
        `/accounts/${id}/handover`,
      ]) {
        expect((await agent.get(url)).statusCode, `GET ${url} as ${key}`).toBe(404);
      }
      const posts: [string, Form][] = [
        [`/accounts/${id}/operators/add`, { personId: ready.sam! }],
        [`/accounts/${id}/operators/remove`, { operator: op, reason: 'Hijack', newLead: '' }],
        [`/accounts/${id}/operators/lead`, { operator: op }],
        [`/accounts/${id}/handover`, { confirmed: 'yes', notes: '' }],
      ];
      for (const [url, form] of posts)
        expect((await agent.post(url, form)).statusCode, `POST ${url} as ${key}`).toBe(404);
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });

  it('ACC-5: a policy that now asks for more operators opens below-minimum at the next hourly check, once (last: it changes the policy)', async () => {
    const id = await liveAccount('Robin class news', [ready.teacher!, ready.dsl!]);
    const a1 = { trustId: world.trustA, schoolId: world.schoolA1 };
    const actor = { id: world.people['head-a1']!.id, label: 'head Tester' };
    const v2 = await startNewDraft(db(), t.clock.now(), a1, actor);
    expect(await saveSettings(db(), t.clock.now(), a1, actor, v2, { minimumOperators: '3' })).toBe('saved');
    expect(await approveVersion(db(), t.clock.now(), a1, actor, v2, approval())).toBe('approved');
    await moveTo('2027-01-05T10:30:00Z');
    await moveTo('2027-01-05T11:30:00Z');
    expect((await handoversOf(id)).map((h) => [h.reason, h.detail])).toEqual([
      ['below-minimum', '2 people run the account; the policy needs at least 3'],
    ]);
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(['handover.opened', 'credentials.rotate-required']);
  });
});
