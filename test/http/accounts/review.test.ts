import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary, type Agent } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import { approveVersion, saveSettings, startFromModel } from '../../../src/modules/policies/versions/service.ts';

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
const KEEP = { stillNeeded: 'yes', operatorsRight: 'yes', settingsSafe: 'yes', notes: '', outcome: 'keep' };

type Form = Record<string, string | string[]>;

describe('reviewing, checking and closing official accounts (ACC-6, ACC-5)', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  const db = () => t.database.db;
  const person = (key: string) => world.people[key]!.id;

  /** A live account of school A1 run by these people (the first is the lead). */
  async function liveAccount(
    name: string,
    operators: string[],
    reviewDue: string | null = '2027-09-01',
    status: 'active' | 'under_review' | 'approved' = 'active',
  ): Promise<string> {
    const account = await db()
      .insertInto('official_account')
      .values({
        trust_id: world.trustA,
        school_id: world.schoolA1,
        name,
        platform: 'instagram',
        status,
        applicant_id: person('teacher-a1'),
        aim: 'News',
        audience: 'Families',
        promotion: 'Newsletter',
        handle: name.toLowerCase().replace(/\W+/g, '-'),
        activated_on: '2026-09-01',
        review_due: reviewDue,
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
          is_lead: i === 0,
          added_at: new Date('2026-09-01T09:00:00Z'),
          added_by: null,
        })
        .execute();
    }
    return account.id;
  }

  const accountRow = (id: string) =>
    db().selectFrom('official_account').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eventsOf = (id: string) =>
    db()
      .selectFrom('account_event')
      .select(['kind', 'actor_label', 'comment', 'detail'])
      .where('account_id', '=', id)
      .orderBy('id')
      .execute();

  async function refused(agent: Agent, url: string, form: Form, messages: string[]): Promise<string> {
    const before = await snapshot(t);
    const response = await agent.post(url, form);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
    expect(errorSummary(response.body)).toEqual(messages);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    return response.body;
  }

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
        person_id: person('admin-a1'),
        trust_id: world.trustA,
        school_id: world.schoolA1,
        role: 'account_admin',
      })
      .execute();
    // School A1's policy reviews accounts every 6 months.
    const a1 = { trustId: world.trustA, schoolId: world.schoolA1 };
    const actor = { id: person('head-a1'), label: 'head Tester' };
    const v1 = await startFromModel(db(), t.clock.now(), a1, actor);
    expect(await saveSettings(db(), t.clock.now(), a1, actor, v1, { reviewCycleMonths: '6' })).toBe('saved');
    expect(await approveVersion(db(), t.clock.now(), a1, actor, v1, approval())).toBe('approved');
    await t.drainJobs();
    admin = await signedIn(t, world, 'admin-a1');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('ACC-6: a review that keeps the account sets the next review date from the policy’s cycle; changes needed puts it under review; keeping it again makes it active', async () => {
    const id = await liveAccount('Kingfisher class news', [person('teacher-a1'), person('dsl-a1')]);
    const page = await admin.get(`/accounts/${id}/review`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    for (const q of [
      'Is the account still needed?',
      'Are the right people running it?',
      'Are its settings still safe?',
      'What happens next',
    ])
      expect(text).toContain(q);
    expect(text).toContain('Reviewed every 6 months');
    expect(text).toContain('If you keep the account, the next review will be due on 18 May 2027.');

    const kept = await admin.post(`/accounts/${id}/review`, { ...KEEP, notes: 'Well used by families.' });
    expect(kept.statusCode).toBe(302);
    expect(kept.headers.location).toBe(`/accounts/${id}`);
    expect(await accountRow(id)).toMatchObject({ status: 'active', last_reviewed_on: TODAY, review_due: '2027-05-18' });
    expect(
      await db()
        .selectFrom('account_review')
        .select(['reviewed_on', 'reviewer_id', 'still_needed', 'operators_right', 'settings_safe', 'notes', 'outcome'])
        .where('account_id', '=', id)
        .execute(),
    ).toEqual([
      {
        reviewed_on: TODAY,
        reviewer_id: person('admin-a1'),
        still_needed: true,
        operators_right: true,
        settings_safe: true,
        notes: 'Well used by families.',
        outcome: 'keep',
      },
    ]);
    expect(await eventsOf(id)).toEqual([
      {
        kind: 'review.recorded',
        actor_label: 'admin Tester',
        comment: 'Well used by families.',
        detail: {
          outcome: 'Keep the account as it is',
          stillNeeded: 'yes',
          operatorsRight: 'yes',
          settingsSafe: 'yes',
          nextDue: '2027-05-18',
        },
      },
    ]);
    const audit = await db()
      .selectFrom('audit_event')
      .select(['action', 'entity_id'])
      .where('action', '=', 'account.review.recorded')
      .execute();
    expect(audit).toEqual([{ action: 'account.review.recorded', entity_id: id }]);

    const changes = await admin.post(`/accounts/${id}/review`, {
      stillNeeded: 'yes',
      operatorsRight: 'no',
      settingsSafe: 'yes',
      notes: 'A second operator is needed for the summer term.',
      outcome: 'changes-needed',
    });
    expect(changes.statusCode).toBe(302);
    expect(await accountRow(id)).toMatchObject({ status: 'under_review', review_due: '2027-05-18' });
    expect((await admin.post(`/accounts/${id}/review`, KEEP)).statusCode).toBe(302);
    expect((await accountRow(id)).status).toBe('active');
    const history = pageText((await admin.get(`/accounts/${id}/review`)).body);
    expect(history).toContain('Earlier reviews');
    expect(history).toContain('Keep it, but changes are needed');
    expect(history).toContain('A second operator is needed for the summer term.');
  });

  it('ACC-6: reviewed on the last day of August on a 6-month cycle, the next review falls on 29 February in a leap year', async () => {
    const id = await liveAccount('Leap year news', [person('teacher-a1'), person('dsl-a1')], null);
    t.clock.set('2027-08-31T11:00:00Z');
    admin = await signedIn(t, world, 'admin-a1');
    expect((await admin.post(`/accounts/${id}/review`, KEEP, { tokenFrom: `/accounts/${id}/review` })).statusCode).toBe(
      302,
    );
    expect(await accountRow(id)).toMatchObject({ last_reviewed_on: '2027-08-31', review_due: '2028-02-29' });
    t.clock.set(`${TODAY}T10:00:00Z`); // the session from August 2027 is still open (sign-ins are rate-limited)
  });

  it('ACC-6: a review with unanswered questions, or that keeps an account after a no, is refused and writes nothing', async () => {
    const id = await liveAccount('Puffin class news', [person('teacher-a1'), person('dsl-a1')]);
    await refused(admin, `/accounts/${id}/review`, { notes: '' }, [
      'Select whether the account is still needed',
      'Select whether the right people are running the account',
      'Select whether the account’s settings are still safe',
      'Select what happens to the account next',
    ]);
    await refused(admin, `/accounts/${id}/review`, { ...KEEP, settingsSafe: 'no' }, [
      'You answered no to a question, so choose ‘Keep it, but changes are needed’ or ‘Close the account’',
      'Enter notes saying what is wrong and what needs to change',
    ]);
    await refused(admin, `/accounts/${id}/review`, { ...KEEP, outcome: 'changes-needed' }, [
      'Enter notes saying what is wrong and what needs to change',
    ]);
    // The answers given are kept on the page.
    const body = await refused(
      admin,
      `/accounts/${id}/review`,
      { stillNeeded: 'yes', operatorsRight: 'no', settingsSafe: '', notes: 'Keep this', outcome: '' },
      ['Select whether the account’s settings are still safe', 'Select what happens to the account next'],
    );
    expect(body).toMatch(
      /<input class="govuk-radios__input" id="operatorsRight-2" name="operatorsRight" type="radio" value="no" checked/,
    );
    expect(body).toContain('Keep this</textarea>');
  });

  it('ACC-6: an overdue review is flagged on the home page and the review page; the hourly check notes it on the timeline once per due date', async () => {
    const id = await liveAccount('Curlew class news', [person('teacher-a1'), person('dsl-a1')], '2026-12-01');
    await moveTo('2026-12-01T15:00:00Z'); // due today: not overdue yet
    expect((await eventsOf(id)).filter((e) => e.kind === 'review.overdue')).toEqual([]);

    await moveTo('2026-12-02T09:30:00Z');
    await moveTo('2026-12-02T10:30:00Z');
    await moveTo('2026-12-09T10:30:00Z');
    expect((await eventsOf(id)).filter((e) => e.kind === 'review.overdue')).toEqual([
      {
        kind: 'review.overdue',
        actor_label: 'Postwarden (automatic check)',
        comment: 'The review was due on 1 December 2026',
        detail: { due: '2026-12-01' },
      },
    ]);
    admin = await signedIn(t, world, 'admin-a1');
    const home = await admin.get('/');
    expect(pageText(home.body)).toContain('1 account review is overdue: Curlew class news');
    expect(home.body).toContain(`href="/accounts/${id}/review"`);
    expect(pageText((await admin.get(`/accounts/${id}/review`)).body)).toContain('Review due 1 December 2026 Overdue');
    // Two overdue accounts read as a number, linking to the register's attention filter.
    const second = await liveAccount('Plover class news', [person('teacher-a1'), person('dsl-a1')], '2026-12-05');
    const both = await admin.get('/');
    expect(pageText(both.body)).toContain('2 account reviews are overdue');
    expect(both.body).toContain('href="/accounts?attention=1"');

    // Reviewing it clears the flag; when the new date passes, it is noted again, once.
    expect((await admin.post(`/accounts/${id}/review`, KEEP, { tokenFrom: `/accounts/${id}/review` })).statusCode).toBe(
      302,
    );
    expect((await accountRow(id)).review_due).toBe('2027-06-09');
    expect(pageText((await admin.get('/')).body)).toContain('1 account review is overdue: Plover class news');
    await db()
      .updateTable('official_account')
      .set({ status: 'closed', closed_on: '2026-12-09', closed_reason: 'Test tidy-up' })
      .where('id', '=', second)
      .execute();
    expect(pageText((await admin.get('/')).body)).not.toContain('overdue');
    await moveTo('2027-06-10T10:30:00Z');
    await moveTo('2027-06-11T10:30:00Z');
    expect((await eventsOf(id)).filter((e) => e.kind === 'review.overdue').map((e) => e.detail)).toEqual([
      { due: '2026-12-01' },
      { due: '2027-06-09' },
    ]);
    // A closed account is never overdue, however old its date.
    expect((await eventsOf(second)).filter((e) => e.kind === 'review.overdue')).toEqual([]);
    t.clock.set(`${TODAY}T10:00:00Z`);
    admin = await signedIn(t, world, 'admin-a1');
  });

  it('ACC-6: a review that closes the account goes on to the closing page; closing needs a reason and a date not in the future, then records why and when', async () => {
    const id = await liveAccount('Year 6 residential trip', [person('teacher-a1'), person('dsl-a1')]);
    const reviewed = await admin.post(`/accounts/${id}/review`, {
      stillNeeded: 'no',
      operatorsRight: 'yes',
      settingsSafe: 'yes',
      notes: 'The trip is over and families have the photos.',
      outcome: 'close',
    });
    expect(reviewed.statusCode).toBe(302);
    expect(reviewed.headers.location).toBe(`/accounts/${id}/close`);
    expect(await accountRow(id)).toMatchObject({ status: 'active', last_reviewed_on: TODAY, review_due: '2027-09-01' });
    const page = await admin.get(`/accounts/${id}/close`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text).toContain('Your review has been recorded. Now record why and when the account closed.');
    expect(text).toContain('teacher Tester, dsl Tester will no longer be recorded as running it.');
    expect(page.body).toContain('The trip is over and families have the photos.</textarea>'); // the review's notes, to keep or change

    await refused(
      admin,
      `/accounts/${id}/close`,
      { reason: ' ', 'closedOn-day': '', 'closedOn-month': '', 'closedOn-year': '' },
      ['Enter why the account is closing'],
    );
    await refused(
      admin,
      `/accounts/${id}/close`,
      { reason: 'Trip over', 'closedOn-day': '19', 'closedOn-month': '11', 'closedOn-year': '2026' },
      ['The date it closed cannot be in the future'],
    );
    await refused(
      admin,
      `/accounts/${id}/close`,
      { reason: 'Trip over', 'closedOn-day': '31', 'closedOn-month': '8', 'closedOn-year': '2026' },
      ['The date it closed cannot be before the account was set up on 1 September 2026'],
    );
    await refused(
      admin,
      `/accounts/${id}/close`,
      { reason: 'Trip over', 'closedOn-day': '31', 'closedOn-month': '9', 'closedOn-year': '2026' },
      ['The date it closed must be a real date'],
    );

    const closed = await admin.post(`/accounts/${id}/close`, {
      reason: 'The trip is over and families have the photos.',
      'closedOn-day': '14',
      'closedOn-month': '11',
      'closedOn-year': '2026',
    });
    expect(closed.statusCode).toBe(302);
    expect(closed.headers.location).toBe(`/accounts/${id}`);
    expect(await accountRow(id)).toMatchObject({
      status: 'closed',
      closed_on: '2026-11-14',
      closed_reason: 'The trip is over and families have the photos.',
    });
    const operators = await db()
      .selectFrom('account_operator')
      .select(['person_id', 'removed_reason', 'removed_at'])
      .where('account_id', '=', id)
      .execute();
    expect(operators).toHaveLength(2); // nobody deleted: they stay as history
    expect(
      operators.every(
        (o) => o.removed_reason === 'Account closed' && o.removed_at?.toISOString() === `${TODAY}T10:00:00.000Z`,
      ),
    ).toBe(true);
    expect((await eventsOf(id)).map((e) => [e.kind, e.comment])).toEqual([
      ['review.recorded', 'The trip is over and families have the photos.'],
      ['account.closed', 'Closed on 14 November 2026'],
    ]);
    expect((await eventsOf(id)).at(-1)!.detail).toEqual({
      reason: 'The trip is over and families have the photos.',
      closedOn: '2026-11-14',
      operators: ['teacher Tester', 'dsl Tester'],
    });

    // A closed account cannot be reviewed or closed again: a clear page to a visit, a refusal to a form.
    const review = await admin.get(`/accounts/${id}/review`);
    expect(review.statusCode).toBe(200);
    expect(pageText(review.body)).toContain('This account was closed on 14 November 2026, so it cannot be reviewed.');
    expect(pageText(review.body)).toContain('Why it closed: The trip is over and families have the photos.');
    expect(pageText((await admin.get(`/accounts/${id}/close`)).body)).toContain('so it cannot be closed again.');
    await refused(admin, `/accounts/${id}/review`, KEEP, [
      'This account was closed on 14 November 2026, so it cannot be reviewed',
    ]);
    await refused(admin, `/accounts/${id}/close`, { reason: 'Again' }, [
      'This account was closed on 14 November 2026, so it cannot be closed again',
    ]);
    await refused(admin, `/accounts/${id}/monitoring-check`, {}, [
      'This account was closed on 14 November 2026, so there is nothing left to check',
    ]);
  });

  it('ACC-6: an account that is not yet live cannot be reviewed or closed', async () => {
    const id = await liveAccount('Not yet set up', [person('teacher-a1'), person('dsl-a1')], null, 'approved');
    expect(pageText((await admin.get(`/accounts/${id}/review`)).body)).toContain(
      'This account is not live (approved, to be set up), so it cannot be reviewed yet.',
    );
    await refused(admin, `/accounts/${id}/review`, KEEP, [
      'This account is not live (approved, to be set up), so it cannot be reviewed yet',
    ]);
    await refused(admin, `/accounts/${id}/close`, { reason: 'No longer wanted' }, [
      'This account is not live (approved, to be set up), so it cannot be closed',
    ]);
  });

  it('ACC-6: an operator records that they checked the account today; a teacher who does not run it gets 404, and so does anyone of another school or trust', async () => {
    const id = await liveAccount('Skylark class news', [person('teacher-a1'), person('dsl-a1')]);
    const teacher = await signedIn(t, world, 'teacher-a1');
    const page = await teacher.get(`/accounts/${id}/monitoring-check`);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Nobody has recorded a check yet.');
    t.clock.set(`${TODAY}T10:35:00Z`);
    const checked = await teacher.post(`/accounts/${id}/monitoring-check`, {});
    expect(checked.statusCode).toBe(302);
    expect(checked.headers.location).toBe(`/accounts/${id}`);
    expect((await accountRow(id)).last_monitored_at?.toISOString()).toBe(`${TODAY}T10:35:00.000Z`);
    expect((await eventsOf(id)).map((e) => [e.kind, e.actor_label])).toEqual([['account.checked', 'teacher Tester']]);
    expect(pageText((await teacher.get(`/accounts/${id}/monitoring-check`)).body)).toContain(
      'Last checked 18 November 2026',
    );
    // The account administrator may record a check without running the account.
    expect(
      (await admin.post(`/accounts/${id}/monitoring-check`, {}, { tokenFrom: `/accounts/${id}/monitoring-check` }))
        .statusCode,
    ).toBe(302);
    t.clock.set(`${TODAY}T10:00:00Z`);

    // A teacher of A1 who does not run this other account is told it is not there.
    const other = await liveAccount('Nightingale class news', [person('dsl-a1'), person('slt-a1')]);
    const before = await snapshot(t);
    expect((await teacher.get(`/accounts/${other}/monitoring-check`)).statusCode).toBe(404);
    expect((await teacher.post(`/accounts/${other}/monitoring-check`, {})).statusCode).toBe(404);
    // Someone who has been taken off it may no longer check it.
    await db()
      .updateTable('account_operator')
      .set({ removed_at: new Date(), removed_reason: 'Test' })
      .where('account_id', '=', id)
      .where('person_id', '=', person('teacher-a1'))
      .execute();
    const afterRemoval = await snapshot(t);
    expect((await teacher.post(`/accounts/${id}/monitoring-check`, {})).statusCode).toBe(404);
    expect(changedTables(afterRemoval, await snapshot(t))).toEqual([]);
    expect(changedTables(before, afterRemoval).map((c) => c.split(':')[0])).toEqual(['account_operator']);
  });

  it('ACC-6: people of another school or trust (even account administrators) and people without accounts.manage get 404 from review, close and check, and nothing changes', async () => {
    const id = await liveAccount('Sandpiper class news', [person('teacher-a1'), person('dsl-a1')]);
    for (const key of ['admin-a2', 'admin-b1']) {
      const row = await db()
        .selectFrom('person')
        .select(['trust_id', 'school_id'])
        .where('id', '=', person(key))
        .executeTakeFirstOrThrow();
      await db()
        .insertInto('role_assignment')
        .values({ person_id: person(key), trust_id: row.trust_id, school_id: row.school_id, role: 'account_admin' })
        .execute();
    }
    const agents: [string, Agent, string[]][] = [];
    for (const key of ['admin-a2', 'admin-b1'])
      agents.push([key, await signedIn(t, world, key), ['review', 'close', 'monitoring-check']]);
    // In school A1 itself: SLT may see accounts but not manage them; a teacher who runs this account may check it but not review or close it.
    agents.push(['slt-a1', await signedIn(t, world, 'slt-a1'), ['review', 'close', 'monitoring-check']]);
    agents.push(['teacher-a1', await signedIn(t, world, 'teacher-a1'), ['review', 'close']]);
    const before = await snapshot(t);
    for (const [key, agent, pages] of agents) {
      for (const p of pages) {
        expect((await agent.get(`/accounts/${id}/${p}`)).statusCode, `GET ${p} as ${key}`).toBe(404);
        expect(
          (await agent.post(`/accounts/${id}/${p}`, { ...KEEP, reason: 'Hijack' })).statusCode,
          `POST ${p} as ${key}`,
        ).toBe(404);
      }
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    expect(await accountRow(id)).toMatchObject({
      status: 'active',
      last_reviewed_on: null,
      last_monitored_at: null,
      closed_on: null,
    });
  });
});
