import { describe, expect, it } from 'vitest';
import {
  fakeConnector,
  type CheckStep,
  type PublishStep,
} from '../../../../test/fixtures/connectors/fake-connector.ts';
import { post } from '../../../../test/fixtures/connectors/posts.ts';
import { manualConnector } from './manual.ts';
import { MemoryPublicationStore } from './memory-store.ts';
import { newAttempt, publishOnce, resumeAttempt, type PublishJob } from './publish.ts';

const T0 = new Date('2026-11-22T09:00:00Z');
const KEY = 'post-17-publish';

function setup(
  script: { publish?: PublishStep[]; confirm?: CheckStep[]; prepare?: ('ok' | 'error-500' | 'sign-in-refused')[] } = {},
  maxAttempts?: number,
) {
  const { connector, platform } = fakeConnector(script);
  const store = new MemoryPublicationStore();
  let clock = T0;
  const deps = { connector, store, now: () => clock, maxAttempts };
  const job: PublishJob = {
    idempotencyKey: KEY,
    post: post({ text: 'Well done to the netball team!' }),
    account: { handle: 'alder', credentials: { identifier: 'alder', secret: 's3cret-app-password' } },
  };
  return {
    platform,
    store,
    run: () => publishOnce(deps, job),
    later: (ms: number) => void (clock = new Date(clock.getTime() + ms)),
    saved: async () => (await store.load(KEY))!,
  };
}

