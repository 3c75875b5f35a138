import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageText } from '../directory/helpers.ts';
import { closeInboxWorld, startInboxWorld, type InboxWorld } from './support.ts';

describe('MON-2: comments, replies, mentions and quotes land in the inbox', () => {
  let w: InboxWorld;
  const db = () => w.t.database.db;
  const items = (accountId: string) =>
    db().selectFrom('inbox_item').selectAll().where('account_id', '=', accountId).orderBy('arrived_at').execute();
  beforeAll(async () => {
    w = await startInboxWorld();
  }, 120_000);
  afterAll(() => closeInboxWorld(w));

  it('MON-2: the scheduled job reads Bluesky (replayed AppView answers): a reply, a mention and a quote, each once, with its 24-hour deadline', async () => {
    w.t.clock.advance(15 * 60_000);
    await w.t.drainJobs();
    const got = await items(w.blueskyId);
    expect(got.map((i) => i.arrived_as).sort()).toEqual(['mention', 'quote', 'reply']);
    const reply = got.find((i) => i.arrived_as === 'reply')!;
    expect(reply.text).toBe('What time does the Christmas fair start on Saturday?');
    expect(reply.author_handle).toBe('parent.test');
    expect(reply.link).toMatch(/^https:\/\/bsky\.app\/profile\/did:plc:[a-z0-9]+\/post\/[a-z0-9]+$/);
    // Monday 7 December 2026 is a working day: 24 hours
    expect(reply.deadline_at.getTime() - reply.arrived_at.getTime()).toBe(24 * 3_600_000);
    expect(got.find((i) => i.arrived_as === 'mention')!.kind).toBe('press');
    // read again: nothing stored twice
    await db().updateTable('inbox_source').set({ cursor: null }).where('account_id', '=', w.blueskyId).execute();
    await w.agents.admin.post(`/inbox/accounts/${w.blueskyId}/read`, {});
    await w.t.drainJobs();
    expect(await items(w.blueskyId)).toHaveLength(3);
    // the account administrator was told
    const mail = await db().selectFrom('mail_message').select(['to_address', 'subject']).execute();
    expect(mail).toContainEqual({
      to_address: w.people['admin-a1']!.email,
      subject: '3 new items in the inbox for Larkfield news',
    });
  });

  it('MON-2: Mastodon mentions and replies arrive from the notifications API, from the newest seen on', async () => {
    const [alder, , parent] = w.mastodon.accounts;
    w.mastodon.mention(parent!, alder!, '@alder Is there a uniform sale this term?');
    w.mastodon.mention(parent!, alder!, '@alder Thanks for the photos!', '113000000000000000');
    await w.agents.admin.post(`/inbox/accounts/${w.mastodonId}/read`, {});
    await w.t.drainJobs();
    const got = await items(w.mastodonId);
    expect(got.map((i) => [i.arrived_as, i.text, i.author])).toEqual([
      ['mention', '@alder Is there a uniform sale this term?', 'Sam Hughes'],
      ['reply', '@alder Thanks for the photos!', 'Sam Hughes'],
    ]);
    w.mastodon.mention(parent!, alder!, '@alder One more question: when is sports day?');
    w.t.clock.advance(15 * 60_000);
    await w.t.drainJobs();
    const after = await items(w.mastodonId);
    expect(after).toHaveLength(3);
    const request = w.mastodon.notifications.at(-1)!;
    expect(after.at(-1)!.platform_id).toBe(request.id);
  });

  it('MON-2: more than a page of Mastodon notifications at once: every one is read, none twice', async () => {
    const [alder, , parent] = w.mastodon.accounts;
    const before = (await items(w.mastodonId)).length;
    for (let i = 1; i <= 45; i++) w.mastodon.mention(parent!, alder!, `@alder Question ${i} about the trip`);
    await w.agents.admin.post(`/inbox/accounts/${w.mastodonId}/read`, {});
    await w.t.drainJobs();
    const after = await items(w.mastodonId);
    expect(after.length - before).toBe(45);
    expect(new Set(after.map((i) => i.platform_id)).size).toBe(after.length);
  });

  it('MON-2: a platform that fails is retried with backoff and the account shows “not read since …”', async () => {
    w.mastodon.failNotifications(502);
    w.t.clock.advance(15 * 60_000);
    await w.t.drainJobs();
    const page = pageText((await w.agents.admin.get(`/inbox/accounts/${w.mastodonId}`)).body);
    expect(page).toMatch(/Not read since \d+ December 2026/);
    const job = await db()
      .selectFrom('job')
      .select(['attempts', 'run_at', 'done_at', 'failed_at'])
      .where('kind', '=', 'inbox.read')
      .where('done_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(job.attempts).toBe(1);
    expect(job.failed_at).toBeNull();
    expect(job.run_at.getTime()).toBeGreaterThan(w.t.clock.now().getTime());
    w.mastodon.failNotifications(null);
    w.t.clock.advance(60_000);
    await w.t.drainJobs();
    const fixed = pageText((await w.agents.admin.get(`/inbox/accounts/${w.mastodonId}`)).body);
    expect(fixed).not.toContain('Not read since');
    expect(fixed).toMatch(/Read \d+ December 2026/);
  });

  it('MON-2: a 401 marks the account as needing new sign-in details, tells the administrator by email and on the home page, and reading stops', async () => {
    // the token is withdrawn on the server
    const alder = w.mastodon.accounts[0]!;
    const token = alder.token;
    alder.token = 'revoked';
    await w.agents.admin.post(`/inbox/accounts/${w.mastodonId}/read`, {});
    await w.t.drainJobs();
    const source = await db()
      .selectFrom('inbox_source')
      .selectAll()
      .where('account_id', '=', w.mastodonId)
      .executeTakeFirstOrThrow();
    expect(source.needs_sign_in).toBe(true);
    const mail = await db()
      .selectFrom('mail_message')
      .select(['to_address', 'body_text'])
      .where('subject', '=', 'New sign-in details needed for Kingfisher class news')
      .execute();
    expect(mail.map((m) => m.to_address)).toContain(w.people['admin-a1']!.email);
    expect(mail[0]!.body_text).toContain('Mastodon refused the stored access token');
    expect(pageText((await w.agents.admin.get('/')).body)).toContain(
      'Store new sign-in details for Kingfisher class news: its inbox is not being read',
    );
    w.t.clock.advance(15 * 60_000);
    await w.t.drainJobs();
    const later = await db()
      .selectFrom('inbox_source')
      .selectAll()
      .where('account_id', '=', w.mastodonId)
      .executeTakeFirstOrThrow();
    expect(later.last_attempt_at).toEqual(source.last_attempt_at);
    expect(pageText((await w.agents.admin.get(`/inbox/accounts/${w.mastodonId}`)).body)).toContain(
      'Needs new sign-in details: not being read',
    );
    alder.token = token;
  });

  it('MON-2: the school inbox lists what waits with the time left; staff who do not run an account, and other schools, see nothing of it', async () => {
    const page = pageText((await w.agents.admin.get('/inbox')).body);
    expect(page).toContain('Larkfield news');
    expect(page).toMatch(/hours? \d+ minutes? left|hours? left/);
    const item = await db()
      .selectFrom('inbox_item')
      .select('id')
      .where('account_id', '=', w.blueskyId)
      .executeTakeFirstOrThrow();
    expect((await w.agents.outsider.get(`/inbox/items/${item.id}`)).statusCode).toBe(404);
    expect((await w.agents.slt.get(`/inbox/items/${item.id}`)).statusCode).toBe(200);
    const hr = (await import('../directory/helpers.ts')).signedIn;
    const hrAgent = await hr(w.t, w, 'hr-a1');
    expect((await hrAgent.get(`/inbox/items/${item.id}`)).statusCode).toBe(404);
    expect(pageText((await hrAgent.get('/inbox')).body)).not.toContain('Christmas fair');
    expect((await w.agents.outsider.get(`/inbox/accounts/${w.blueskyId}`)).statusCode).toBe(404);
    const bad = await w.agents.admin.get('/inbox?page=0');
    expect(bad.statusCode).toBe(400);
    expect(pageText(bad.body)).toMatch(/page in the web address must be a whole number/);
  });
});
