/**
 * Publishing an approved post and keeping the record (PUB-6, PUB-5), through the pages (app.inject),
 * with a real database and a real Bluesky PDS (`@atproto/pds`) on loopback behind the fault proxy,
 * so timeouts and 500s happen where the network would put them. Jobs run with `t.drainJobs()` and
 * the fixed clock is moved to reach scheduled and backoff times.
 */
import { createHash } from 'node:crypto';
import { AtpAgent, XRPCError } from '@atproto/api';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_SECRET_KEY, type TestApp } from '../../support/app.ts';
import { errorSummary, type Agent } from '../../support/agent.ts';
import { pageText } from '../directory/helpers.ts';
import { startRealPds, type RealPds, type TestAccount } from '../../fixtures/connectors/real-pds.ts';
import { createRegistry } from '../../../src/modules/publishing/connectors/registry.ts';
import type { ConnectorRegistry } from '../../../src/modules/publishing/posts/publish/service.ts';
import { storeCredentials } from '../../../src/modules/accounts/credentials/service.ts';
import { draftForm, idFrom, seedPostingWorld, type PostingWorld } from './support.ts';

const CHECKS = ['dressed', 'not-ridiculed', 'appropriate', 'not-controversial'];
const WRONG_PASSWORD = 'zzzz-yyyy-xxxx-wwww';

