/**
 * A post's length is counted against its account's platform from the first keystroke (PUB-2, PUB-6):
 * the live check, saving, sending for approval and the decision all use the rule the connectors use
 * when publishing, so a post too long for Bluesky is stopped before anyone approves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary } from '../../support/agent.ts';
import { changedTables, pageText, snapshot } from '../directory/helpers.ts';
import { addAccount, draftForm, idFrom, seedPostingWorld, type PostingWorld } from './support.ts';

/** 442 characters of ordinary news, as a teacher might write it. */
const LONG =
  `${'Year 4 had a wonderful day at the city farm, feeding the lambs and collecting eggs. '.repeat(5)}Thank you to every parent who helped!!`.slice(
    0,
    442,
  );

describe('a post’s length against its account’s platform (PUB-2, PUB-6)', () => {
  let t: TestApp;
  let w: PostingWorld;
  let mastodonId: string;
  const db = () => t.database.db;
  beforeAll(async () => {
    t = await startTestApp();
    w = await seedPostingWorld(t);
    mastodonId = await addAccount(t, w, 'Kingfisher toots', 'mastodon', ['teacher-a1']);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const statusOf = async (id: string) =>
    (await db().selectFrom('post').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  it('PUB-6: a 442-character Bluesky post is flagged as the author types, and the count follows the account chosen', async () => {
    expect(LONG.length).toBe(442);
    await w.agents.teacher.get('/posts/new');
    const before = await snapshot(t);
    const bluesky = await w.agents.teacher.post('/posts/check', {
      accountId: w.accountId,
      text: LONG,
      sharesMaterial: 'no',
    });
    expect(bluesky.statusCode).toBe(200);
    const text = pageText(bluesky.body);
    expect(text).toContain('Length: 442 of the 300 characters Bluesky allows, 142 too many');
    expect(text).toContain('1 problem to fix');
    expect(text).toContain('The post is 442 characters long and Bluesky allows 300. Shorten it by 142 characters');
    expect(text).toContain('Set by the platform, not by the school’s policy');
    expect(text).not.toContain('No problems found');
    // The same words for the Mastodon account fit its 500.
    const mastodon = pageText(
      (await w.agents.teacher.post('/posts/check', { accountId: mastodonId, text: LONG, sharesMaterial: 'no' })).body,
    );
    expect(mastodon).toContain('Length: 442 of the 500 characters Mastodon allows');
    expect(mastodon).not.toContain('too many');
    expect(mastodon).toContain('No problems found');
    // An account the author does not run counts nothing and learns nothing.
    const foreign = pageText(
      (await w.agents.teacher.post('/posts/check', { accountId: w.otherAccountId, text: LONG, sharesMaterial: 'no' }))
        .body,
    );
    expect(foreign).not.toContain('Length:');
    expect(changedTables(before, await snapshot(t))).toEqual([]);
  });

  it('PUB-6: a 442-character Bluesky post saves as a draft with the problem beside it, but cannot be sent for approval', async () => {
    const created = await w.agents.teacher.post('/posts/new', draftForm(w.accountId, LONG));
    expect(created.statusCode, errorSummary(created.body).join()).toBe(302);
    const id = idFrom(created.headers.location);
    const findings = (await db().selectFrom('post').select('findings').where('id', '=', id).executeTakeFirstOrThrow())
      .findings as { rule: string; severity: string }[];
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['platform-limit', 'blocking']]);
    const edit = pageText((await w.agents.teacher.get(`/posts/${id}/edit`)).body);
    expect(edit).toContain('The post is 442 characters long and Bluesky allows 300. Shorten it by 142 characters');
    // The post's page does not offer sending, and says why.
    const page = await w.agents.teacher.get(`/posts/${id}`);
    expect(page.body).not.toContain('>Send for approval<');
    expect(pageText(page.body)).toContain(
      'You can send this post for approval once the problem the checks found is fixed',
    );
    // Sent anyway (an old tab): refused with the reason in the error summary, nothing sent, nobody emailed.
    const mailBefore = (await db().selectFrom('mail_message').select('id').execute()).length;
    const sent = await w.agents.teacher.post(`/posts/${id}/submit`, {});
    expect(sent.statusCode).toBe(400);
    expect(errorSummary(sent.body)).toEqual([
      'The post is 442 characters long and Bluesky allows 300. Shorten it by 142 characters',
    ]);
    expect(await statusOf(id)).toBe('draft');
    expect((await db().selectFrom('mail_message').select('id').execute()).length).toBe(mailBefore);
    // Moved to the Mastodon account, the same words fit and it can be sent.
    expect((await w.agents.teacher.post(`/posts/${id}/edit`, draftForm(mastodonId, LONG))).statusCode).toBe(302);
    expect((await w.agents.teacher.post(`/posts/${id}/submit`, {})).statusCode).toBe(302);
    expect(await statusOf(id)).toBe('submitted');
  });

  it('PUB-6: Bluesky’s 300 is counted as a reader sees characters: 300 emoji with skin tones fit, 301 do not', async () => {
    const fits = await w.agents.teacher.post(
      '/posts/new',
      draftForm(w.accountId, '👏🏽'.repeat(150) + 'é'.repeat(150)),
    );
    const fitsId = idFrom(fits.headers.location);
    expect(
      (await db().selectFrom('post').select('findings').where('id', '=', fitsId).executeTakeFirstOrThrow()).findings,
    ).toEqual([]);
    expect(pageText((await w.agents.teacher.get(`/posts/${fitsId}`)).body)).toContain(
      'Length: 300 of the 300 characters Bluesky allows',
    );
    const over = await w.agents.teacher.post(
      '/posts/new',
      draftForm(w.accountId, `${'👏🏽'.repeat(150)}${'e\u0301'.repeat(150)}!`),
    );
    const overId = idFrom(over.headers.location);
    const findings = (
      await db().selectFrom('post').select('findings').where('id', '=', overId).executeTakeFirstOrThrow()
    ).findings as { message: string }[];
    expect(findings.map((f) => f.message)).toEqual([
      'The post is 301 characters long and Bluesky allows 300. Shorten it by 1 character',
    ]);
  });

  it('PUB-6: a post that became too long after it was sent (its account moved to Bluesky) cannot be approved', async () => {
    const created = await w.agents.teacher.post('/posts/new', draftForm(mastodonId, LONG));
    const id = idFrom(created.headers.location);
    expect((await w.agents.teacher.post(`/posts/${id}/submit`, {})).statusCode).toBe(302);
    await db().updateTable('official_account').set({ platform: 'bluesky' }).where('id', '=', mastodonId).execute();
    try {
      const before = await snapshot(t);
      const refused = await w.agents.head.post(`/posts/${id}/decision`, {
        decision: 'approve',
        comment: '',
        checks: ['appropriate', 'not-controversial'],
      });
      expect(refused.statusCode).toBe(400);
      expect(errorSummary(refused.body)).toEqual([
        'This post cannot be approved: a check blocks it. Ask for changes instead',
      ]);
      expect(await statusOf(id)).toBe('submitted');
      expect(changedTables(before, await snapshot(t)).filter((x) => x !== 'post')).toEqual([]);
    } finally {
      await db().updateTable('official_account').set({ platform: 'mastodon' }).where('id', '=', mastodonId).execute();
    }
  });
});
