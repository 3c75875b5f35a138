import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary } from '../../support/agent.ts';
import { changedTables, pageText, snapshot } from '../directory/helpers.ts';
import { approveVersion, saveSettings, startFromModel } from '../../../src/modules/policies/versions/service.ts';
import { approval } from '../posts/support.ts';
import { concern, expectRedirect, report, seedCaseWorld, type CaseWorld } from './support.ts';

describe('working a case: assessment, actions with clocks, outcomes, closing (INC-3..6, INC-8, INC-9)', () => {
  let t: TestApp;
  let world: CaseWorld;

  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '1440' } });
    world = await seedCaseWorld(t);
    const actor = { id: world.people['trustadmin-a']!.id, label: 'trustadmin' };
    const trust = { trustId: world.trustA, schoolId: null };
    const version = await startFromModel(t.database.db, t.clock.now(), trust, actor);
    expect(
      await saveSettings(t.database.db, t.clock.now(), trust, actor, version, {
        operatorTrainingRequired: 'no',
        takedownTargetHours: '24',
      }),
    ).toBe('saved');
    expect(await approveVersion(t.database.db, t.clock.now(), trust, actor, version, approval())).toBe('approved');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    t.clock.set('2026-11-18T10:00:00Z');
  });

  const actionsOf = (caseId: string) =>
    t.database.db.selectFrom('case_action').selectAll().where('case_id', '=', caseId).orderBy('due_at').execute();

  it('INC-3, INC-5, INC-6, POL-3: cyberbullying of staff, from report to closed: assessment sets the level and why, takedown within 24 hours, check, escalation, police with consent, support, outcomes, and an early policy review', async () => {
    const slt = world.agents.slt;
    const { caseId, reference } = await report(
      t,
      world.agents.teacher,
      concern('staff-cyberbullying', { where: 'https://social.example/p/9' }),
    );
    const actions = await actionsOf(caseId!);
    expect(actions.map((a) => [a.kind, new Date(a.due_at).toISOString(), a.clock])).toEqual([
      ['takedown-request', '2026-11-19T10:00:00.000Z', 'calendar-hours'],
      ['triage', '2026-11-19T17:00:00.000Z', 'working-days'],
      ['support-offer', '2026-11-20T17:00:00.000Z', 'working-days'],
    ]);
    // The receiver opens it: the clocks are at the top.
    const page = await slt.get(`/cases/${caseId}`);
    expect(page.statusCode).toBe(200);
    const text = pageText(page.body);
    expect(text.indexOf('Clocks')).toBeLessThan(text.indexOf('The concern'));
    expect(text).toContain('24 hours left Ask the site to take the content down');
    expect(
      await t.database.db
        .selectFrom('concern_case')
        .select('status')
        .where('id', '=', caseId!)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'open' });

    const badAssess = await slt.post(`/cases/${caseId}/assess`, { summary: '', nature: '4' });
    expect(badAssess.statusCode).toBe(400);
    expect(errorSummary(badAssess.body)).toEqual([
      'Write your initial assessment',
      'Answer “What is the content?”',
      'Answer “How long was it visible?”',
      'Answer “How likely is it to be shared on by others?”',
      'Answer “What is the impact on the people involved or the school?”',
      'Select whether the material may be unlawful',
    ]);
    expectRedirect(
      await slt.post(`/cases/${caseId}/assess`, {
        summary: 'Threatening post about Ms T; still up.',
        nature: '3',
        natureNote: 'Threatens violence',
        visibility: '3',
        recirculation: '2',
        impact: '3',
        unlawful: 'no',
      }),
      `/cases/${caseId}`,
    );
    const assessed = await t.database.db
      .selectFrom('concern_case')
      .select(['level', 'level_reason', 'significant'])
      .where('id', '=', caseId!)
      .executeTakeFirstOrThrow();
    expect(assessed).toEqual({
      level: 'serious',
      level_reason: 'Serious: the four scales add up to 11 out of 12.',
      significant: true,
    });
    expect(pageText((await slt.get(`/cases/${caseId}`)).body)).toContain(
      'Serious. Serious: the four scales add up to 11 out of 12.',
    );

    // The generated takedown request can be copied.
    const takedown = (await actionsOf(caseId!)).find((a) => a.kind === 'takedown-request')!;
    const requestPage = pageText((await slt.get(`/cases/${caseId}/actions/${takedown.id}?rule=threats`)).body);
    expect(requestPage).toContain('on behalf of Alder Primary');
    expect(requestPage).toContain('rules against threats of violence');
    expect(requestPage).toContain('https://social.example/p/9');
    expect(errorSummary((await slt.post(`/cases/${caseId}/actions/${takedown.id}`, { result: '' })).body)).toEqual([
      'Say where the request was sent (the site’s report form or address)',
    ]);
    expectRedirect(
      await slt.post(`/cases/${caseId}/actions/${takedown.id}`, { sentTo: 'The site’s report form', result: '' }),
      `/cases/${caseId}`,
    );
    // Sent: a removal check opens itself, two working days later; not removed → ISP and helpline.
    const check = (await actionsOf(caseId!)).find((a) => a.kind === 'removal-check')!;
    expect(new Date(check.due_at).toISOString()).toBe('2026-11-20T17:00:00.000Z');
    expectRedirect(
      await slt.post(`/cases/${caseId}/actions/${check.id}`, { removed: 'no', result: 'Still visible' }),
      `/cases/${caseId}`,
    );
    expect(
      (await actionsOf(caseId!))
        .filter((a) => a.status === 'open')
        .map((a) => a.kind)
        .sort(),
    ).toEqual(['escalate-helpline', 'escalate-isp', 'support-offer']);

    // The police: threatening but not unlawful needs the staff member's consent.
    const refused = await slt.post(`/cases/${caseId}/actions/new`, {
      kind: 'police-report',
      ownerId: world.people['slt-a1']!.id,
      consent: 'refused',
    });
    expect(errorSummary(refused.body)).toEqual([
      'The member of staff has not agreed to a police report. Without their consent, only conduct that may be unlawful is reported',
    ]);
    expectRedirect(
      await slt.post(`/cases/${caseId}/actions/new`, {
        kind: 'police-report',
        ownerId: world.people['slt-a1']!.id,
        consent: 'given',
      }),
      `/cases/${caseId}`,
    );
    const police = (await actionsOf(caseId!)).find((a) => a.kind === 'police-report')!;
    expectRedirect(
      await slt.post(`/cases/${caseId}/actions/${police.id}`, { result: 'Crime reference 44/1234' }),
      `/cases/${caseId}`,
    );
    const support = (await actionsOf(caseId!)).find((a) => a.kind === 'support-offer')!;
    expect(errorSummary((await slt.post(`/cases/${caseId}/actions/${support.id}`, { response: '' })).body)).toEqual([
      'Record what the member of staff said about the support offered',
    ]);
    expectRedirect(
      await slt.post(`/cases/${caseId}/actions/${support.id}`, {
        response: 'Accepted counselling through the employee assistance line',
      }),
      `/cases/${caseId}`,
    );

    // Closing with open actions is refused, and nothing changes.
    await slt.post(`/cases/${caseId}/outcomes/new`, {
      kind: 'remove-content',
      'check-day': '1',
      'check-month': '12',
      'check-year': '2026',
      note: 'Parent told to delete the post',
    });
    const before = await snapshot(t);
    const early = await slt.post(`/cases/${caseId}/close`, { note: '' });
    expect(early.statusCode).toBe(400);
    expect(errorSummary(early.body)).toEqual([
      'This case has 3 actions still open. Finish each action before closing the case',
    ]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    for (const a of (await actionsOf(caseId!)).filter((x) => x.status === 'open')) {
      expectRedirect(
        await slt.post(`/cases/${caseId}/actions/${a.id}`, { removed: 'yes', result: 'Done' }),
        `/cases/${caseId}`,
      );
    }
    expectRedirect(
      await slt.post(`/cases/${caseId}/outcomes/new`, { kind: 'disciplinary', note: '' }),
      `/cases/${caseId}`,
    );
    expectRedirect(
      await slt.post(`/cases/${caseId}/close`, { note: 'Content removed; support in place.' }),
      `/cases/${caseId}`,
    );
    // Closing a significant case opens an early review that names the case by its reference only.
    const review = await t.database.db
      .selectFrom('policy_review')
      .select(['reason', 'detail'])
      .where('closed_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(review).toEqual({ reason: 'significant-incident', detail: `Case ${reference}` });
    // The review page links back to the case by its reference, and the link finds it for those who may see it.
    expect((await world.agents.head.get('/policy/review')).body).toContain(
      `<a class="govuk-link" href="/cases?ref=${reference}">Case ${reference}</a>`,
    );
    expect(pageText((await slt.get(`/cases?ref=${reference}`)).body)).toContain('1 case');
    const outcomes = await t.database.db
      .selectFrom('case_outcome')
      .select(['kind', 'check_on'])
      .where('case_id', '=', caseId!)
      .orderBy('kind')
      .execute();
    expect(outcomes).toEqual([
      { kind: 'disciplinary', check_on: null },
      { kind: 'remove-content', check_on: '2026-12-01' },
    ]);
  });

  it('INC-4: an allegation about an adult: the disclosure in the discloser’s words, the LADO referral due within one working day, and no outcome before the LADO’s advice', async () => {
    const head = world.agents.head;
    const { caseId } = await report(
      t,
      world.agents.teacher,
      concern('allegation-adult', {
        'involved-0': 'hr Tester',
        disclosure: 'He said Mr T sent him a message on Snapchat.',
      }),
    );
    const lado = (await actionsOf(caseId!)).find((a) => a.kind === 'lado-referral')!;
    expect(new Date(lado.due_at).toISOString()).toBe('2026-11-19T17:00:00.000Z');
    const page = pageText((await head.get(`/cases/${caseId}`)).body);
    expect(page).toContain('In the discloser’s words He said Mr T sent him a message on Snapchat.');
    expect(page).toContain('No outcome can be recorded until the LADO’s advice is recorded');
    const before = await snapshot(t);
    const refused = await head.post(`/cases/${caseId}/outcomes/new`, { kind: 'no-further-action', note: '' });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual([
      'Record the LADO’s advice first. No outcome can be recorded on an allegation about an adult until the LADO has advised, including on suspension',
    ]);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    expect(
      errorSummary(
        (await head.post(`/cases/${caseId}/lado-advice`, { advice: 'Investigate internally', suspension: '' })).body,
      ),
    ).toEqual(['Record what the LADO advised about suspension, even if it was not needed']);
    expectRedirect(
      await head.post(`/cases/${caseId}/actions/${lado.id}`, { result: 'Phoned the LADO at 11:00, spoke to J. Smith' }),
      `/cases/${caseId}`,
    );
    expectRedirect(
      await head.post(`/cases/${caseId}/lado-advice`, {
        advice: 'Investigate internally under the disciplinary procedure',
        suspension: 'Suspension is not needed',
      }),
      `/cases/${caseId}`,
    );
    expectRedirect(
      await head.post(`/cases/${caseId}/outcomes/new`, { kind: 'disciplinary', note: '' }),
      `/cases/${caseId}`,
    );
    // The person it is about never sees it.
    expect((await world.agents.hr.get(`/cases/${caseId}`)).statusCode).toBe(404);
  });

  it('INC-9: personal data posted: a possible breach with a 72-hour clock in calendar hours, and the decision recorded with its reason', async () => {
    t.clock.set('2026-11-19T09:00:00Z'); // a Thursday morning: the clock runs into the weekend
    const teacher = world.agents.teacher;
    const head = world.agents.head;
    const { caseId, response } = await report(t, teacher, concern('personal-data-posted'));
    expectRedirect(response, '/concerns/sent');
    const breach = (await actionsOf(caseId!)).find((a) => a.kind === 'breach-decision')!;
    expect(new Date(breach.due_at).toISOString()).toBe('2026-11-22T09:00:00.000Z');
    expect(breach.clock).toBe('calendar-hours');
    expect(pageText((await head.get(`/cases/${caseId}`)).body)).toContain(
      'decide whether to tell the ICO by 22 November 2026 at 9:00am',
    );
    expect(
      errorSummary((await head.post(`/cases/${caseId}/breach/decision`, { decision: 'not-report', reason: '' })).body),
    ).toEqual(['Give the reason for the decision']);
    expectRedirect(
      await head.post(`/cases/${caseId}/breach/decision`, {
        decision: 'not-report',
        reason: 'Removed within the hour; one first name only; no risk to rights',
      }),
      `/cases/${caseId}`,
    );
    expect(
      await t.database.db
        .selectFrom('concern_case')
        .select(['breach_decision', 'breach_reason'])
        .where('id', '=', caseId!)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      breach_decision: 'not-report',
      breach_reason: 'Removed within the hour; one first name only; no risk to rights',
    });
    // Any other case can be marked later; the clock counts from when the school became aware.
    const other = await report(t, teacher, concern('official-post-mistake'));
    expectRedirect(
      await head.post(`/cases/${other.caseId}/breach`, {
        'aware-day': '17',
        'aware-month': '11',
        'aware-year': '2026',
        time: '09:30',
      }),
      `/cases/${other.caseId}`,
    );
    const marked = (await actionsOf(other.caseId!)).find((a) => a.kind === 'breach-decision')!;
    expect(new Date(marked.due_at).toISOString()).toBe('2026-11-20T09:30:00.000Z');
    t.clock.set('2026-11-18T10:00:00Z');
  });

  it('INC-8: the chronology can only be added to: the database refuses to update or delete a row, and evidence while the case is open', async () => {
    const { caseId } = await report(
      t,
      world.agents.teacher,
      concern('journalist-contact', { where: 'https://news.example/ask' }),
    );
    const row = await t.database.db
      .selectFrom('case_event')
      .select('id')
      .where('case_id', '=', caseId!)
      .limit(1)
      .executeTakeFirstOrThrow();
    await expect(
      sql`UPDATE case_event SET text = 'changed' WHERE id = ${row.id}`.execute(t.database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM case_event WHERE case_id = ${caseId}`.execute(t.database.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM case_evidence WHERE case_id = ${caseId}`.execute(t.database.db)).rejects.toThrow(
      /while its case is open/,
    );
    await expect(
      sql`UPDATE case_evidence SET url = 'https://elsewhere.example' WHERE case_id = ${caseId}`.execute(t.database.db),
    ).rejects.toThrow(/kept as it was added/);
    // A note through the page is added, not edited in.
    const head = world.agents.head;
    expectRedirect(
      await head.post(`/cases/${caseId}/notes`, { note: 'Rang the journalist back: no comment given.' }),
      `/cases/${caseId}#chronology`,
    );
    expect(pageText((await head.get(`/cases/${caseId}`)).body)).toContain(
      'Rang the journalist back: no comment given.',
    );
  });

  it('INC-3: a due date in the past is refused with a clear message, and nothing is added', async () => {
    const { caseId } = await report(t, world.agents.teacher, concern('staff-misuse'));
    const before = await snapshot(t);
    const response = await world.agents.head.post(`/cases/${caseId}/actions/new`, {
      kind: 'other',
      title: 'Speak to the member of staff',
      ownerId: world.people['head-a1']!.id,
      'due-day': '1',
      'due-month': '11',
      'due-year': '2026',
    });
    expect(response.statusCode).toBe(400);
    expect(errorSummary(response.body)).toEqual(['The due date must be in the future']);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });
  // Last: it moves the clock a day on, which ends the other sessions.
  it('INC-3: reminders before and alerts when overdue come from the durable job table, once each, and not for done actions', async () => {
    const { caseId, reference } = await report(t, world.agents.teacher, concern('pupil-friend-request'));
    const triage = (await actionsOf(caseId!))[0]!;
    expect(new Date(triage.due_at).toISOString()).toBe('2026-11-19T17:00:00.000Z');
    const jobs = await t.database.db
      .selectFrom('job')
      .select(['run_at', 'dedupe_key'])
      .where('dedupe_key', 'like', `case-action:${triage.id}:%`)
      .orderBy('run_at')
      .execute();
    expect(jobs.map((j) => [j.dedupe_key, new Date(j.run_at).toISOString()])).toEqual([
      [`case-action:${triage.id}:reminder`, '2026-11-19T09:15:00.000Z'],
      [`case-action:${triage.id}:overdue`, '2026-11-19T17:00:00.000Z'],
    ]);
    const mailTo = async () =>
      (
        await t.database.db
          .selectFrom('mail_message')
          .select('subject')
          .where('to_address', '=', world.people['head-a1']!.email)
          .where('subject', 'like', `%${reference}%`)
          .execute()
      ).map((m) => m.subject);
    expect(pageText((await world.agents.head.get('/')).body)).toContain(`New concern ${reference} reported to you`);
    t.clock.set('2026-11-19T09:20:00Z');
    await t.drainJobs();
    expect((await mailTo()).filter((s) => s.startsWith('Due '))).toHaveLength(1);
    t.clock.set('2026-11-19T17:01:00Z');
    await t.drainJobs();
    await t.drainJobs();
    expect((await mailTo()).filter((s) => s.startsWith('Overdue'))).toHaveLength(1);
    const chronology = await t.database.db
      .selectFrom('case_event')
      .select('kind')
      .where('case_id', '=', caseId!)
      .execute();
    expect(chronology.map((e) => e.kind)).toEqual(expect.arrayContaining(['action.reminder', 'action.overdue']));
    t.clock.set('2026-11-18T10:00:00Z');
  });
});
