import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary } from '../../support/agent.ts';
import { approveVersion, saveSettings, startFromModel } from '../../../src/modules/policies/versions/service.ts';
import { closeCase } from '../../../src/modules/incidents/outcomes/service.ts';
import { approval } from '../posts/support.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import { randomUUID } from 'node:crypto';
import { concern, expectRedirect, report, reportWithFiles, seedCaseWorld, type CaseWorld } from './support.ts';

describe('gaps closed after the first cases module (INC-7, INC-4, POL-3, INC-1, INC-8)', () => {
  let t: TestApp;
  let world: CaseWorld;

  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_IDLE_MINUTES: '1440' } });
    world = await seedCaseWorld(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const views = async (caseId: string) =>
    await t.database.db
      .selectFrom('case_event')
      .select(['actor_label', 'text', 'detail'])
      .where('case_id', '=', caseId)
      .where('kind', '=', 'case.viewed')
      .orderBy('id')
      .execute();

  it('INC-7: every page under a restricted case that the DSL opens (the case, each form, an action, evidence files) adds exactly one entry to its chronology, saying which page', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const sent = await reportWithFiles(
      t,
      world.agents.teacher,
      concern('child-safeguarding', { description: 'A pupil shared a worrying image.' }),
      [{ filename: 'shot.png', content: png, type: 'image/png' }],
    );
    expect(sent.statusCode).toBe(302);
    const c = await t.database.db
      .selectFrom('concern_case')
      .select('id')
      .where('restricted', '=', true)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const [evidence, action] = await Promise.all([
      t.database.db
        .selectFrom('case_evidence')
        .select('id')
        .where('case_id', '=', c.id)
        .where('kind', '=', 'file')
        .executeTakeFirstOrThrow(),
      t.database.db.selectFrom('case_action').select('id').where('case_id', '=', c.id).executeTakeFirstOrThrow(),
    ]);
    const gets = [...t.app.routeAccess.keys()]
      .map((k) => k.split(' ') as [string, string])
      .filter(([method, url]) => method === 'GET' && url.startsWith('/cases/:id'));
    expect(gets.length).toBeGreaterThanOrEqual(10);
    for (const [, route] of gets) {
      const before = (await views(c.id)).length;
      const url = route.replace(':id', c.id).replace(':actionId', action.id).replace(':evidenceId', evidence.id);
      const response = await world.agents.dsl.get(url);
      expect(response.statusCode, `${route}: ${response.body.slice(0, 200)}`).toBe(200);
      const after = await views(c.id);
      expect(after.length, route).toBe(before + 1);
      expect(after.at(-1)!.actor_label).toBe('dsl Tester');
      expect(after.at(-1)!.text, route).not.toMatch(/^the page \//);
    }
    // A form sent back is recorded by what it changes, not as an opening.
    const before = (await views(c.id)).length;
    expect((await world.agents.dsl.post(`/cases/${c.id}/assess`, { summary: '' })).statusCode).toBe(400);
    expect((await views(c.id)).length).toBe(before);
    // An ordinary case's pages add nothing.
    const { caseId } = await report(t, world.agents.teacher, concern('journalist-contact'));
    await world.agents.head.get(`/cases/${caseId}/assess`);
    expect(await views(caseId!)).toEqual([]);
  }, 120_000);

  const assessment = (unlawful: string) => ({
    summary: 'Posts about a teacher, one saying where she lives.',
    nature: '3',
    visibility: '2',
    recirculation: '2',
    impact: '2',
    unlawful,
  });
  const actionsOf = (caseId: string) =>
    t.database.db.selectFrom('case_action').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();

  it('INC-4: an assessment that records the material may be unlawful opens a police report at once, with its clock, and it is done without asking for consent', async () => {
    t.clock.set('2026-11-18T10:00:00Z');
    const slt = world.agents.slt;
    const { caseId } = await report(t, world.agents.teacher, concern('abuse-received'));
    expect((await actionsOf(caseId!)).some((a) => a.kind === 'police-report')).toBe(false);
    expectRedirect(await slt.post(`/cases/${caseId}/assess`, assessment('yes')), `/cases/${caseId}`);
    const police = (await actionsOf(caseId!)).filter((a) => a.kind === 'police-report');
    expect(police.map((a) => [a.status, new Date(a.due_at).toISOString(), a.clock, a.owner_id])).toEqual([
      ['open', '2026-11-19T17:00:00.000Z', 'working-days', world.people['both-a']!.id],
    ]);
    expect(police[0]!.detail).toMatchObject({ unlawful: true });
    const jobs = await t.database.db
      .selectFrom('job')
      .select('dedupe_key')
      .where('dedupe_key', 'like', `case-action:${police[0]!.id}:%`)
      .execute();
    expect(jobs.map((j) => j.dedupe_key).sort()).toEqual([
      `case-action:${police[0]!.id}:overdue`,
      `case-action:${police[0]!.id}:reminder`,
    ]);
    // A second assessment does not open a second police report.
    expectRedirect(await slt.post(`/cases/${caseId}/assess`, assessment('yes')), `/cases/${caseId}`);
    expect((await actionsOf(caseId!)).filter((a) => a.kind === 'police-report')).toHaveLength(1);
    // Done with the reference alone: nobody's consent is asked for.
    const page = await slt.get(`/cases/${caseId}/actions/${police[0]!.id}`);
    expect(page.body).not.toContain('name="consent"');
    expectRedirect(
      await slt.post(`/cases/${caseId}/actions/${police[0]!.id}`, { result: 'Crime reference 55/678' }),
      `/cases/${caseId}`,
    );
    expect((await actionsOf(caseId!)).find((a) => a.kind === 'police-report')!.status).toBe('done');
  });

  it('INC-4: threatening but lawful material: a police report cannot be added until the member of staff’s consent is recorded, and nothing is written when it is refused', async () => {
    t.clock.set('2026-11-18T10:00:00Z');
    const slt = world.agents.slt;
    const { caseId } = await report(t, world.agents.teacher, concern('staff-cyberbullying'));
    expectRedirect(await slt.post(`/cases/${caseId}/assess`, assessment('no')), `/cases/${caseId}`);
    expect((await actionsOf(caseId!)).some((a) => a.kind === 'police-report')).toBe(false);
    const form = { kind: 'police-report', ownerId: world.people['slt-a1']!.id };
    const before = await snapshot(t);
    for (const consent of ['', 'not-asked', 'refused']) {
      const response = await slt.post(`/cases/${caseId}/actions/new`, { ...form, consent });
      expect(response.statusCode).toBe(400);
      expect(errorSummary(response.body)[0]).toMatch(
        /^(Record whether the member of staff agrees|The member of staff has not agreed)/,
      );
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    expectRedirect(await slt.post(`/cases/${caseId}/actions/new`, { ...form, consent: 'given' }), `/cases/${caseId}`);
    const police = (await actionsOf(caseId!)).find((a) => a.kind === 'police-report')!;
    expect(police.detail).toMatchObject({ unlawful: false, consent: 'given' });
  });

  it('POL-3: closing a significant case proposes the early policy review in the same transaction: inside a caller’s transaction both happen, and when that transaction fails neither does', async () => {
    const db = t.database.db;
    const admin = { id: world.people['trustadmin-a']!.id, label: 'trustadmin' };
    const trust = { trustId: world.trustA, schoolId: null };
    const version = await startFromModel(db, t.clock.now(), trust, admin);
    expect(
      await saveSettings(db, t.clock.now(), trust, admin, version, {
        operatorTrainingRequired: 'no',
        takedownTargetHours: '24',
      }),
    ).toBe('saved');
    expect(await approveVersion(db, t.clock.now(), trust, admin, version, approval())).toBe('approved');
    const slt = world.agents.slt;
    const { caseId, reference } = await report(t, world.agents.teacher, concern('journalist-contact'));
    expectRedirect(
      await slt.post(`/cases/${caseId}/assess`, { ...assessment('no'), significant: 'yes' }),
      `/cases/${caseId}`,
    );
    expectRedirect(
      await slt.post(`/cases/${caseId}/outcomes/new`, { kind: 'no-further-action', note: '' }),
      `/cases/${caseId}`,
    );
    const school = { trustId: world.trustA, schoolId: world.schoolA1 };
    const viewer = { id: world.people['slt-a1']!.id, seesSchoolCases: true, dslTeam: false, head: false, chair: false };
    const actor = { id: world.people['slt-a1']!.id, label: 'slt Tester' };
    const reviews = () =>
      db.selectFrom('policy_review').select('id').where('detail', '=', `Case ${reference}`).execute();
    const state = async () => ({
      status: (await db.selectFrom('concern_case').select('status').where('id', '=', caseId!).executeTakeFirstOrThrow())
        .status,
      reviews: (await reviews()).length,
      events: (
        await db
          .selectFrom('case_event')
          .select('kind')
          .where('case_id', '=', caseId!)
          .where('kind', 'in', ['case.closed', 'case.review-proposed'])
          .execute()
      ).length,
    });
    // The caller's transaction fails after the close: the case stays open and no review is left behind.
    let inside: unknown;
    await expect(
      db.transaction().execute(async (trx) => {
        inside = await closeCase(trx, t.clock.now(), school, viewer, actor, caseId!, { note: 'Dealt with' });
        throw new Error('the caller failed afterwards');
      }),
    ).rejects.toThrow('the caller failed afterwards');
    expect(inside).toEqual({ result: 'closed', review: 'opened' });
    expect(await state()).toEqual({ status: 'open', reviews: 0, events: 0 });
    // Through the page: both are written together.
    const closed = await slt.post(`/cases/${caseId}/close`, { note: 'Dealt with' });
    expectRedirect(closed, `/cases/${caseId}`);
    expect(await state()).toEqual({ status: 'closed', reviews: 1, events: 2 });
  });

  it('INC-1: answering yes to “Is someone at risk of harm right now?” puts what to do at once (999, the DSL in person) before anything else, on the confirmation and on a form sent back with a mistake', async () => {
    const teacher = world.agents.teacher;
    const form = (await teacher.get('/concerns/new')).body;
    const main = (html: string) => html.slice(html.indexOf('<main'));
    // The question is the form's first, and its hint already says what to do at once.
    expect(pageText(main(form)).indexOf('Is someone at risk of harm right now?')).toBeLessThan(
      pageText(main(form)).indexOf('What is it about?'),
    );
    expect(pageText(main(form))).toMatch(/call 999 .*tell the designated safeguarding lead in person/);

    const { response } = await report(t, teacher, concern('staff-cyberbullying', { atRisk: 'yes' }));
    expectRedirect(response, '/concerns/sent');
    const sent = main((await teacher.get('/concerns/sent')).body);
    const banner = sent.indexOf('govuk-notification-banner');
    expect(banner).toBeGreaterThan(-1);
    expect(banner).toBeLessThan(sent.indexOf('<h1'));
    expect(banner).toBeLessThan(sent.indexOf('govuk-panel'));
    const first = pageText(sent.slice(banner, sent.indexOf('<h1')));
    expect(first).toContain('Call 999 now if anyone is in immediate danger.');
    expect(first).toContain('tell the designated safeguarding lead in person');

    const again = await teacher.post('/concerns/new', {
      ...concern('staff-cyberbullying', { atRisk: 'yes' }),
      description: '',
    });
    expect(again.statusCode).toBe(400);
    const back = main(again.body);
    expect(back.indexOf('govuk-notification-banner')).toBeGreaterThan(-1);
    expect(back.indexOf('govuk-notification-banner')).toBeLessThan(back.indexOf('There is a problem'));
    expect(pageText(back)).toContain('Your report has not been sent yet');

    // Not at risk: no banner, the panel comes first.
    await report(t, teacher, concern('journalist-contact'));
    const calm = main((await teacher.get('/concerns/sent')).body);
    expect(calm).not.toContain('govuk-notification-banner');
    expect(pageText(calm)).not.toContain('Call 999');
  });

  it('INC-8: a trust role with cases.trust.view finds an ordinary case in the trust view and follows it, read-only, in any of the trust’s schools; restricted cases and other trusts’ cases answer exactly like a made-up id (404)', async () => {
    const inTrustView = async (key: string) => {
      const agent = await signedIn(t, world, key, '/switch');
      await agent.post('/switch', { school: 'trust' });
      await agent.get('/trust');
      return agent;
    };
    const trustA = await inTrustView('trustadmin-a');
    const trustB = await inTrustView('trustadmin-b');
    const a1 = await report(
      t,
      world.agents.teacher,
      concern('journalist-contact', { description: 'Kestrel-Ash: a reporter rang about the trip.' }),
    );
    const a2 = await report(
      t,
      await signedIn(t, world, 'admin-a2'),
      concern('journalist-contact', { description: 'Kestrel-Birch: a reporter emailed the office.' }),
    );
    const restricted = await report(
      t,
      world.agents.teacher,
      concern('child-safeguarding', { description: 'Kestrel-Cedar: a worrying message.' }),
    );
    const otherTrust = await report(
      t,
      await signedIn(t, world, 'head-b1'),
      concern('journalist-contact', { description: 'Kestrel-Dogwood: a reporter rang.' }),
    );
    const list = (await trustA.get('/trust/cases')).body;
    expect(list).toContain(`href="/trust/cases/${a1.caseId}"`);
    expect(list).not.toContain(restricted.caseId!);

    const before = await snapshot(t);
    for (const { caseId, reference, words } of [
      { ...a1, words: 'Kestrel-Ash' },
      { ...a2, words: 'Kestrel-Birch' },
    ]) {
      const page = await trustA.get(`/trust/cases/${caseId}`);
      expect(page.statusCode).toBe(200);
      const text = pageText(page.body);
      expect(text).toContain(`Case ${reference}`);
      expect(text).toContain(words);
      // Read-only: no forms, no buttons to act, no links into the school's own case pages.
      expect(page.body).not.toContain('method="post"');
      expect(text).not.toContain('Record the assessment');
      expect(text).not.toContain('Add evidence');
      expect(page.body).not.toContain(`href="/cases/${caseId}`);
    }
    const madeUp = await trustA.get(`/trust/cases/${randomUUID()}`);
    expect(madeUp.statusCode).toBe(404);
    const stable = (body: string) => body.replace(/name="_csrf" value="[^"]*"/g, '').replace(/nonce="[^"]*"/g, '');
    for (const [agent, caseId] of [
      [trustA, restricted.caseId!],
      [trustA, otherTrust.caseId!],
      [trustB, a1.caseId!],
    ] as const) {
      const answer = await agent.get(`/trust/cases/${caseId}`);
      expect(answer.statusCode).toBe(404);
      expect(stable(answer.body)).toBe(stable((await agent.get(`/trust/cases/${randomUUID()}`)).body));
      expect(answer.body).not.toContain('Kestrel');
    }
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('Issue 9 speed: an open case’s page reads the case and everything it shows in two queries of the case tables, where it took eight, and no separate queries for names (the embedded database runs one query at a time)', async () => {
    const pglite = t.database.pglite;
    if (!pglite) return; // counts the embedded database's round trips; PostgreSQL runs them in parallel anyway
    const { caseId } = await report(
      t,
      world.agents.teacher,
      concern('staff-cyberbullying', { where: 'https://social.example/p/42' }),
    );
    const slt = world.agents.slt;
    expectRedirect(await slt.post(`/cases/${caseId}/assess`, assessment('no')), `/cases/${caseId}`);
    await slt.get(`/cases/${caseId}`);
    const seen: string[] = [];
    const query = pglite.query.bind(pglite);
    pglite.query = ((text: string, ...rest: unknown[]) => {
      seen.push(text);
      return (query as (...a: unknown[]) => unknown)(text, ...rest);
    }) as typeof pglite.query;
    try {
      const page = await slt.get(`/cases/${caseId}`);
      expect(page.statusCode).toBe(200);
      // Still shows what the separate queries showed.
      const text = pageText(page.body);
      for (const words of [
        'Clocks',
        'https://social.example/p/42',
        'Posts about a teacher, one saying where she lives.',
        'Ask the site to take the content down',
        'Assessment recorded',
        'teacher Tester',
      ])
        expect(text).toContain(words);
    } finally {
      pglite.query = query;
    }
    expect(seen.filter((q) => /\b(concern_case|case_\w+)\b/.test(q))).toHaveLength(2);
  });
});
