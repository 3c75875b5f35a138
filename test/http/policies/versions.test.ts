import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent, errorSummary } from '../../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../../support/world.ts';
import { settingsFor } from '../../../src/modules/policies/index.ts';
import { approveVersion, startFromModel } from '../../../src/modules/policies/versions/service.ts';

describe('policy versions: draft from the model, settings, wording, approval', () => {
  let t: TestApp;
  let world: World;
  let admin: Agent;
  let draftId: string;
  beforeAll(async () => {
    t = await startTestApp(); // 2026-11-18
    world = await seedWorld(t.database.db);
    admin = new Agent(t.app);
    await admin.signIn(world.people['admin-a1']!.email, PASSWORD);
  });
  afterAll(async () => {
    await t.close();
  });

  it('POL-1: a school starts its policy from the model: a numbered draft with every topic and the default settings', async () => {
    const started = await admin.post('/policy/start', {}, { tokenFrom: '/policy' });
    expect(started.statusCode).toBe(302);
    draftId = started.headers.location!.split('/').pop()!;
    const page = await admin.get(`/policy/versions/${draftId}`);
    expect(page.statusCode).toBe(200);
    for (const topic of [
      'About this policy and who it covers',
      'Official school accounts',
      'Photos, videos and pupils’ names',
      'Reporting concerns and safeguarding',
      'Review and signing',
    ])
      expect(page.body).toContain(topic);
    expect(page.body).toMatch(/<strong>1\.1 /);
    const version = await t.database.db
      .selectFrom('policy_version')
      .selectAll()
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow();
    expect(version).toMatchObject({ status: 'draft', number: 1, school_id: world.schoolA1 });
    expect((version.settings as Record<string, unknown>).responseDeadlineHours).toBe(24);
  });

  it('POL-1: a draft is invisible to someone who does not edit the policy', async () => {
    const teacher = new Agent(t.app);
    await teacher.signIn(world.people['teacher-a1']!.email, PASSWORD);
    expect((await teacher.get(`/policy/versions/${draftId}`)).statusCode).toBe(404);
    const otherSchool = new Agent(t.app);
    await otherSchool.signIn(world.people['admin-a2']!.email, PASSWORD);
    expect((await otherSchool.get(`/policy/versions/${draftId}`)).statusCode).toBe(404);
    expect(
      (
        await otherSchool.post(
          `/policy/versions/${draftId}/settings`,
          { responseDeadlineHours: '48' },
          { tokenFrom: '/policy' },
        )
      ).statusCode,
    ).toBe(404);
  });

  it('POL-1: a 0-hour reply deadline is refused with a clear message, and nothing changes', async () => {
    const response = await admin.post(
      `/policy/versions/${draftId}/settings`,
      { responseDeadlineHours: '0' },
      { tokenFrom: `/policy/versions/${draftId}/settings` },
    );
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body).join(' ')).toMatch(/between 1 and 168 hours/);
    const version = await t.database.db
      .selectFrom('policy_version')
      .select('settings')
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow();
    expect((version.settings as Record<string, unknown>).responseDeadlineHours).toBe(24);
  });

  it('POL-1: choices change behaviour: "Head of School", a 48-hour deadline and no business use are saved and flow into the text', async () => {
    const response = await admin.post(`/policy/versions/${draftId}/settings`, {
      headTitle: 'Head of School',
      responseDeadlineHours: '48',
      businessUse: 'not-permitted',
      weekendNextWorkingDay: 'yes',
    });
    expect(response.statusCode).toBe(302);
    const page = await admin.get(`/policy/versions/${draftId}`);
    expect(page.body).toContain('Head of School');
    expect(page.body).not.toContain('Official school accounts');
  });

  it('POL-1: a clause someone cites cannot be deleted, and the message names who cites it; an uncited one can', async () => {
    const refused = await admin.post(
      `/policy/versions/${draftId}/clauses/images.first-names-only/delete`,
      {},
      { tokenFrom: `/policy/versions/${draftId}/clauses/images.first-names-only` },
    );
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)[0]).toContain('the posting checks for pupils’ surnames');
    const document = (
      await t.database.db
        .selectFrom('policy_version')
        .select('document')
        .where('id', '=', draftId)
        .executeTakeFirstOrThrow()
    ).document as { sections: { clauses: { key: string }[] }[] };
    const keys = document.sections.flatMap((s) => s.clauses.map((c) => c.key));
    expect(keys).toContain('images.first-names-only');
    const edited = await admin.post(
      `/policy/versions/${draftId}/clauses/privacy.settings`,
      { title: 'Privacy settings', text: 'Check who can see your accounts each term.' },
      { tokenFrom: `/policy/versions/${draftId}/clauses/privacy.settings` },
    );
    expect(edited.statusCode).toBe(302);
    expect((await admin.get(`/policy/versions/${draftId}`)).body).toContain(
      'Check who can see your accounts each term.',
    );
  });

  it('POL-2: an approval date before the draft was started, or an effective date in the past, is refused', async () => {
    const form = {
      body: 'Full Governing Body',
      'approvedOn-day': '1',
      'approvedOn-month': '1',
      'approvedOn-year': '2026',
      'effectiveFrom-day': '1',
      'effectiveFrom-month': '11',
      'effectiveFrom-year': '2026',
    };
    const response = await admin.post(`/policy/versions/${draftId}/approve`, form, {
      tokenFrom: `/policy/versions/${draftId}/approve`,
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual([
      'The approval date cannot be before this draft was started (18/11/2026)',
      'A new version cannot take effect in the past. Choose today or a later date',
    ]);
    expect(
      (
        await t.database.db
          .selectFrom('policy_version')
          .select('status')
          .where('id', '=', draftId)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('draft');
  });

  it('POL-2: approval records who, when, consultation and changes; the version is fixed, reminders are booked, and settingsFor reads it', async () => {
    const before = await settingsFor(t.database.db, { trustId: world.trustA, schoolId: world.schoolA1 }, t.clock.now());
    expect(before.responseDeadlineHours).toBe(24); // nothing in force yet: Postwarden's defaults
    const response = await admin.post(`/policy/versions/${draftId}/approve`, {
      body: 'Full Governing Body',
      'approvedOn-day': '18',
      'approvedOn-month': '11',
      'approvedOn-year': '2026',
      'effectiveFrom-day': '20',
      'effectiveFrom-month': '11',
      'effectiveFrom-year': '2026',
      consultation: 'Recognised trade unions consulted',
      changeSummary: 'First version',
    });
    expect(response.statusCode).toBe(302);
    const version = await t.database.db
      .selectFrom('policy_version')
      .selectAll()
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow();
    expect(version).toMatchObject({
      status: 'approved',
      approved_by_body: 'Full Governing Body',
      approved_on: '2026-11-18',
      effective_from: '2026-11-20',
      review_due: '2027-11-20',
      consultation: 'Recognised trade unions consulted',
    });
    expect(version.content_hash).toMatch(/^[0-9a-f]{64}$/);
    const jobs = await t.database.db
      .selectFrom('job')
      .select(['kind', 'run_at'])
      .where('kind', 'like', 'policies.%')
      .orderBy('run_at')
      .execute();
    expect(jobs.map((j) => j.kind)).toEqual([
      'policies.signing-reminders',
      'policies.review-reminder',
      'policies.review-reminder',
      'policies.review-reminder',
    ]);
    // Not in force until its effective date.
    expect(
      (await settingsFor(t.database.db, { trustId: world.trustA, schoolId: world.schoolA1 }, t.clock.now()))
        .responseDeadlineHours,
    ).toBe(24);
    const inForce = await settingsFor(
      t.database.db,
      { trustId: world.trustA, schoolId: world.schoolA1 },
      new Date('2026-11-20T09:00:00Z'),
    );
    expect(inForce).toMatchObject({
      responseDeadlineHours: 48,
      headTitle: 'Head of School',
      businessUse: 'not-permitted',
    });
    // The other school of the trust is not affected by this school's own policy.
    expect(
      (
        await settingsFor(
          t.database.db,
          { trustId: world.trustA, schoolId: world.schoolA2 },
          new Date('2026-11-20T09:00:00Z'),
        )
      ).responseDeadlineHours,
    ).toBe(24);
    // An approved version cannot be edited.
    const refused = await admin.post(
      `/policy/versions/${draftId}/settings`,
      { responseDeadlineHours: '12' },
      { tokenFrom: '/policy' },
    );
    expect(refused.statusCode).toBe(404);
    const events = await t.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('entity_id', '=', draftId)
      .execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'policy.draft-started',
        'policy.settings-changed',
        'policy.clause-changed',
        'policy.approved',
      ]),
    );
  });

  it('POL-1: a trust approves once; a school that follows it gets its settings, and a school policy may not go below the trust’s minimum operators', async () => {
    const trustOwner = { trustId: world.trustA, schoolId: null };
    const actor = { id: world.people['trustadmin-a']!.id, label: 'Trust admin' };
    const trustDraft = await startFromModel(t.database.db, t.clock.now(), trustOwner, actor);
    await t.database.db
      .updateTable('policy_version')
      .set({
        settings: JSON.stringify({
          ...(
            await t.database.db
              .selectFrom('policy_version')
              .select('settings')
              .where('id', '=', trustDraft)
              .executeTakeFirstOrThrow()
          ).settings,
          minimumOperators: 3,
          takedownTargetHours: 12,
        }),
      })
      .where('id', '=', trustDraft)
      .execute();
    await approveVersion(t.database.db, t.clock.now(), trustOwner, actor, trustDraft, {
      body: 'Trust board',
      approvedDay: '18',
      approvedMonth: '11',
      approvedYear: '2026',
      effectiveDay: '18',
      effectiveMonth: '11',
      effectiveYear: '2026',
      consultation: '',
      changeSummary: '',
    });
    const a2 = await settingsFor(t.database.db, { trustId: world.trustA, schoolId: world.schoolA2 }, t.clock.now());
    expect(a2).toMatchObject({ minimumOperators: 3, takedownTargetHours: 12 });
    // Trust B is untouched.
    expect(
      (await settingsFor(t.database.db, { trustId: world.trustB, schoolId: world.schoolB1 }, t.clock.now()))
        .minimumOperators,
    ).toBe(2);
    // School A1 starts a new draft of its own policy and tries 2 operators: below the trust's 3.
    const started = await admin.post('/policy/start', {}, { tokenFrom: '/policy' });
    const newDraft = started.headers.location!.split('/').pop()!;
    const refused = await admin.post(
      `/policy/versions/${newDraft}/settings`,
      { minimumOperators: '2' },
      { tokenFrom: `/policy/versions/${newDraft}/settings` },
    );
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body).join(' ')).toMatch(/trust requires at least 3/);
  });
});
