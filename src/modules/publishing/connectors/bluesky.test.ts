/**
 * The Bluesky connector against a real PDS (`@atproto/pds`) started on loopback by this file, with
 * a fault proxy in front of it to lose answers and fail requests the way the network does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealPds, type RealPds, type TestAccount } from '../../../../test/fixtures/connectors/real-pds.ts';
import { image, post } from '../../../../test/fixtures/connectors/posts.ts';
import { blueskyConnector, type BlueskyPrepared } from './bluesky.ts';
import { PermanentError, TransientError } from './errors.ts';
import { MemoryPublicationStore } from './memory-store.ts';
import { publishOnce } from './publish.ts';
import { takeDown } from './take-down.ts';
import { rkeyFor } from './tid.ts';
import type { AccountAccess, PreparedPublication } from './types.ts';

let pds: RealPds;
let alder: TestAccount;
let pta: TestAccount;

beforeAll(async () => {
  pds = await startRealPds();
  alder = await pds.createAccount('alder');
  pta = await pds.createAccount('pta');
}, 60_000);

afterAll(async () => {
  await pds?.close();
});

// One connector each, as the app has one: sessions are reused between calls. Requests the fault
// proxy holds are given up on after a second; everything else has time to spare on a busy machine.
const steady = blueskyConnector({ appUrl: 'https://bsky.app', timeoutMs: 15_000 });
const impatient = blueskyConnector({ appUrl: 'https://bsky.app', timeoutMs: 1_000 });
const connector = () => steady;
const access = (secret = alder.appPassword): AccountAccess => ({
  handle: alder.handle,
  credentials: { identifier: alder.handle, secret, service: pds.url },
});
const postsWithKey = async (rkey: string) => (await pds.listPosts(alder.did)).filter((p) => p.uri.endsWith(`/${rkey}`));
let n = 0;
const fresh = () => ({ idempotencyKey: `bsky-test-${++n}`, startedAt: new Date(Date.UTC(2026, 10, 22, 9, 0, n)) });

describe('PUB-6: publishing to Bluesky through a real PDS', () => {
  it('PUB-6: signs in with the app password, uploads the image with its alt text, turns links and mentions into facets, and writes the post under the derived record key', async () => {
    const c = connector();
    const { idempotencyKey, startedAt } = fresh();
    const text = 'Thank you @pta.test for the cake sale! More at https://alder.sch.uk/news and hello @nobody.test';
    const prepared = await c.prepare(post({ text, images: [image({ width: 1200, height: 800 })] }), access());
    const ref = await c.publish(prepared, { idempotencyKey, startedAt });

    const rkey = rkeyFor(idempotencyKey, startedAt);
    expect(ref).toEqual({
      remoteId: `at://${alder.did}/app.bsky.feed.post/${rkey}`,
      url: `https://bsky.app/profile/${alder.did}/post/${rkey}`,
    });
    const [stored] = await postsWithKey(rkey);
    // biome-ignore lint/suspicious/noExplicitAny: the library declares this value loosely; it is checked where it is used
    const record = stored!.value as any;
    expect(record.text).toBe(text);
    expect(record.createdAt).toBe(startedAt.toISOString());
    expect(record.langs).toEqual(['en-GB']);
    // biome-ignore lint/suspicious/noExplicitAny: the library declares this value loosely; it is checked where it is used
    const features = record.facets.flatMap((f: any) => f.features);
    expect(features).toEqual([
      { $type: 'app.bsky.richtext.facet#mention', did: pta.did },
      { $type: 'app.bsky.richtext.facet#link', uri: 'https://alder.sch.uk/news' },
    ]);
    const mention = record.facets[0].index;
    expect(Buffer.from(text).subarray(mention.byteStart, mention.byteEnd).toString()).toBe('@pta.test');
    expect(record.embed.$type).toBe('app.bsky.embed.images');
    expect(record.embed.images).toHaveLength(1);
    expect(record.embed.images[0].alt).toBe('Year 5 pupils running the relay on the school field');
    expect(record.embed.images[0].aspectRatio).toEqual({ width: 1200, height: 800 });
    expect(record.embed.images[0].image.mimeType).toBe('image/png');

    const [login] = pds.proxy.requests('com.atproto.server.createSession').slice(-1);
    expect(JSON.parse(login!.body.toString())).toEqual({ identifier: alder.handle, password: alder.appPassword });
    const [upload] = pds.proxy.requests('com.atproto.repo.uploadBlob').slice(-1);
    expect(upload!.headers['content-type']).toBe('image/png');
    expect(upload!.headers.authorization).toMatch(/^Bearer ey/);
    const [create] = pds.proxy.requests('com.atproto.repo.createRecord').slice(-1);
    expect(create!.headers.authorization).toMatch(/^Bearer ey/);
    expect(JSON.parse(create!.body.toString())).toMatchObject({
      repo: alder.did,
      collection: 'app.bsky.feed.post',
      rkey,
      validate: true,
    });
  });

  it('PUB-6: publishing the same post again under the same key finds the first post instead of making a second', async () => {
    const c = connector();
    const { idempotencyKey, startedAt } = fresh();
    const prepared = await c.prepare(post(), access());
    const first = await c.publish(prepared, { idempotencyKey, startedAt });
    const again = await c.publish(await c.prepare(post(), access()), { idempotencyKey, startedAt });
    expect(again).toEqual(first);
    expect(await postsWithKey(rkeyFor(idempotencyKey, startedAt))).toHaveLength(1);
  });

  it('PUB-6: when the answer is lost after the PDS made the post, the connector finds the post rather than failing', async () => {
    const c = impatient;
    const { idempotencyKey, startedAt } = fresh();
    const prepared = await c.prepare(post(), access());
    pds.proxy.failNext('com.atproto.repo.createRecord', 'lose-answer');
    const ref = await c.publish(prepared, { idempotencyKey, startedAt });
    expect(ref.remoteId).toContain(rkeyFor(idempotencyKey, startedAt));
    expect(await postsWithKey(rkeyFor(idempotencyKey, startedAt))).toHaveLength(1);
  });

  it('PUB-6: a timeout after success with nothing to confirm by: the job retries, confirms first, and records the one post without posting again', async () => {
    const store = new MemoryPublicationStore();
    let clock = new Date('2026-11-22T10:00:00Z');
    const deps = { connector: impatient, store, now: () => clock };
    const job = {
      idempotencyKey: 'bsky-lost-answer',
      post: post({ text: 'Our choir sang beautifully at the care home today.' }),
      account: access(),
    };
    const createsBefore = pds.proxy.requests('com.atproto.repo.createRecord').length;
    pds.proxy.failNext('com.atproto.repo.createRecord', 'lose-answer');
    pds.proxy.failNext('com.atproto.repo.getRecord', 'error-500', 2);

    const first = await publishOnce(deps, job);
    expect(first.status).toBe('retry');
    expect((await store.load(job.idempotencyKey))!.outcomeUnknown).toBe(true);

    clock = new Date(clock.getTime() + 60_000);
    const second = await publishOnce(deps, job);
    expect(second).toMatchObject({ status: 'published', alreadyPublished: true });

    const creates = pds.proxy.requests('com.atproto.repo.createRecord').slice(createsBefore);
    expect(creates).toHaveLength(1);
    expect(creates[0]!.status).toBe(200);
    const saved = (await store.load(job.idempotencyKey))!;
    expect(saved.publishCalls).toBe(1);
    expect(await postsWithKey(rkeyFor(job.idempotencyKey, saved.startedAt))).toHaveLength(1);
  });

  it('PUB-6: a 500 from Bluesky is a TransientError; the retry confirms the post is absent and posts exactly once', async () => {
    const store = new MemoryPublicationStore();
    let clock = new Date('2026-11-22T11:00:00Z');
    const deps = { connector: connector(), store, now: () => clock };
    const job = {
      idempotencyKey: 'bsky-500',
      post: post({ text: 'Reminder: non-uniform day on Friday.' }),
      account: access(),
    };
    pds.proxy.failNext('com.atproto.repo.createRecord', 'error-500');

    const first = await publishOnce(deps, job);
    expect(first).toMatchObject({
      status: 'retry',
      message: expect.stringMatching(/Bluesky had a problem while posting to Bluesky \(error 500\)/),
    });
    clock = new Date(clock.getTime() + 60_000);
    expect(await publishOnce(deps, job)).toMatchObject({ status: 'published', alreadyPublished: false });

    const saved = (await store.load(job.idempotencyKey))!;
    expect(saved.publishCalls).toBe(2);
    expect(await postsWithKey(rkeyFor(job.idempotencyKey, saved.startedAt))).toHaveLength(1);
  });

  it('PUB-6: a server that does not answer is a TransientError within the timeout', async () => {
    const c = impatient;
    const prepared = await c.prepare(post(), access());
    pds.proxy.failNext('com.atproto.repo.createRecord', 'hang');
    pds.proxy.failNext('com.atproto.repo.getRecord', 'hang');
    const started = Date.now();
    const error = await c.publish(prepared, fresh()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).message).toBe(
      'Bluesky did not answer in time while posting to Bluesky. Postwarden will check and try again',
    );
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('PUB-6: a rate limit is a TransientError carrying the wait Bluesky asked for', async () => {
    pds.proxy.failNext('com.atproto.server.createSession', 'rate-limited');
    const signingIn = blueskyConnector({ timeoutMs: 15_000 }); // no session yet
    const error = await signingIn.prepare(post(), access()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).retryAfterMs).toBe(120_000);
  });

  it('PUB-6: a wrong app password is a PermanentError whose message names no secret, and nothing is posted', async () => {
    const wrong = 'abcd-efgh-ijkl-mnop';
    const store = new MemoryPublicationStore();
    const createsBefore = pds.proxy.requests('com.atproto.repo.createRecord').length;
    const outcome = await publishOnce(
      { connector: connector(), store, now: () => new Date() },
      { idempotencyKey: 'bsky-wrong', post: post(), account: access(wrong) },
    );
    expect(outcome).toEqual({
      status: 'failed',
      outcomeUnknown: false,
      message: 'Bluesky refused the stored sign-in details. Check the handle and app password stored for this account',
    });
    expect(JSON.stringify(store.saves)).not.toContain(wrong);
    expect(pds.proxy.requests('com.atproto.repo.createRecord')).toHaveLength(createsBefore);
  });

  it('PUB-6: a kept session Bluesky no longer accepts is a TransientError, and the next try signs in afresh', async () => {
    const c = blueskyConnector({ timeoutMs: 15_000 });
    await c.prepare(post(), access());
    const kept = await c.prepare(post(), access());
    const signIns = pds.proxy.requests('com.atproto.server.createSession').length;
    pds.proxy.failNext('com.atproto.repo.createRecord', 'unauthorized');
    const key = fresh();
    const error = await c.publish(kept, key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).message).toBe(
      'Bluesky ended Postwarden’s signed-in session. Postwarden will sign in again and try again',
    );
    const ref = await c.publish(await c.prepare(post(), access()), key);
    expect(pds.proxy.requests('com.atproto.server.createSession').length).toBe(signIns + 1);
    expect(await postsWithKey(rkeyFor(key.idempotencyKey, key.startedAt))).toHaveLength(1);
    expect(ref.remoteId).toContain(rkeyFor(key.idempotencyKey, key.startedAt));
  });

  it('PUB-6: no stored sign-in details is a PermanentError before anything is sent', async () => {
    const error = await connector()
      .prepare(post(), { handle: alder.handle, credentials: null })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).reason).toBe('no-credentials');
  });

  it('PUB-6: a post the PDS refuses (too long, if validation were skipped) is a PermanentError with Bluesky’s reason', async () => {
    const c = connector();
    const prepared = await c.prepare(post(), access());
    const tooLong: PreparedPublication<BlueskyPrepared> = {
      ...prepared,
      payload: { ...prepared.payload, parts: { ...prepared.payload.parts, text: 'x'.repeat(301) } },
    };
    const error = await c.publish(tooLong, fresh()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).message).toMatch(
      /^Bluesky refused the post while posting to Bluesky: .*300 graphemes/,
    );
  });

  it('PUB-5: takes a post down through the PDS; confirm then finds it absent, and a second takedown finds it already gone', async () => {
    const c = connector();
    const { idempotencyKey, startedAt } = fresh();
    const ref = await c.publish(await c.prepare(post({ text: 'Posted by mistake' }), access()), {
      idempotencyKey,
      startedAt,
    });
    expect(await c.confirm({ idempotencyKey, startedAt, remoteId: ref.remoteId, text: '' }, access())).toEqual({
      state: 'published',
      ...ref,
    });

    expect(await takeDown(c, ref, access())).toEqual({ status: 'removed' });
    expect(await postsWithKey(rkeyFor(idempotencyKey, startedAt))).toHaveLength(0);
    expect(await c.confirm({ idempotencyKey, startedAt, remoteId: ref.remoteId, text: '' }, access())).toEqual({
      state: 'absent',
    });
    expect(await takeDown(c, ref, access())).toEqual({ status: 'already-gone' });
  });

  it('PUB-5: refuses to delete a post of another account', async () => {
    const c = connector();
    const ptaAccess: AccountAccess = {
      handle: pta.handle,
      credentials: { identifier: pta.handle, secret: pta.appPassword, service: pds.url },
    };
    const ref = await c.publish(await c.prepare(post({ text: 'PTA news' }), ptaAccess), fresh());
    const error = await c.remove(ref, access()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).reason).toBe('not-allowed');
    expect((await pds.listPosts(pta.did)).map((p) => p.uri)).toContain(ref.remoteId);
  });
});