describe('PUB-6: publishing never loses a post and never posts it twice', () => {
  it('PUB-6: saves "publishing started" before calling the platform, then the result', async () => {
    const t = setup();
    let seenAtPublish: unknown = null;
    t.platform.onPublish = async () => void (seenAtPublish = await t.store.load(KEY));
    const outcome = await t.run();
    expect(outcome).toEqual({
      status: 'published',
      ref: { remoteId: 'post-1', url: 'https://social.example/post-1' },
      alreadyPublished: false,
    });
    expect(seenAtPublish).toMatchObject({ outcomeUnknown: true, publishCalls: 1, status: 'pending' });
    expect(await t.saved()).toMatchObject({
      status: 'published',
      outcomeUnknown: false,
      remoteId: 'post-1',
      publishedAt: T0,
      startedAt: T0,
    });
    expect(t.platform.posts).toHaveLength(1);
  });

  it('PUB-6: a timeout after the platform made the post is confirmed at once and recorded, without posting again', async () => {
    const t = setup({ publish: ['timeout-after-success'] });
    expect(await t.run()).toMatchObject({ status: 'published', ref: { remoteId: 'post-1' } });
    expect(t.platform.posts).toHaveLength(1);
    expect(t.platform.calls).toEqual({ prepare: 1, publish: 1, confirm: 1 });
  });

  it('PUB-6: a timeout after success that cannot be confirmed yet: the next run confirms before anything else, and posts nothing', async () => {
    const t = setup({ publish: ['timeout-after-success'], confirm: ['fail'] });
    const first = await t.run();
    expect(first).toEqual({
      status: 'retry',
      at: new Date(T0.getTime() + 30_000),
      message: 'Fakebook did not answer in time',
    });
    expect(await t.saved()).toMatchObject({
      outcomeUnknown: true,
      failures: 1,
      nextAttemptAt: new Date(T0.getTime() + 30_000),
    });
    t.later(30_000);
    expect(await t.run()).toMatchObject({ status: 'published', alreadyPublished: true, ref: { remoteId: 'post-1' } });
    expect(t.platform.posts).toHaveLength(1);
    expect(t.platform.calls.publish).toBe(1);
  });

  it('PUB-6: a confirm that keeps failing never leads to a second publish', async () => {
    const t = setup({ publish: ['timeout-after-success'], confirm: ['fail', 'fail', 'fail', 'fail'] });
    for (let i = 0; i < 4; i++) {
      expect((await t.run()).status).toBe('retry');
      t.later(60 * 60_000);
    }
    expect(t.platform.calls.publish).toBe(1);
    expect(await t.run()).toMatchObject({ status: 'published', alreadyPublished: true });
    expect(t.platform.posts).toHaveLength(1);
  });

  it('PUB-6: a 500 (nothing made) is retried with backoff: the retry confirms the post is absent, then publishes once', async () => {
    const t = setup({ publish: ['error-500', 'error-500'] });
    expect(await t.run()).toMatchObject({ status: 'retry', at: new Date(T0.getTime() + 30_000) });
    t.later(30_000);
    expect(await t.run()).toMatchObject({ status: 'retry', at: new Date(T0.getTime() + 30_000 + 60_000) });
    t.later(60_000);
    expect(await t.run()).toMatchObject({ status: 'published', alreadyPublished: false });
    expect(t.platform.posts).toHaveLength(1);
    expect(t.platform.calls).toMatchObject({ publish: 3 });
    // Each publish after an unknown outcome was preceded by a confirm.
    expect(t.platform.calls.confirm).toBeGreaterThanOrEqual(4);
  });

  it('PUB-6: every retry publishes with the key and start time of the first attempt', async () => {
    const t = setup({ publish: ['timeout-before', 'timeout-before'] });
    await t.run();
    t.later(30_000);
    await t.run();
    t.later(60_000);
    await t.run();
    expect(t.platform.posts).toHaveLength(1);
    expect(t.platform.posts[0]!.options).toEqual({ idempotencyKey: KEY, startedAt: T0, reportedUrl: undefined });
  });

  it('PUB-6: a crash after "started" was saved: the next run confirms first, and records a post that went out', async () => {
    const t = setup();
    await t.store.save({ ...newAttempt(KEY, T0), outcomeUnknown: true, publishCalls: 1 });
    t.platform.posts.push({
      key: KEY,
      ref: { remoteId: 'post-0', url: 'https://social.example/post-0' },
      options: { idempotencyKey: KEY, startedAt: T0 },
    });
    expect(await t.run()).toMatchObject({ status: 'published', alreadyPublished: true, ref: { remoteId: 'post-0' } });
    expect(t.platform.calls).toEqual({ prepare: 0, publish: 0, confirm: 1 });
  });

  it('PUB-6: a crash after "started" was saved, and the post did not go out: the next run confirms, then publishes', async () => {
    const t = setup();
    await t.store.save({ ...newAttempt(KEY, T0), outcomeUnknown: true, publishCalls: 1 });
    expect(await t.run()).toMatchObject({ status: 'published', alreadyPublished: false });
    expect(t.platform.calls).toEqual({ prepare: 1, publish: 1, confirm: 1 });
    expect(t.platform.posts).toHaveLength(1);
  });

  it('PUB-6: a rejected post stops at once and is not retried', async () => {
    const t = setup({ publish: ['rejected'] });
    expect(await t.run()).toEqual({ status: 'failed', message: 'Fakebook refused the post', outcomeUnknown: false });
    expect(await t.run()).toEqual({ status: 'failed', message: 'Fakebook refused the post', outcomeUnknown: false });
    expect(t.platform.calls.publish).toBe(1);
    expect(t.platform.posts).toHaveLength(0);
  });

  it('PUB-6: refused sign-in details stop before publishing; once fixed, resuming publishes', async () => {
    const t = setup({ prepare: ['sign-in-refused'] });
    expect(await t.run()).toMatchObject({ status: 'failed', outcomeUnknown: false });
    expect(t.platform.calls.publish).toBe(0);
    await t.store.save(resumeAttempt(await t.saved()));
    expect(await t.run()).toMatchObject({ status: 'published' });
    expect(t.platform.posts).toHaveLength(1);
  });

  it('PUB-6: a rate limit waits as long as the platform asked', async () => {
    const t = setup({ publish: ['rate-limited'] });
    expect(await t.run()).toMatchObject({ status: 'retry', at: new Date(T0.getTime() + 10 * 60_000) });
    expect((await t.saved()).outcomeUnknown).toBe(false);
  });

  it('PUB-6: after the last attempt it stops and hands the post to the operator, saying to check first when the outcome is unknown', async () => {
    const t = setup({ publish: ['timeout-before', 'timeout-before', 'timeout-before'] }, 3);
    expect((await t.run()).status).toBe('retry');
    t.later(30_000);
    expect((await t.run()).status).toBe('retry');
    t.later(60_000);
    const last = await t.run();
    expect(last).toEqual({
      status: 'failed',
      outcomeUnknown: true,
      message:
        'Fakebook did not answer in time. Postwarden has stopped trying after 3 attempts: post it by hand, after checking whether it already went out',
    });
    expect(t.platform.posts).toHaveLength(0);
  });

  it('PUB-6: an unexpected error is treated as an unknown outcome, and its text (which may hold secrets) is never shown or saved', async () => {
    const t = setup({ publish: ['crash'] });
    const outcome = await t.run();
    expect(outcome).toMatchObject({
      status: 'retry',
      message: 'Something unexpected went wrong while publishing. Postwarden will check and try again',
    });
    expect(JSON.stringify(t.store.saves)).not.toContain('sk-live');
    expect((await t.saved()).outcomeUnknown).toBe(true);
  });

  it('PUB-6: a post the platform would refuse is not sent and nothing is saved', async () => {
    const t = setup();
    const outcome = await publishOnce(
      { connector: fakeConnector().connector, store: t.store, now: () => T0 },
      { idempotencyKey: KEY, post: post({ text: 'x'.repeat(101) }), account: { handle: null, credentials: null } },
    );
    expect(outcome).toMatchObject({ status: 'invalid', problems: [{ code: 'text-too-long' }] });
    expect(t.store.saves).toHaveLength(0);
  });

  it('PUB-6: an already published post is not touched again', async () => {
    const t = setup();
    await t.run();
    expect(await t.run()).toMatchObject({ status: 'published', alreadyPublished: true });
    expect(t.platform.calls).toEqual({ prepare: 1, publish: 1, confirm: 0 });
  });

  it('PUB-6: the manual hand-off records the pasted link; a wrong link changes nothing and can be corrected', async () => {
    const store = new MemoryPublicationStore();
    const deps = { connector: manualConnector('bluesky'), store, now: () => T0 };
    const job: PublishJob = {
      idempotencyKey: 'manual-1',
      post: post(),
      account: { handle: 'alderprimary.bsky.social', credentials: null },
    };
    const wrong = await publishOnce(deps, { ...job, reportedUrl: 'https://x.com/AlderPrimary/status/1' });
    expect(wrong).toMatchObject({
      status: 'invalid',
      message: expect.stringMatching(/^The link is to x\.com, not to Bluesky/),
    });
    expect(await store.load('manual-1')).toMatchObject({ outcomeUnknown: false, publishCalls: 0, status: 'pending' });
    const url = 'https://bsky.app/profile/alderprimary.bsky.social/post/3lb2xyzabc2a2';
    expect(await publishOnce(deps, { ...job, reportedUrl: url })).toEqual({
      status: 'published',
      ref: { remoteId: url, url },
      alreadyPublished: false,
    });
  });
});