describe('publishing an approved post and keeping the record (PUB-5, PUB-6)', () => {
  let pds: RealPds;
  let bsky: TestAccount;
  let t: TestApp;
  let w: PostingWorld;
  /** Which connectors the app uses now: most calls get time to spare; `quick` gives up on a held request after three seconds. */
  let useQuick = false;
  const db = () => t.database.db;
  const masterKey = Buffer.from(TEST_SECRET_KEY, 'hex');

  beforeAll(async () => {
    pds = await startRealPds();
    bsky = await pds.createAccount('kingfisher');
    const steady = createRegistry({ bluesky: { defaultService: pds.url, timeoutMs: 20_000 } });
    const quick = createRegistry({ bluesky: { defaultService: pds.url, timeoutMs: 3_000 } });
    const connectors: ConnectorRegistry = (platform) => (useQuick ? quick : steady)(platform);
    // Sessions last a day, so moving the clock to a scheduled time does not sign everyone out.
    t = await startTestApp({ connectors, env: { SESSION_IDLE_MINUTES: String(24 * 60) } });
    w = await seedPostingWorld(t);
    await storeSignIn(bsky.appPassword);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await pds?.close();
  });

  // ---- helpers -------------------------------------------------------------------------------

  /** Stores the account's Bluesky sign-in details through the real credential store, as admin-a1. */
  async function storeSignIn(password: string) {
    const result = await storeCredentials(
      db(),
      masterKey,
      t.clock.now(),
      { trustId: w.trustA, schoolId: w.schoolA1 },
      { id: w.people['admin-a1']!.id, label: 'admin Tester' },
      w.accountId,
      {
        username: bsky.handle,
        password,
        notes: '',
      },
    );
    expect(result.kind).toBe('stored');
  }

  async function draft(text: string, agent: Agent = w.agents.teacher): Promise<string> {
    const created = await agent.post('/posts/new', draftForm(w.accountId, text));
    expect(created.statusCode, errorSummary(created.body).join()).toBe(302);
    return idFrom(created.headers.location);
  }

  async function submitAndApprove(id: string, overrides: Record<string, string> = {}) {
    const sent = await w.agents.teacher.post(`/posts/${id}/submit`, {});
    expect(sent.statusCode, errorSummary(sent.body).join()).toBe(302);
    const decided = await w.agents.head.post(`/posts/${id}/decision`, {
      decision: 'approve',
      comment: '',
      checks: CHECKS,
      ...overrides,
    });
    expect(decided.statusCode, errorSummary(decided.body).join()).toBe(302);
    expect((await postRow(id)).status).toBe('approved');
  }

  async function approvedPost(text: string): Promise<string> {
    const id = await draft(text);
    await submitAndApprove(id);
    return id;
  }

  const postRow = (id: string) => db().selectFrom('post').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const publications = (id: string) =>
    db().selectFrom('post_publication').selectAll().where('post_id', '=', id).execute();
  const eventsOf = (id: string) =>
    db().selectFrom('post_event').selectAll().where('post_id', '=', id).orderBy('id').execute();

  /** The publishing jobs of one post, in the order they were queued. */
  async function publishJobs(id: string) {
    const rows = await db().selectFrom('job').selectAll().where('kind', '=', 'posts.publish').orderBy('id').execute();
    return rows.filter((r) => {
      const payload = (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as { postId?: string };
      return payload.postId === id;
    });
  }

  function publishNow(id: string, agent: Agent = w.agents.teacher) {
    return agent.post(`/posts/${id}/publish`, { when: 'now', 'at-day': '', 'at-month': '', 'at-year': '', time: '' });
  }

  function publishAt(
    id: string,
    at: { day: string; month: string; year: string; time: string },
    agent: Agent = w.agents.teacher,
  ) {
    return agent.post(`/posts/${id}/publish`, {
      when: 'later',
      'at-day': at.day,
      'at-month': at.month,
      'at-year': at.year,
      time: at.time,
    });
  }

  /** The UK wall-clock date and time (as the form takes them) of an instant, to the minute. */
  function ukFields(at: Date): { day: string; month: string; year: string; time: string } {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(at);
    const get = (type: string) => parts.find((p) => p.type === type)!.value;
    return { day: get('day'), month: get('month'), year: get('year'), time: `${get('hour')}:${get('minute')}` };
  }

  /** `minutes` from the clock's now, to the whole minute. */
  const minutesAhead = (minutes: number) =>
    new Date(Math.floor(t.clock.now().getTime() / 60_000) * 60_000 + minutes * 60_000);

  /** Posts with this text in the Bluesky account's repository, read straight from the PDS. */
  async function onPds(text: string) {
    return (await pds.listPosts(bsky.did)).filter((p) => p.value.text === text);
  }

  /** A record read back from the PDS with @atproto/api, or null when it is not there. */
  async function readBack(remoteId: string): Promise<Record<string, unknown> | null> {
    const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/.exec(remoteId);
    expect(m, remoteId).not.toBeNull();
    const agent = new AtpAgent({ service: pds.url });
    try {
      const res = await agent.com.atproto.repo.getRecord({
        repo: m![1]!,
        collection: 'app.bsky.feed.post',
        rkey: m![2]!,
      });
      return res.data.value as Record<string, unknown>;
    } catch (error) {
      if (error instanceof XRPCError && error.error === 'RecordNotFound') return null;
      throw error;
    }
  }

  const creates = () => pds.proxy.requests('com.atproto.repo.createRecord', 'POST');

  async function page(id: string, agent: Agent = w.agents.teacher) {
    const response = await agent.get(`/posts/${id}`);
    expect(response.statusCode, pageText(response.body).slice(0, 500)).toBe(200);
    return { html: response.body, text: pageText(response.body) };
  }

  const statusTag = (html: string) =>
    pageText(/<strong class="govuk-tag [^"]*">([^<]*)<\/strong>/.exec(html)?.[1] ?? '').trim();

  // ---- PUB-6: publishing directly --------------------------------------------------------------

  it('PUB-6: an approved post published now on Bluesky goes out once, through the job, to the real PDS', async () => {
    const text = 'Kingfisher class planted twelve trees on the school field today.';
    const id = await approvedPost(text);
    const before = await page(id);
    expect(before.text).toContain('Publish it');
    expect(before.html).toContain(`action="/posts/${id}/publish"`);

    const started = await publishNow(id);
    expect(started.statusCode, errorSummary(started.body).join()).toBe(302);
    expect(started.headers.location).toBe(`/posts/${id}`);
    const queued = await postRow(id);
    expect(queued).toMatchObject({
      status: 'publishing',
      publish_via: 'direct',
      published_by: w.people['teacher-a1']!.id,
    });
    expect(queued.publication_key).toMatch(/^[0-9a-f-]{36}$/);
    const jobs = await publishJobs(id);
    expect(jobs).toHaveLength(1);
    expect(new Date(jobs[0]!.run_at).getTime()).toBe(t.clock.now().getTime());
    expect(statusTag((await page(id)).html)).toBe('Publishing');
    expect(await onPds(text)).toHaveLength(0); // nothing goes out until the job runs

    const createsBefore = creates().length;
    await t.drainJobs();
    const done = await postRow(id);
    expect(done.status).toBe('published');
    expect(done.remote_id).toMatch(new RegExp(`^at://${bsky.did}/app\\.bsky\\.feed\\.post/[a-z2-7]{13}$`));
    const rkey = done.remote_id!.split('/').pop();
    expect(done.url).toBe(`https://bsky.app/profile/${bsky.did}/post/${rkey}`);
    expect(new Date(done.published_at!).getTime()).toBe(t.clock.now().getTime());
    expect(done.last_error).toBeNull();

    // The record is on the PDS, exactly once, with the approved words.
    const record = await readBack(done.remote_id!);
    expect(record).toMatchObject({ $type: 'app.bsky.feed.post', text, langs: ['en-GB'] });
    expect(await onPds(text)).toHaveLength(1);
    expect(creates().length - createsBefore).toBe(1);
    const [publication] = await publications(id);
    expect(publication).toMatchObject({
      via: 'direct',
      status: 'published',
      publish_calls: 1,
      failures: 0,
      outcome_unknown: false,
      remote_id: done.remote_id,
      url: done.url,
    });

    // The page says so, with the link and the timeline entry.
    const shown = await page(id);
    expect(statusTag(shown.html)).toBe('Published');
    expect(shown.html).toContain(`href="${done.url}"`);
    expect(shown.text).toMatch(/History .*Published by Postwarden/);
    expect(shown.text).toContain(`Link: ${done.url}`);
    expect((await eventsOf(id)).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['post.publish-started', 'post.published']),
    );

    // Nothing more happens: draining again posts nothing, and publishing again is refused.
    await t.drainJobs();
    expect(await onPds(text)).toHaveLength(1);
    const again = await publishNow(id);
    expect(again.statusCode).toBe(400);
    expect(errorSummary(again.body)).toEqual(['This post has already been published']);
    expect(await publishJobs(id)).toHaveLength(1);
  });

  it('PUB-6: an answer lost after Bluesky made the post: the job backs off and retries, checks before posting again, and the post goes out once', async () => {
    const text = 'Our Year 3 choir sang at the care home this afternoon.';
    const id = await approvedPost(text);
    const createsBefore = creates().length;
    const t0 = t.clock.now();

    // First run: the PDS makes the post but the answer never comes back; both looks for it fail too.
    pds.proxy.failNext('com.atproto.repo.createRecord', 'lose-answer', 1, 'POST');
    pds.proxy.failNext('com.atproto.repo.getRecord', 'error-500', 2);
    useQuick = true;
    try {
      expect((await publishNow(id)).statusCode).toBe(302);
      await t.drainJobs();
    } finally {
      useQuick = false;
    }
    expect(await onPds(text)).toHaveLength(1); // it did go out…
    let row = await postRow(id);
    expect(row.status).toBe('publishing'); // …but Postwarden could not know yet
    expect(row.last_error).toBe(
      'Bluesky did not answer in time while posting to Bluesky. Postwarden will check and try again',
    );
    let [attempt] = await publications(id);
    expect(attempt).toMatchObject({ status: 'pending', outcome_unknown: true, publish_calls: 1, failures: 1 });
    let jobs = await publishJobs(id);
    expect(jobs).toHaveLength(2);
    expect(new Date(jobs[1]!.run_at).getTime()).toBe(t0.getTime() + 30_000);
    let shown = await page(id);
    expect(statusTag(shown.html)).toBe('Publishing');
    expect(shown.text).toContain(
      'Postwarden is publishing this post. Bluesky did not answer in time while posting to Bluesky. Postwarden will check and try again. Refresh the page to see when it is done.',
    );
    expect(shown.text).toMatch(/Publishing will be tried again by Postwarden .*Bluesky did not answer in time/);

    // Not before its time.
    t.clock.set(new Date(t0.getTime() + 29_000));
    await t.drainJobs();
    expect((await publications(id))[0]).toMatchObject({ publish_calls: 1, failures: 1 });

    // Second run: looking for the post fails again, so it backs off further and does not post.
    t.clock.set(new Date(t0.getTime() + 30_000));
    pds.proxy.failNext('com.atproto.repo.getRecord', 'error-500', 1);
    await t.drainJobs();
    row = await postRow(id);
    expect(row.status).toBe('publishing');
    expect(row.last_error).toBe(
      'Bluesky had a problem while checking the post on Bluesky (error 500). Postwarden will check and try again',
    );
    [attempt] = await publications(id);
    expect(attempt).toMatchObject({ status: 'pending', outcome_unknown: true, publish_calls: 1, failures: 2 });
    jobs = await publishJobs(id);
    expect(jobs).toHaveLength(3);
    expect(new Date(jobs[2]!.run_at).getTime()).toBe(t0.getTime() + 30_000 + 60_000);
    shown = await page(id);
    expect(shown.text).toContain(
      'Bluesky had a problem while checking the post on Bluesky (error 500). Postwarden will check and try again.',
    );

    // Third run, the fault cleared: it finds the post it made and records it, without posting again.
    t.clock.set(new Date(t0.getTime() + 90_000));
    await t.drainJobs();
    row = await postRow(id);
    expect(row.status).toBe('published');
    expect(row.last_error).toBeNull();
    const [record] = await onPds(text);
    expect(row.remote_id).toBe(record!.uri);
    expect(await onPds(text)).toHaveLength(1);
    expect(creates().length - createsBefore).toBe(1);
    [attempt] = await publications(id);
    expect(attempt).toMatchObject({ status: 'published', outcome_unknown: false, publish_calls: 1 });
    expect((await publishJobs(id)).every((j) => j.done_at !== null)).toBe(true);
    expect(statusTag((await page(id)).html)).toBe('Published');
  });

  it('PUB-6: a 500 from Bluesky before posting: the job retries after 30 seconds and the post goes out exactly once', async () => {
    const text = 'Reminder: the school library is open after school on Thursdays.';
    const id = await approvedPost(text);
    const createsBefore = creates().length;
    const t0 = t.clock.now();
    pds.proxy.failNext('com.atproto.repo.createRecord', 'error-500', 1, 'POST');
    expect((await publishNow(id)).statusCode).toBe(302);
    await t.drainJobs();

    const row = await postRow(id);
    expect(row.status).toBe('publishing');
    expect(row.last_error).toBe(
      'Bluesky had a problem while posting to Bluesky (error 500). Postwarden will check and try again',
    );
    expect(await onPds(text)).toHaveLength(0);
    const jobs = await publishJobs(id);
    expect(jobs.map((j) => new Date(j.run_at).getTime())).toEqual([t0.getTime(), t0.getTime() + 30_000]);
    expect((await page(id)).text).toContain(
      'Bluesky had a problem while posting to Bluesky (error 500). Postwarden will check and try again. Refresh the page',
    );

    t.clock.set(new Date(t0.getTime() + 30_000));
    await t.drainJobs();
    const done = await postRow(id);
    expect(done.status).toBe('published');
    expect(await onPds(text)).toHaveLength(1);
    const calls = creates().slice(createsBefore);
    expect(calls.map((c) => [c.fault, c.status])).toEqual([
      ['error-500', null],
      [null, 200],
    ]);
    // Both calls wrote to the same record key: a retry can never make a second post.
    const rkeys = calls.map((c) => (JSON.parse(c.body.toString()) as { rkey: string }).rkey);
    expect(new Set(rkeys).size).toBe(1);
    expect(done.remote_id!.endsWith(`/${rkeys[0]}`)).toBe(true);
    expect((await publications(id))[0]).toMatchObject({ status: 'published', publish_calls: 2 });
  });

  it('PUB-6: a fault that does not clear: Postwarden stops after its last attempt and hands the post to the operator, having posted nothing', async () => {
    const text = 'The pantomime trip has been moved to January.';
    const id = await approvedPost(text);
    const createsBefore = creates().length;
    pds.proxy.failNext('com.atproto.repo.createRecord', 'error-500', 8, 'POST');
    expect((await publishNow(id)).statusCode).toBe(302);
    await t.drainJobs();
    for (let run = 2; run <= 8; run++) {
      const [next] = (await publishJobs(id)).filter((j) => j.done_at === null);
      expect(next, `run ${run}`).toBeDefined();
      t.clock.set(new Date(next!.run_at));
      await t.drainJobs();
    }
    const row = await postRow(id);
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatch(
      /^Bluesky had a problem while posting to Bluesky \(error 500\)\. Postwarden has stopped trying after 8 attempts: post it by hand/,
    );
    // One instruction to check the account first, not the same advice twice.
    expect.soft(row.last_error!.match(/already (went|have gone) out/g), row.last_error!).toHaveLength(1);
    expect(await onPds(text)).toHaveLength(0);
    expect(creates().length - createsBefore).toBe(8);
    const jobs = await publishJobs(id);
    expect(jobs).toHaveLength(8);
    const gaps = jobs.slice(1).map((j, i) => new Date(j.run_at).getTime() - new Date(jobs[i]!.run_at).getTime());
    expect(gaps).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000]);
    const shown = await page(id);
    expect(statusTag(shown.html)).toBe('Publishing stopped');
    expect(shown.text).toContain('Postwarden has stopped trying after 8 attempts: post it by hand');
    expect(shown.html).toContain(`href="/posts/${id}/hand-off"`);
    expect((await eventsOf(id)).map((e) => e.kind).filter((k) => k.startsWith('post.publish-'))).toEqual([
      'post.publish-started',
      ...Array(7).fill('post.publish-retry'),
      'post.publish-failed',
    ]);
  });

  it('PUB-6: a wrong app password stops publishing with a plain message and no secret anywhere; the operator then posts it by hand', async () => {
    const text = 'Harvest festival donations go to the local food bank this week.';
    const id = await approvedPost(text);
    await storeSignIn(WRONG_PASSWORD);
    try {
      expect((await publishNow(id)).statusCode).toBe(302);
      await t.drainJobs();
    } finally {
      await storeSignIn(bsky.appPassword);
    }
    const message =
      'Bluesky refused the stored sign-in details. Check the handle and app password stored for this account';
    const row = await postRow(id);
    expect(row).toMatchObject({ status: 'failed', last_error: message });
    expect(await onPds(text)).toHaveLength(0);
    expect((await publications(id))[0]).toMatchObject({ status: 'failed', outcome_unknown: false, publish_calls: 0 });
    // Stopped: no further job is queued.
    expect(await publishJobs(id)).toHaveLength(1);
    // The author hears at once, with what to do and no secret.
    const mail = await db()
      .selectFrom('mail_message')
      .select(['to_address', 'body_text'])
      .where('subject', '=', 'A post was not published')
      .where('body_text', 'like', `%/posts/${id}%`)
      .execute();
    expect(mail.map((m) => m.to_address)).toEqual([w.people['teacher-a1']!.email]);
    expect(mail[0]!.body_text).toContain(message);
    for (const secret of [WRONG_PASSWORD, bsky.appPassword]) expect(mail[0]!.body_text).not.toContain(secret);

    const shown = await page(id);
    expect(statusTag(shown.html)).toBe('Publishing stopped');
    expect(shown.text).toContain(`Warning ${message}.`);
    expect(shown.html).toContain(`href="/posts/${id}/hand-off"`);
    // No stack trace, no error class, no secret on the page.
    expect(shown.html).not.toMatch(/\bat [\w.<>]+ \(|node_modules|XRPCError|TransientError|PermanentError|Error:/);
    for (const secret of [WRONG_PASSWORD, bsky.appPassword]) expect(shown.html).not.toContain(secret);

    // Nor in the post's timeline, the audit log or the job table.
    const events = JSON.stringify(await eventsOf(id));
    const audit = JSON.stringify(await db().selectFrom('audit_event').selectAll().execute());
    const jobRows = JSON.stringify(await db().selectFrom('job').selectAll().execute());
    for (const secret of [WRONG_PASSWORD, bsky.appPassword]) {
      expect(events).not.toContain(secret);
      expect(audit).not.toContain(secret);
      expect(jobRows).not.toContain(secret);
    }
    expect((await eventsOf(id)).find((e) => e.kind === 'post.publish-failed')!.comment).toBe(message);

    // The operator posts it by hand and records the link.
    const handOff = await w.agents.teacher.get(`/posts/${id}/hand-off`);
    expect(handOff.statusCode).toBe(200);
    expect(handOff.body).toContain(`readonly>${text}</textarea>`);
    const link = `https://bsky.app/profile/${bsky.handle}/post/3lbcfoodbank2`;
    const recorded = await w.agents.teacher.post(`/posts/${id}/hand-off`, { link });
    expect(recorded.statusCode, errorSummary(recorded.body).join()).toBe(302);
    expect(await postRow(id)).toMatchObject({
      status: 'published',
      publish_via: 'manual',
      url: link,
      last_error: null,
    });
    expect(statusTag((await page(id)).html)).toBe('Published');
  });

  it('PUB-6: a scheduled post is not published before its time and is published by the job at it; a past time is refused; cancelling returns it to approved', async () => {
    const text = 'Parents’ evening booking opens this afternoon.';
    const id = await approvedPost(text);

    // A time in the past (earlier today, and yesterday) is refused with the error summary, and nothing is queued.
    for (const past of [ukFields(minutesAhead(-30)), ukFields(new Date(t.clock.now().getTime() - 86_400_000))]) {
      const refused = await publishAt(id, past);
      expect(refused.statusCode).toBe(400);
      expect(errorSummary(refused.body)).toEqual(['The time to publish must be in the future']);
    }
    expect((await postRow(id)).status).toBe('approved');
    expect(await publishJobs(id)).toHaveLength(0);
    // Other nonsense is refused too.
    const noTime = await publishAt(id, { ...ukFields(minutesAhead(60)), time: '25:00' });
    expect(noTime.statusCode).toBe(400);
    expect(errorSummary(noTime.body)).toEqual(['Enter the time in the 24-hour clock, like 09:30 or 16:00']);
    const noChoice = await w.agents.teacher.post(`/posts/${id}/publish`, { when: '' });
    expect(errorSummary(noChoice.body)).toEqual(['Select whether to publish now or at a time you choose']);
    const tooFar = await publishAt(id, {
      ...ukFields(minutesAhead(60)),
      year: String(Number(ukFields(t.clock.now()).year) + 2),
    });
    expect(errorSummary(tooFar.body)).toEqual(['Posts can be scheduled up to a year ahead']);
    expect(await publishJobs(id)).toHaveLength(0);
    expect((await postRow(id)).status).toBe('approved');

    // An hour and a half from now, UK time.
    const at = minutesAhead(90);
    const scheduled = await publishAt(id, ukFields(at));
    expect(scheduled.statusCode, errorSummary(scheduled.body).join()).toBe(302);
    const row = await postRow(id);
    expect(row).toMatchObject({ status: 'scheduled', publish_via: 'direct' });
    expect(new Date(row.scheduled_for!).getTime()).toBe(at.getTime());
    const jobs = await publishJobs(id);
    expect(jobs).toHaveLength(1);
    expect(new Date(jobs[0]!.run_at).getTime()).toBe(at.getTime());
    const shown = await page(id);
    expect(statusTag(shown.html)).toBe('Scheduled');
    expect(shown.text).toContain('Postwarden will publish this post at');
    expect(shown.html).toContain(`action="/posts/${id}/cancel-schedule"`);
    expect(shown.html).not.toContain(`action="/posts/${id}/publish"`);

    // Not before its time…
    await t.drainJobs();
    t.clock.set(new Date(at.getTime() - 60_000));
    await t.drainJobs();
    expect((await postRow(id)).status).toBe('scheduled');
    expect(await onPds(text)).toHaveLength(0);

    // …and at it.
    t.clock.set(at);
    await t.drainJobs();
    const done = await postRow(id);
    expect(done.status).toBe('published');
    expect(new Date(done.published_at!).getTime()).toBe(at.getTime());
    expect(await onPds(text)).toHaveLength(1);
    expect(await readBack(done.remote_id!)).toMatchObject({ text });
    expect(statusTag((await page(id)).html)).toBe('Published');

    // Another post scheduled, then cancelled: it is approved again and its time passes without it going out.
    const text2 = 'Year 6 residential trip letters go home on Friday.';
    const id2 = await approvedPost(text2);
    const at2 = minutesAhead(45);
    expect((await publishAt(id2, ukFields(at2))).statusCode).toBe(302);
    expect((await postRow(id2)).status).toBe('scheduled');
    const cancelled = await w.agents.teacher.post(`/posts/${id2}/cancel-schedule`, {});
    expect(cancelled.statusCode).toBe(302);
    const back = await postRow(id2);
    expect(back.status).toBe('approved');
    expect(back.scheduled_for).toBeNull();
    const afterCancel = await page(id2);
    expect(statusTag(afterCancel.html)).toBe('Approved, not yet published');
    expect(afterCancel.text).toContain('Schedule cancelled');
    expect(afterCancel.html).toContain(`action="/posts/${id2}/publish"`);
    t.clock.set(new Date(at2.getTime() + 60_000));
    await t.drainJobs();
    expect((await postRow(id2)).status).toBe('approved');
    expect(await onPds(text2)).toHaveLength(0);
    // Cancelling what is not scheduled changes nothing.
    expect((await w.agents.teacher.post(`/posts/${id2}/cancel-schedule`, {})).statusCode).toBe(302);
    expect((await postRow(id2)).status).toBe('approved');
    // Only the people who run the account cancel a schedule.
    expect((await publishAt(id2, ukFields(minutesAhead(30)))).statusCode).toBe(302);
    expect((await w.agents.head.post(`/posts/${id2}/cancel-schedule`, {})).statusCode).toBe(404);
    expect((await postRow(id2)).status).toBe('scheduled');
    expect((await w.agents.teacher.post(`/posts/${id2}/cancel-schedule`, {})).statusCode).toBe(302);

    // A summer date is UK summer time: 09:30 on 1 June is 08:30 UTC.
    const nextYear = Number(ukFields(t.clock.now()).year) + 1;
    const summer = await publishAt(id2, { day: '1', month: '6', year: String(nextYear), time: '09:30' });
    expect(summer.statusCode, errorSummary(summer.body).join()).toBe(302);
    expect(new Date((await postRow(id2)).scheduled_for!).toISOString()).toBe(`${nextYear}-06-01T08:30:00.000Z`);
    expect((await w.agents.teacher.post(`/posts/${id2}/cancel-schedule`, {})).statusCode).toBe(302);
    expect((await postRow(id2)).status).toBe('approved');
  });

  it('PUB-6: an unapproved post (a draft, or one edited after approval) cannot be published and nothing is queued; someone who does not run the account cannot publish', async () => {
    const refusal = 'This post has not been approved as it is now, so it cannot be published. Send it for approval';
    // A draft.
    const draftId = await draft('Sports day has moved to next Wednesday.');
    const fromDraft = await publishNow(draftId);
    expect(fromDraft.statusCode).toBe(400);
    expect(errorSummary(fromDraft.body)).toEqual([refusal]);
    expect((await postRow(draftId)).status).toBe('draft');
    expect(await publishJobs(draftId)).toHaveLength(0);
    expect(
      errorSummary(
        (
          await w.agents.teacher.post(`/posts/${draftId}/hand-off`, {
            link: 'https://bsky.app/profile/x.test/post/3lbcabc',
          })
        ).body,
      ),
    ).toEqual(['This post has not been approved as it is now. Send it for approval before posting it']);

    // Approved, then edited: editing voids the approval.
    const text = 'The Christmas fair raised £450 for new library books.';
    const edited = await approvedPost(text);
    const change = await w.agents.teacher.post(`/posts/${edited}/edit`, draftForm(w.accountId, `${text} Thank you!`));
    expect(change.statusCode, errorSummary(change.body).join()).toBe(302);
    const voided = await postRow(edited);
    expect(voided).toMatchObject({ status: 'draft', approved_hash: null, approved_by: null });
    expect((await page(edited)).text).toContain('Approval withdrawn because the post changed');
    expect((await page(edited)).html).not.toContain(`action="/posts/${edited}/publish"`);
    const fromEdited = await publishNow(edited);
    expect(fromEdited.statusCode).toBe(400);
    expect(errorSummary(fromEdited.body)).toEqual([refusal]);
    expect(await publishJobs(edited)).toHaveLength(0);
    expect(await onPds(text)).toHaveLength(0);
    expect(await onPds(`${text} Thank you!`)).toHaveLength(0);

    // The head approves posts but does not run the account: no publish form, and a crafted post is refused.
    const approved = await approvedPost('Well done to the netball team on reaching the final.');
    expect((await page(approved, w.agents.head)).html).not.toContain(`action="/posts/${approved}/publish"`);
    const byHead = await publishNow(approved, w.agents.head);
    expect(byHead.statusCode).toBe(400);
    expect(errorSummary(byHead.body)).toEqual(['Only the people who run this account can publish its posts']);
    expect(
      (
        await w.agents.head.post(`/posts/${approved}/hand-off`, {
          link: 'https://bsky.app/profile/x.test/post/3lbcabc',
        })
      ).statusCode,
    ).toBe(404);
    expect((await w.agents.head.get(`/posts/${approved}/hand-off`)).headers.location).toBe(`/posts/${approved}`);
    // A senior leader who neither runs the account nor approves cannot even see an unpublished post; another school gets 404.
    expect((await publishNow(approved, w.agents.slt)).statusCode).toBe(404);
    expect((await publishNow(approved, w.agents.outsider)).statusCode).toBe(404);
    expect((await w.agents.outsider.post(`/posts/${approved}/cancel-schedule`, {})).statusCode).toBe(404);
    expect((await postRow(approved)).status).toBe('approved');
    expect(await publishJobs(approved)).toHaveLength(0);
  });

  it('PUB-6: the manual hand-off refuses a link that is not a link or not on Bluesky, and records a good link as published', async () => {
    const text = 'Our school council met the mayor today.';
    const id = await approvedPost(text);
    const form = await w.agents.teacher.get(`/posts/${id}/hand-off`);
    expect(form.statusCode).toBe(200);
    expect(pageText(form.body)).toContain('Post it by hand');
    expect(form.body).toContain(`readonly>${text}</textarea>`);

    const cases: [string, string][] = [
      ['', 'Paste the link to the post you made'],
      [
        'not a link',
        'That is not a web address. Copy the link to the post from Bluesky, for example https://bsky.app/profile/alderprimary.bsky.social/post/…',
      ],
      [
        'https://x.com/AlderPrimary/status/1860000000000000000',
        'The link is to x.com, not to Bluesky. Copy the link to the post from Bluesky, for example https://bsky.app/profile/alderprimary.bsky.social/post/…',
      ],
      [
        'https://www.facebook.com/AlderPrimary/posts/123',
        'The link is to www.facebook.com, not to Bluesky. Copy the link to the post from Bluesky, for example https://bsky.app/profile/alderprimary.bsky.social/post/…',
      ],
      [
        'http://bsky.app/profile/kingfisher.test/post/3lbcabc',
        'The link must start with https://. Copy the link to the post from Bluesky, for example https://bsky.app/profile/alderprimary.bsky.social/post/…',
      ],
    ];
    for (const [link, message] of cases) {
      const refused = await w.agents.teacher.post(`/posts/${id}/hand-off`, { link });
      expect(refused.statusCode, link).toBe(400);
      expect(errorSummary(refused.body), link).toEqual([message]);
      expect(refused.body).toContain('govuk-error-summary');
    }
    expect((await postRow(id)).status).toBe('approved');
    expect((await eventsOf(id)).some((e) => e.kind === 'post.handed-off')).toBe(false);

    const link = `https://bsky.app/profile/${bsky.handle}/post/3lbccouncil22`;
    const recorded = await w.agents.teacher.post(`/posts/${id}/hand-off`, { link: `  ${link}#top ` });
    expect(recorded.statusCode, errorSummary(recorded.body).join()).toBe(302);
    const row = await postRow(id);
    expect(row).toMatchObject({
      status: 'published',
      publish_via: 'manual',
      url: link,
      remote_id: link,
      published_by: w.people['teacher-a1']!.id,
    });
    expect(row.published_at).not.toBeNull();
    expect((await publications(id)).filter((p) => p.status === 'published')).toMatchObject([
      { via: 'manual', url: link },
    ]);
    const shown = await page(id);
    expect(statusTag(shown.html)).toBe('Published');
    expect(shown.text).toContain(`, by hand: ${link}`);
    expect(shown.text).toContain('Published by hand');
    // Nothing went to the PDS, and it cannot be recorded twice.
    expect(await onPds(text)).toHaveLength(0);
    const twice = await w.agents.teacher.post(`/posts/${id}/hand-off`, { link });
    expect(twice.statusCode).toBe(400);
    expect(errorSummary(twice.body)).toEqual(['This post has already been published']);
  });

  // ---- PUB-5: the record and taking down ------------------------------------------------------

  it('PUB-5: taking down: a Bluesky post is deleted through the connector with its reason kept; a post made by hand needs the “deleted by hand” confirmation; the record stays in the archive', async () => {
    // Published directly.
    const directText = 'The swimming gala is on Tuesday 3 March.';
    const direct = await approvedPost(directText);
    expect((await publishNow(direct)).statusCode).toBe(302);
    await t.drainJobs();
    const published = await postRow(direct);
    expect(published.status).toBe('published');
    expect(await readBack(published.remote_id!)).not.toBeNull();

    const form = await w.agents.head.get(`/posts/${direct}/take-down`);
    expect(form.statusCode).toBe(200);
    expect(pageText(form.body)).toContain('Postwarden will delete the post from Bluesky');
    expect(pageText(form.body)).toContain(
      'If the post was a mistake that could harm someone, also report it as a concern',
    );
    // Someone who neither runs the account, nor approves, nor manages accounts cannot take it down.
    expect((await w.agents.slt.get(`/posts/${direct}/take-down`)).headers.location).toBe(`/posts/${direct}`);
    expect(
      (await w.agents.slt.post(`/posts/${direct}/take-down`, { reason: 'I do not like this post at all' })).statusCode,
    ).toBe(404);
    expect((await postRow(direct)).status).toBe('published');
    expect(form.body).not.toContain('name="deletedByHand"');

    const short = await w.agents.head.post(`/posts/${direct}/take-down`, { reason: 'Wrong' });
    expect(short.statusCode).toBe(400);
    expect(errorSummary(short.body)).toEqual(['Say why the post is being taken down (at least 10 characters)']);
    expect((await postRow(direct)).status).toBe('published');
    expect(await readBack(published.remote_id!)).not.toBeNull();

    const reason = 'The gala date was wrong: it is on 10 March';
    const takenDown = await w.agents.head.post(`/posts/${direct}/take-down`, { reason });
    expect(takenDown.statusCode, errorSummary(takenDown.body).join()).toBe(302);
    expect(await readBack(published.remote_id!)).toBeNull();
    expect(await onPds(directText)).toHaveLength(0);
    const gone = await postRow(direct);
    expect(gone).toMatchObject({
      status: 'taken_down',
      takedown_reason: reason,
      taken_down_by: w.people['head-a1']!.id,
      remote_id: published.remote_id,
      url: published.url,
      text: directText,
    });
    const event = (await eventsOf(direct)).find((e) => e.kind === 'post.taken-down')!;
    expect(event.comment).toBe(reason);
    expect(event.detail).toMatchObject({ how: 'through the platform' });

    // Published by hand.
    const handText = 'Our new reading corner opens on Monday.';
    const byHand = await approvedPost(handText);
    const link = `https://bsky.app/profile/${bsky.handle}/post/3lbcreading22`;
    expect((await w.agents.teacher.post(`/posts/${byHand}/hand-off`, { link })).statusCode).toBe(302);
    const handForm = await w.agents.teacher.get(`/posts/${byHand}/take-down`);
    expect(pageText(handForm.body)).toContain(
      `Postwarden cannot delete this post itself. Delete it on Bluesky ( ${link} ), then record it here.`,
    );
    const unconfirmed = await w.agents.teacher.post(`/posts/${byHand}/take-down`, {
      reason: 'Posted on the wrong account by mistake',
    });
    expect(unconfirmed.statusCode).toBe(400);
    expect(errorSummary(unconfirmed.body)).toEqual([
      `Delete the post on the platform yourself (${link}), then confirm that you have`,
    ]);
    expect((await postRow(byHand)).status).toBe('published');
    const shortHand = await w.agents.teacher.post(`/posts/${byHand}/take-down`, {
      reason: 'oops',
      deletedByHand: 'yes',
    });
    expect(errorSummary(shortHand.body)).toEqual(['Say why the post is being taken down (at least 10 characters)']);
    const confirmed = await w.agents.teacher.post(`/posts/${byHand}/take-down`, {
      reason: 'Posted on the wrong account by mistake',
      deletedByHand: 'yes',
    });
    expect(confirmed.statusCode, errorSummary(confirmed.body).join()).toBe(302);
    expect(await postRow(byHand)).toMatchObject({
      status: 'taken_down',
      takedown_reason: 'Posted on the wrong account by mistake',
      url: link,
    });
    expect((await eventsOf(byHand)).find((e) => e.kind === 'post.taken-down')!.detail).toMatchObject({
      how: 'deleted by hand',
    });
    // Taking down twice is refused.
    const twice = await w.agents.teacher.post(`/posts/${byHand}/take-down`, {
      reason: 'Posted on the wrong account by mistake',
      deletedByHand: 'yes',
    });
    expect(errorSummary(twice.body)).toEqual(['Only a published post can be taken down']);

    // The record stays: in the archive as "Taken down", and on the post's page with the reason.
    const archive = await w.agents.slt.get('/posts/archive?status=taken_down');
    expect(archive.statusCode).toBe(200);
    const rowOf = (id: string) =>
      new RegExp(`href="/posts/${id}">[^<]*</a>[\\s\\S]*?</tr>`).exec(archive.body)?.[0] ?? '';
    for (const id of [direct, byHand]) {
      expect(rowOf(id), id).not.toBe('');
      expect(pageText(rowOf(id))).toContain('Taken down');
    }
    expect(pageText(archive.body)).toContain(directText);
    const all = pageText((await w.agents.slt.get('/posts/archive')).body);
    expect(all).toContain(handText);
    const record = await page(direct, w.agents.slt);
    expect(statusTag(record.html)).toBe('Taken down');
    expect(record.text).toContain(`: ${reason}`);
    expect(record.text).toContain(directText);
    expect(record.text).toMatch(/Taken down by head Tester .*The gala date was wrong/);
    expect(record.html).not.toContain(`href="/posts/${direct}/take-down"`);

    // Someone from another school finds nothing.
    for (const id of [direct, byHand]) {
      expect((await w.agents.outsider.get(`/posts/${id}`)).statusCode).toBe(404);
      expect((await w.agents.outsider.get(`/posts/${id}/take-down`)).statusCode).toBe(404);
      expect(
        (
          await w.agents.outsider.post(`/posts/${id}/take-down`, {
            reason: 'Someone else’s reason here',
            deletedByHand: 'yes',
          })
        ).statusCode,
      ).toBe(404);
    }
    expect(pageText((await w.agents.outsider.get('/posts/archive')).body)).not.toContain(directText);
    expect((await postRow(byHand)).takedown_reason).toBe('Posted on the wrong account by mistake');
  });

  it('PUB-5: when Bluesky fails the delete, the post stays published and up, and the message does not promise a retry that never comes', async () => {
    const text = 'Cake sale on Friday in the hall after school.';
    const id = await approvedPost(text);
    expect((await publishNow(id)).statusCode).toBe(302);
    await t.drainJobs();
    const published = await postRow(id);
    expect(published.status).toBe('published');

    pds.proxy.failNext('com.atproto.repo.deleteRecord', 'error-500', 1, 'POST');
    const jobsBefore = (await db().selectFrom('job').select('id').execute()).length;
    const failed = await w.agents.teacher.post(`/posts/${id}/take-down`, {
      reason: 'The sale was cancelled this morning',
    });
    expect(failed.statusCode).toBe(400);
    expect(await postRow(id)).toMatchObject({ status: 'published', takedown_reason: null, taken_down_at: null });
    expect(await readBack(published.remote_id!)).not.toBeNull();
    expect((await eventsOf(id)).some((e) => e.kind === 'post.taken-down')).toBe(false);
    const [why] = errorSummary(failed.body);
    expect(why).toMatch(
      /^The post could not be taken down: Bluesky had a problem while deleting the post on Bluesky \(error 500\)/,
    );
    // Nothing tries again by itself (no job is queued): the person must be told to try again, not that Postwarden will.
    expect((await db().selectFrom('job').select('id').execute()).length).toBe(jobsBefore);
    expect.soft(why).not.toMatch(/Postwarden will/);

    // Trying again once Bluesky answers takes it down.
    const again = await w.agents.teacher.post(`/posts/${id}/take-down`, {
      reason: 'The sale was cancelled this morning',
    });
    expect(again.statusCode, errorSummary(again.body).join()).toBe(302);
    expect(await readBack(published.remote_id!)).toBeNull();
    expect((await postRow(id)).status).toBe('taken_down');
  });

  it('PUB-5: the archive keeps the text, the cleaned photo, the author, the approver, the findings and overrides, and the link', async () => {
    const text = 'Summer fair tickets are on sale now: ring 07700 900123 to reserve yours.';
    const id = await draft(text);
    // A photo carrying camera details and a location, which must not survive (PUB-4).
    const upload = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#4a90c8' } })
      .withExif({
        IFD0: { Make: 'Canon', Model: 'Canon EOS R6' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '51/1 30/1 3230/100',
          GPSLongitudeRef: 'W',
          GPSLongitude: '0/1 7/1 4366/100',
        },
      })
      .jpeg({ quality: 80 })
      .toBuffer();
    expect((await sharp(upload).metadata()).exif).toBeDefined();
    const added = await w.agents.teacher.upload(
      `/posts/${id}/photos/new`,
      {},
      { field: 'photo', filename: 'summer-fair.jpg', content: upload, type: 'image/jpeg' },
    );
    expect(added.statusCode, pageText(added.body).slice(0, 500)).toBe(302);
    const imageId = /\/photos\/([0-9a-f-]{36})$/.exec(String(added.headers.location))![1]!;
    const altText = 'A blue poster for the summer fair';
    const described = await w.agents.teacher.post(`/posts/${id}/photos/${imageId}`, {
      altText,
      noPupilsVisible: 'yes',
      confirmedPupils: '',
      q: '',
      action: 'save',
    });
    expect(described.statusCode, errorSummary(described.body).join()).toBe(302);

    // The mobile number is advice: the head overrides it with a reason.
    const findings = (await postRow(id)).findings as { key: string; rule: string; severity: string; message: string }[];
    const advice = findings.filter((f) => f.severity === 'advisory');
    expect(advice.map((f) => f.rule)).toEqual(['contact-details']);
    expect(findings.filter((f) => f.severity === 'blocking')).toEqual([]);
    const overrideReason = 'This is the PTA’s published fair line, not a personal number';
    await submitAndApprove(id, { [`override-${advice[0]!.key}`]: overrideReason });

    expect((await publishNow(id)).statusCode).toBe(302);
    await t.drainJobs();
    const row = await postRow(id);
    expect(row.status).toBe('published');
    expect(row.author_id).toBe(w.people['teacher-a1']!.id);
    expect(row.approved_by).toBe(w.people['head-a1']!.id);

    // What went to Bluesky: the words and the cleaned photo with its alt text.
    const record = (await readBack(row.remote_id!)) as {
      text: string;
      embed: { $type: string; images: { alt: string; image: { mimeType: string; size: number } }[] };
    };
    expect(record.text).toBe(text);
    expect(record.embed.$type).toBe('app.bsky.embed.images');
    expect(record.embed.images.map((i) => [i.alt, i.image.mimeType])).toEqual([[altText, 'image/jpeg']]);
    const stored = await db().selectFrom('post_image').selectAll().where('post_id', '=', id).executeTakeFirstOrThrow();
    expect(record.embed.images[0]!.image.size).toBe(stored.bytes.length);

    // The archive lists it, with its author.
    const archive = await w.agents.slt.get('/posts/archive?words=summer%20fair');
    expect(archive.statusCode).toBe(200);
    const listed = pageText(new RegExp(`href="/posts/${id}">[\\s\\S]*?</tr>`).exec(archive.body)?.[0] ?? '');
    expect(listed).toContain('Summer fair tickets');
    expect(listed).toContain('Kingfisher class news');
    expect(listed).toContain('teacher Tester');
    expect(listed).toContain('Published');

    // Its page keeps the whole record, for someone who neither wrote nor approved it.
    const shown = await page(id, w.agents.slt);
    expect(shown.text).toContain(text);
    expect(shown.text).toContain('Written by teacher Tester');
    expect(shown.text).toContain('Approved by head Tester');
    expect(shown.text).toContain(advice[0]!.message);
    expect(shown.text).toContain(`Advice overridden ${advice[0]!.message} head Tester: “${overrideReason}”`);
    expect(shown.html).toContain(`href="${row.url}"`);
    expect(shown.text).toContain(altText);
    expect(shown.text).toContain('It carried a location, which was removed.');
    expect(shown.html).toContain(`src="/posts/${id}/photos/${imageId}/file"`);

    // The photo route serves the cleaned bytes: what is stored, not what was uploaded, with no hidden details.
    const file = await w.agents.slt.get(`/posts/${id}/photos/${imageId}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.rawPayload.equals(Buffer.from(stored.bytes))).toBe(true);
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(stored.sha256);
    expect(file.rawPayload.equals(upload)).toBe(false);
    const meta = await sharp(file.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([320, 240]);
    expect(stored.had_location).toBe(true);
    expect((await w.agents.outsider.get(`/posts/${id}/photos/${imageId}/file`)).statusCode).toBe(404);

    // The record survives a takedown, photo and all.
    expect(
      (
        await w.agents.teacher.post(`/posts/${id}/take-down`, {
          reason: 'The fair was postponed because of the weather',
        })
      ).statusCode,
    ).toBe(302);
    const after = await page(id, w.agents.slt);
    expect(statusTag(after.html)).toBe('Taken down');
    expect(after.text).toContain(text);
    expect(after.text).toContain('Approved by head Tester');
    expect(after.text).toContain(`“${overrideReason}”`);
    expect(after.html).toContain(`href="${row.url}"`);
    expect(
      (await w.agents.slt.get(`/posts/${id}/photos/${imageId}/file`)).rawPayload.equals(Buffer.from(stored.bytes)),
    ).toBe(true);
    const timeline = (await eventsOf(id)).map((e) => e.kind);
    expect(timeline).toEqual(
      expect.arrayContaining([
        'post.drafted',
        'post.photo-added',
        'post.photo-tagged',
        'post.submitted',
        'post.finding-overridden',
        'post.approved',
        'post.publish-started',
        'post.published',
        'post.taken-down',
      ]),
    );
  });
});
