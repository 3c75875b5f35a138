import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary } from '../../support/agent.ts';
import { changedTables, pageText, signedIn, snapshot } from '../directory/helpers.ts';
import { draftForm, idFrom, seedPostingWorld, type PostingWorld } from './support.ts';

const ALL_CHECKS = ['dressed', 'not-ridiculed', 'appropriate', 'not-controversial'];

describe('approving a post (PUB-1, PUB-3)', () => {
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
  const statusOf = async (id: string) =>
    (await db().selectFrom('post').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  it('PUB-1: the head approves after confirming the human checks; the author is told and can publish', async () => {
    const id = await submitted('Year 4 had a wonderful time at the farm today');
    const page = await w.agents.head.get(`/posts/${id}/decision`);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Nothing in it is controversial, or a senior leader has agreed it');
    const missing = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: 'approve',
      comment: '',
      checks: ALL_CHECKS.slice(0, 2),
    });
    expect(missing.statusCode).toBe(400);
    expect(errorSummary(missing.body)).toEqual(['Confirm each of the checks before approving the post']);
    expect(await statusOf(id)).toBe('submitted');
    const ok = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: 'approve',
      comment: '',
      checks: ALL_CHECKS,
    });
    expect(ok.statusCode).toBe(302);
    const row = await db()
      .selectFrom('post')
      .select(['status', 'approved_by', 'approved_hash', 'content_hash', 'human_checks'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'approved',
      approved_by: w.people['head-a1']!.id,
      approved_hash: row.content_hash,
    });
    // A text-only post: only the checks that apply to it are asked for and kept.
    expect([...row.human_checks].sort()).toEqual(['appropriate', 'not-controversial']);
    expect(
      (
        await db()
          .selectFrom('mail_message')
          .select('subject')
          .where('to_address', '=', w.people['teacher-a1']!.email)
          .execute()
      ).map((m) => m.subject),
    ).toContain('Your post has been approved');
    expect(pageText((await w.agents.teacher.get('/')).body)).toContain('1 approved post is ready to publish');
  });

  it('PUB-1: nobody approves their own post, and someone who is not an approver cannot decide at all', async () => {
    // The DSL runs the account and is made a nominee approver: they still cannot approve their own post.
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
    const own = await submitted('The choir sang beautifully at the care home', w.agents.nominee);
    const refusal = await w.agents.nominee.get(`/posts/${own}/decision`);
    expect(pageText(refusal.body)).toContain('You wrote this post, so someone else must approve it');
    const before = await snapshot(t);
    const tried = await w.agents.nominee.post(`/posts/${own}/decision`, {
      decision: 'approve',
      checks: ALL_CHECKS,
      comment: '',
    });
    expect(tried.statusCode).toBe(400);
    expect(errorSummary(tried.body)).toEqual(['You wrote this post, so someone else must approve it']);
    // SLT is not an approver under this policy: the decision page is not theirs, and a post is refused.
    const slt = await w.agents.slt.post(`/posts/${own}/decision`, {
      decision: 'approve',
      checks: ALL_CHECKS,
      comment: '',
    });
    expect(slt.statusCode).toBe(404);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    // The nominee approves the teacher's post.
    const theirs = await submitted('Reception enjoyed their first forest school session');
    expect(
      (
        await w.agents.nominee.post(`/posts/${theirs}/decision`, {
          decision: 'approve',
          checks: ALL_CHECKS,
          comment: 'Lovely',
        })
      ).statusCode,
    ).toBe(302);
    expect(await statusOf(theirs)).toBe('approved');
    await db()
      .updateTable('policy_version')
      .set({ settings: JSON.stringify(version.settings) })
      .where('id', '=', version.id)
      .execute();
  });

  it('PUB-3: an advisory finding is overridden only with a written reason, which is kept; a blocking one never', async () => {
    const id = await submitted('We believe the government must reverse the cuts to school funding.');
    const findings = (await db().selectFrom('post').select('findings').where('id', '=', id).executeTakeFirstOrThrow())
      .findings as { key: string; severity: string; rule: string }[];
    const advice = findings.filter((f) => f.severity === 'advisory');
    expect(advice.length).toBeGreaterThan(0);
    expect(findings.some((f) => f.severity === 'blocking')).toBe(false);
    const before = await snapshot(t);
    const noReason = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: 'approve',
      checks: ALL_CHECKS,
      comment: '',
    });
    expect(noReason.statusCode).toBe(400);
    expect(errorSummary(noReason.body)[0]).toMatch(/^Advice 1: give your reason for publishing despite it/);
    const short = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: 'approve',
      checks: ALL_CHECKS,
      comment: '',
      ...Object.fromEntries(advice.map((f) => [`override-${f.key}`, 'ok'])),
    });
    expect(short.statusCode).toBe(400);
    expect(changedTables(before, await snapshot(t))).toEqual([]);
    const reason = 'Agreed with the governors: the letter to parents says the same';
    const ok = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: 'approve',
      checks: ALL_CHECKS,
      comment: '',
      ...Object.fromEntries(advice.map((f) => [`override-${f.key}`, reason])),
    });
    expect(ok.statusCode, errorSummary(ok.body).join()).toBe(302);
    const kept = await db()
      .selectFrom('post_override')
      .select(['finding_key', 'reason', 'overridden_by'])
      .where('post_id', '=', id)
      .execute();
    expect(kept.map((k) => k.finding_key).sort()).toEqual(advice.map((f) => f.key).sort());
    expect(kept.every((k) => k.reason === reason && k.overridden_by === w.people['head-a1']!.id)).toBe(true);
    expect(pageText((await w.agents.teacher.get(`/posts/${id}`)).body)).toContain(reason);
  });

  it('PUB-3, issue 16: a never-publish first name stops approval until the approver confirms it, even when the roster changed after the post was sent', async () => {
    const id = await submitted('Well done to Josephine in 4B for her poem');
    // Josephine is put on the never-publish list after the post was sent: the decision re-runs the checks.
    await db()
      .updateTable('pupil')
      .set({ never_publish: true, updated_at: new Date() })
      .where('id', '=', w.pupils['jo-a1']!)
      .execute();
    const before = await snapshot(t);
    const refused = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: 'approve',
      checks: ALL_CHECKS,
      comment: '',
    });
    expect(refused.statusCode).toBe(400);
    // a first name alone may be another child, so it is not a dead end: the approver may confirm it, or ask for changes
    expect(errorSummary(refused.body)).toContain('Point to confirm 1: confirm it, or ask for changes');
    expect(await statusOf(id)).toBe('submitted');
    expect(changedTables(before, await snapshot(t)).filter((x) => x !== 'post')).toEqual([]);
    // Asking for changes needs a comment the author sees.
    const noComment = await w.agents.head.post(`/posts/${id}/decision`, { decision: 'changes', comment: '' });
    expect(errorSummary(noComment.body)).toEqual(['Say what needs to change: the author will see your comment']);
    expect(
      (
        await w.agents.head.post(`/posts/${id}/decision`, {
          decision: 'changes',
          comment: 'Please leave Josephine out of this one',
        })
      ).statusCode,
    ).toBe(302);
    expect(await statusOf(id)).toBe('changes_requested');
    expect(pageText((await w.agents.teacher.get(`/posts/${id}`)).body)).toContain(
      'Please leave Josephine out of this one',
    );
    await db()
      .updateTable('pupil')
      .set({ never_publish: false, updated_at: new Date() })
      .where('id', '=', w.pupils['jo-a1']!)
      .execute();
  });

  it('PUB-1: any edit after approval voids the approval and re-runs the checks', async () => {
    const id = await submitted('Our netball team won 12-4 on Saturday');
    expect(
      (await w.agents.head.post(`/posts/${id}/decision`, { decision: 'approve', checks: ALL_CHECKS, comment: '' }))
        .statusCode,
    ).toBe(302);
    const edited = await w.agents.teacher.post(
      `/posts/${id}/edit`,
      draftForm(w.accountId, 'Our netball team won 12-4 on Saturday. Player of the match: Josephine Quill'),
    );
    expect(edited.statusCode).toBe(302);
    const row = await db()
      .selectFrom('post')
      .select(['status', 'approved_hash', 'approved_by', 'findings'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'draft', approved_hash: null, approved_by: null });
    expect((row.findings as { rule: string }[]).map((f) => f.rule)).toEqual(['pupil-surname']);
    const kinds = (
      await db().selectFrom('post_event').select('kind').where('post_id', '=', id).orderBy('id').execute()
    ).map((e) => e.kind);
    expect(kinds.slice(-2)).toEqual(['post.edited', 'post.approval-voided']);
    // It cannot be published as it is.
    const hand = await w.agents.teacher.post(`/posts/${id}/hand-off`, {
      link: 'https://bsky.app/profile/kingfisher-alder.example.com/post/3lbc2xyzabc22',
    });
    expect(hand.statusCode).toBe(400);
    expect(errorSummary(hand.body)).toEqual([
      'This post has not been approved as it is now. Send it for approval before posting it',
    ]);
  });

  it('PUB-6: changing a post whose publishing stopped withdraws the approval and its publishing key, so new words never pass for the old attempt', async () => {
    const id = await submitted('Our choir sings at the town carol service on Sunday');
    expect(
      (await w.agents.head.post(`/posts/${id}/decision`, { decision: 'approve', checks: ALL_CHECKS, comment: '' }))
        .statusCode,
    ).toBe(302);
    // As publishing leaves it when it stops: a key fixed, the approval still held.
    await db()
      .updateTable('post')
      .set({
        status: 'failed',
        publication_key: 'stopped-attempt',
        publish_via: 'direct',
        last_error: 'Bluesky refused the sign-in details',
      })
      .where('id', '=', id)
      .execute();
    expect(
      (
        await w.agents.teacher.post(
          `/posts/${id}/edit`,
          draftForm(w.accountId, 'Our choir sings at the town carol service on Saturday'),
        )
      ).statusCode,
    ).toBe(302);
    expect(
      await db()
        .selectFrom('post')
        .select(['status', 'approved_hash', 'publication_key', 'publish_via'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'draft', approved_hash: null, publication_key: null, publish_via: null });
  });

  it('PUB-1: a rejection keeps the reason for the author, and the post can no longer be sent', async () => {
    const id = await submitted('Parents evening slots are now open');
    expect((await w.agents.head.post(`/posts/${id}/decision`, { decision: 'reject', comment: '' })).statusCode).toBe(
      400,
    );
    expect(
      (
        await w.agents.head.post(`/posts/${id}/decision`, {
          decision: 'reject',
          comment: 'This goes in the newsletter instead',
        })
      ).statusCode,
    ).toBe(302);
    expect(await statusOf(id)).toBe('rejected');
    expect(pageText((await w.agents.teacher.get(`/posts/${id}`)).body)).toContain(
      'This goes in the newsletter instead',
    );
    const again = await w.agents.teacher.post(`/posts/${id}/submit`, {});
    expect(again.statusCode).toBe(302);
    expect(await statusOf(id)).toBe('rejected');
    const other = await signedIn(t, w, 'head-b1');
    expect((await other.get(`/posts/${id}/decision`)).statusCode).toBe(404);
  });
});
