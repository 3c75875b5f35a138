import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary } from '../../support/agent.ts';
import { changedTables, pageText, snapshot } from '../directory/helpers.ts';
import { draftForm, idFrom, seedPostingWorld, type PostingWorld } from './support.ts';

const ALL_CHECKS = ['dressed', 'not-ridiculed', 'appropriate', 'not-controversial'];
const MASCOT = 'Marnie the Mole, our reading mascot, visited the library today and heard everyone read.';
const REASON = 'Marnie the Mole is the knitted library mascot, not the pupil, and the post has no photos';

describe('a finding that blocks until the approver confirms it (issue 16)', () => {
  let t: TestApp;
  let w: PostingWorld;
  const db = () => t.database.db;
  beforeAll(async () => {
    t = await startTestApp();
    w = await seedPostingWorld(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  async function submitted(text: string, agent = w.agents.teacher): Promise<string> {
    const created = await agent.post('/posts/new', draftForm(w.accountId, text));
    expect(created.statusCode, errorSummary(created.body).join()).toBe(302);
    const id = idFrom(created.headers.location);
    const sent = await agent.post(`/posts/${id}/submit`, {});
    expect(sent.statusCode, errorSummary(sent.body).join()).toBe(302);
    return id;
  }
  const findingsOf = async (id: string) =>
    (await db().selectFrom('post').select('findings').where('id', '=', id).executeTakeFirstOrThrow()).findings as {
      key: string;
      severity: string;
      rule: string;
      confirm?: string;
    }[];

  it('Issue 16: a never-publish first name (a mascot here) does not stop the author sending the post, and says the approver must confirm it', async () => {
    const id = await submitted(MASCOT);
    const findings = await findingsOf(id);
    expect(findings.map((f) => [f.rule, f.severity, f.confirm])).toEqual([
      ['never-publish', 'confirm', 'This is not the pupil on the never-publish list.'],
    ]);
    const page = pageText((await w.agents.teacher.get(`/posts/${id}`)).body);
    expect(page).toContain('1 point for the approver to confirm');
    expect(page).toContain('Approver must confirm');
    const decision = pageText((await w.agents.head.get(`/posts/${id}/decision`)).body);
    expect(decision).toContain('This is not the pupil on the never-publish list.');
    expect(decision).toContain('How do you know?');
  });

  it('Issue 16: the approver cannot approve without confirming it and giving a reason; nothing is written', async () => {
    const id = await submitted(MASCOT);
    const [f] = await findingsOf(id);
    const before = await snapshot(t);
    const none = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: 'approve',
      checks: ALL_CHECKS,
      comment: '',
    });
    expect(none.statusCode).toBe(400);
    expect(errorSummary(none.body)).toEqual([
      'Point to confirm 1: confirm it, or ask for changes',
      'Point to confirm 1: say how you know (at least 10 characters)',
    ]);
    const reasonOnly = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: 'approve',
      checks: ALL_CHECKS,
      comment: '',
      [`override-${f!.key}`]: REASON,
    });
    expect(errorSummary(reasonOnly.body)).toEqual(['Point to confirm 1: confirm it, or ask for changes']);
    const tickOnly = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: 'approve',
      checks: ALL_CHECKS,
      comment: '',
      [`confirm-${f!.key}`]: 'yes',
      [`override-${f!.key}`]: 'mascot',
    });
    expect(errorSummary(tickOnly.body)).toEqual(['Point to confirm 1: say how you know (at least 10 characters)']);
    expect(changedTables(before, await snapshot(t)).filter((x) => x !== 'post')).toEqual([]);
    expect((await db().selectFrom('post').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe(
      'submitted',
    );
  });

  it('Issue 16: the author cannot confirm it themselves, even when they are a nominated approver', async () => {
    const nominee = w.people['dsl-a1']!.id;
    const version = await db()
      .selectFrom('policy_version')
      .select(['id', 'settings'])
      .where('trust_id', '=', w.trustA)
      .executeTakeFirstOrThrow();
    await db()
      .updateTable('policy_version')
      .set({ settings: JSON.stringify({ ...(version.settings as object), postApproverNominees: [nominee] }) })
      .where('id', '=', version.id)
      .execute();
    try {
      // the teacher is not an approver: the decision is not theirs to make (404); the nominee wrote the post (400)
      for (const [agent, status, refusal] of [
        [w.agents.teacher, 404, undefined],
        [w.agents.nominee, 400, 'You wrote this post, so someone else must approve it'],
      ] as const) {
        const id = await submitted(MASCOT, agent);
        const [f] = await findingsOf(id);
        const before = await snapshot(t);
        const tried = await agent.post(`/posts/${id}/decision`, {
          decision: 'approve',
          checks: ALL_CHECKS,
          comment: '',
          [`confirm-${f!.key}`]: 'yes',
          [`override-${f!.key}`]: REASON,
        });
        expect(tried.statusCode).toBe(status);
        if (refusal) expect(errorSummary(tried.body)).toEqual([refusal]);
        expect(changedTables(before, await snapshot(t)).filter((x) => x !== 'post')).toEqual([]);
        expect(await db().selectFrom('post_override').select('id').where('post_id', '=', id).execute()).toEqual([]);
      }
    } finally {
      await db()
        .updateTable('policy_version')
        .set({ settings: JSON.stringify(version.settings) })
        .where('id', '=', version.id)
        .execute();
    }
  });

  it('Issue 16: the approver confirms it with a reason; the confirmation and reason are kept with the post, on its timeline and in the audit log', async () => {
    const id = await submitted(MASCOT);
    const [f] = await findingsOf(id);
    const ok = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: 'approve',
      checks: ALL_CHECKS,
      comment: '',
      [`confirm-${f!.key}`]: 'yes',
      [`override-${f!.key}`]: REASON,
    });
    expect(ok.statusCode, errorSummary(ok.body).join()).toBe(302);
    expect((await db().selectFrom('post').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe(
      'approved',
    );
    const kept = await db()
      .selectFrom('post_override')
      .select(['finding_key', 'rule', 'reason', 'confirmation', 'overridden_by'])
      .where('post_id', '=', id)
      .execute();
    expect(kept).toEqual([
      {
        finding_key: f!.key,
        rule: 'never-publish',
        reason: REASON,
        confirmation: 'This is not the pupil on the never-publish list.',
        overridden_by: w.people['head-a1']!.id,
      },
    ]);
    const events = await db()
      .selectFrom('post_event')
      .select(['kind', 'comment', 'detail'])
      .where('post_id', '=', id)
      .where('kind', '=', 'post.finding-confirmed')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.comment).toBe(REASON);
    expect(events[0]!.detail).toMatchObject({ confirmation: 'This is not the pupil on the never-publish list.' });
    const audit = await db()
      .selectFrom('audit_event')
      .select('summary')
      .where('action', '=', 'post.finding-confirmed')
      .where('entity_id', '=', id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.summary)).toContain(REASON);
    const page = pageText((await w.agents.teacher.get(`/posts/${id}`)).body);
    expect(page).toContain('Confirmed: “This is not the pupil on the never-publish list.”');
    expect(page).toContain(REASON);
  });

  it('Issue 16: the full name of a never-publish pupil still blocks: there is nothing to confirm', async () => {
    const created = await w.agents.teacher.post(
      '/posts/new',
      draftForm(w.accountId, 'Well done to Marnie Oakhurst for her reading!'),
    );
    const id = idFrom(created.headers.location);
    const sent = await w.agents.teacher.post(`/posts/${id}/submit`, {});
    expect(sent.statusCode).toBe(400);
    expect(errorSummary(sent.body).join()).toMatch(/Fix what blocks this post before sending it for approval/);
  });
});
