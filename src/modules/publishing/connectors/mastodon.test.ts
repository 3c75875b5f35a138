/**
 * The Mastodon connector against a loopback server answering Mastodon's documented API (honouring
 * Idempotency-Key as Mastodon does), with a fault proxy in front to lose answers and fail requests.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeMastodon, type FakeMastodon } from '../../../../test/fixtures/connectors/fake-mastodon.ts';
import { startFaultProxy, type FaultProxy } from '../../../../test/fixtures/connectors/fault-proxy.ts';
import { image, post } from '../../../../test/fixtures/connectors/posts.ts';
import { PermanentError, TransientError } from './errors.ts';
import { mastodonConnector, type MastodonPrepared } from './mastodon.ts';
import { MemoryPublicationStore } from './memory-store.ts';
import { publishOnce } from './publish.ts';
import { takeDown } from './take-down.ts';
import type { AccountAccess, PreparedPublication } from './types.ts';

let server: FakeMastodon;
let proxy: FaultProxy;
let serverNow = () => new Date();

beforeAll(async () => {
  server = await startFakeMastodon({ now: () => serverNow() });
  proxy = await startFaultProxy({ targetPort: server.port });
});

afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

beforeEach(() => {
  serverNow = () => new Date();
  server.setMediaProcessingPolls(0);
});

const steady = mastodonConnector({ timeoutMs: 15_000, mediaPollMs: 10 });
const impatient = mastodonConnector({ timeoutMs: 1_000, mediaPollMs: 10 });
const access = (token = server.accounts[0]!.token): AccountAccess => ({
  handle: '@alder@mastodon.test',
  credentials: { identifier: '@alder@mastodon.test', secret: token, service: proxy.url },
});
let n = 0;
const fresh = () => ({ idempotencyKey: `masto-test-${++n}`, startedAt: new Date() });
const statusPosts = () => proxy.requests('/api/v1/statuses', 'POST');

describe('PUB-6: publishing to Mastodon', () => {
  it('PUB-6: uploads each image with its description, then posts a public status carrying the Idempotency-Key header', async () => {
    const { idempotencyKey, startedAt } = fresh();
    const prepared = await steady.prepare(
      post({
        text: 'Sports day results are in! https://alder.sch.uk/news',
        images: [image(), image({ ref: 'img-2', altText: 'The winning team holding the cup' })],
      }),
      access(),
    );
    const ref = await steady.publish(prepared, { idempotencyKey, startedAt });

    const status = server.statuses.find((s) => s.id === ref.remoteId)!;
    expect(ref).toEqual({ remoteId: status.id, url: `https://mastodon.test/@alder/${status.id}` });
    expect(status).toMatchObject({
      text: 'Sports day results are in! https://alder.sch.uk/news',
      visibility: 'public',
      language: 'en',
      accountId: server.accounts[0]!.id,
    });
    expect(status.mediaIds.map((id) => server.media.find((m) => m.id === id)!.description)).toEqual([
      'Year 5 pupils running the relay on the school field',
      'The winning team holding the cup',
    ]);
    expect(status.mediaIds.map((id) => server.media.find((m) => m.id === id)!.mimeType)).toEqual([
      'image/png',
      'image/png',
    ]);

    const [request] = statusPosts().slice(-1);
    expect(request!.headers['idempotency-key']).toBe(idempotencyKey);
    expect(request!.headers.authorization).toBe(`Bearer ${server.accounts[0]!.token}`);
    expect(JSON.parse(request!.body.toString())).toEqual({
      status: status.text,
      media_ids: status.mediaIds,
      visibility: 'public',
      language: 'en',
    });
    expect(proxy.requests('/api/v1/instance')).toHaveLength(0);
  });

  it('PUB-6: a retry under the same key gets the same status back, as Mastodon does, and nothing is posted twice', async () => {
    const key = fresh();
    const before = server.created().length;
    const first = await steady.publish(await steady.prepare(post(), access()), key);
    const again = await steady.publish(await steady.prepare(post(), access()), key);
    expect(again).toEqual(first);
    expect(server.created().length - before).toBe(1);
  });

  it('PUB-6: waits for an image Mastodon is still processing before posting', async () => {
    server.setMediaProcessingPolls(2);
    const before = proxy.requests('/api/v1/media/', 'GET').length;
    const prepared = await steady.prepare(post({ images: [image()] }), access());
    expect(prepared.payload.mediaIds).toHaveLength(1);
    expect(proxy.requests(`/api/v1/media/${prepared.payload.mediaIds[0]}`, 'GET').length).toBe(2);
    expect(proxy.requests('/api/v1/media/', 'GET').length).toBe(before);
  });

  it('PUB-6: the answer is lost after Mastodon made the status: the job confirms by the text and records the one status', async () => {
    const store = new MemoryPublicationStore();
    const job = {
      idempotencyKey: 'masto-lost-answer',
      post: post({ text: 'Year 6 leavers’ assembly starts at 2pm.' }),
      account: access(),
    };
    const before = server.created().length;
    proxy.failNext('/api/v1/statuses', 'lose-answer', 1, 'POST');
    const outcome = await publishOnce({ connector: impatient, store, now: () => new Date() }, job);
    expect(outcome).toMatchObject({ status: 'published', alreadyPublished: false });
    expect(server.created().length - before).toBe(1);
    expect((await store.load(job.idempotencyKey))!.remoteId).toBe(server.created().at(-1)!.id);
  });

  it('PUB-6: the answer is lost and the check fails too: the next run confirms first and never posts again', async () => {
    const store = new MemoryPublicationStore();
    let clock = new Date();
    const deps = { connector: impatient, store, now: () => clock };
    const job = {
      idempotencyKey: 'masto-lost-twice',
      post: post({ text: 'Book fair in the hall all week.' }),
      account: access(),
    };
    const before = { created: server.created().length, posts: statusPosts().length };
    proxy.failNext('/api/v1/statuses', 'lose-answer', 1, 'POST');
    proxy.failNext('/statuses', 'error-500', 1, 'GET');

    expect((await publishOnce(deps, job)).status).toBe('retry');
    clock = new Date(clock.getTime() + 60_000);
    expect(await publishOnce(deps, job)).toMatchObject({ status: 'published', alreadyPublished: true });
    expect(statusPosts().length - before.posts).toBe(1);
    expect(server.created().length - before.created).toBe(1);
  });

  it('PUB-6: when the check misses the status (server clock far behind), the retry’s Idempotency-Key still prevents a second status', async () => {
    serverNow = () => new Date(Date.now() - 60 * 60_000);
    const store = new MemoryPublicationStore();
    let clock = new Date();
    const deps = { connector: impatient, store, now: () => clock };
    const job = {
      idempotencyKey: 'masto-skewed',
      post: post({ text: 'Harvest festival donations, thank you!' }),
      account: access(),
    };
    const before = server.created().length;
    proxy.failNext('/api/v1/statuses', 'lose-answer', 1, 'POST');
    expect((await publishOnce(deps, job)).status).toBe('retry');
    clock = new Date(clock.getTime() + 60_000);
    expect(await publishOnce(deps, job)).toMatchObject({ status: 'published' });
    expect(server.created().length - before).toBe(1);
  });

  it('PUB-6: a 500, or a proxy’s error page, is a TransientError; the retry posts exactly once', async () => {
    for (const fault of ['error-500', 'bad-gateway-html'] as const) {
      const store = new MemoryPublicationStore();
      let clock = new Date();
      const deps = { connector: steady, store, now: () => clock };
      const job = {
        idempotencyKey: `masto-${fault}`,
        post: post({ text: `Trip letter (${fault})` }),
        account: access(),
      };
      const before = server.created().length;
      proxy.failNext('/api/v1/statuses', fault, 1, 'POST');
      const first = await publishOnce(deps, job);
      expect(first.status).toBe('retry');
      expect(first.status === 'retry' && first.message).toMatch(
        fault === 'error-500' ? /\(error 500\)/ : /could not get a usable answer/,
      );
      clock = new Date(clock.getTime() + 60_000);
      expect(await publishOnce(deps, job)).toMatchObject({ status: 'published' });
      expect(server.created().length - before).toBe(1);
    }
  });

  it('PUB-6: a server that does not answer is a TransientError within the timeout', async () => {
    const prepared = await impatient.prepare(post(), access());
    proxy.failNext('/api/v1/statuses', 'hang', 1, 'POST');
    const error = await impatient.publish(prepared, fresh()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).message).toBe(
      'Mastodon did not answer in time while posting to Mastodon. Postwarden will check and try again',
    );
  });

  it('PUB-6: a rate limit is a TransientError carrying the wait Mastodon asked for', async () => {
    proxy.failNext('/api/v1/accounts/verify_credentials', 'rate-limited');
    const error = await steady.prepare(post(), access()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).retryAfterMs).toBe(120_000);
  });

  it('PUB-6: a refused access token is a PermanentError that does not repeat the token, and nothing is posted', async () => {
    const token = 'revoked-token-9f8e7d6c5b4a';
    const store = new MemoryPublicationStore();
    const before = statusPosts().length;
    const outcome = await publishOnce(
      { connector: steady, store, now: () => new Date() },
      { idempotencyKey: 'masto-bad-token', post: post(), account: access(token) },
    );
    expect(outcome).toMatchObject({ status: 'failed', outcomeUnknown: false });
    expect(outcome.status === 'failed' && outcome.message).toMatch(/^Mastodon refused the stored access token/);
    expect(JSON.stringify(store.saves)).not.toContain(token);
    expect(statusPosts().length).toBe(before);
  });

  it('PUB-6: Mastodon refusing the status (422) is a PermanentError with Mastodon’s reason', async () => {
    const prepared = await steady.prepare(post(), access());
    const tooLong: PreparedPublication<MastodonPrepared> = {
      ...prepared,
      payload: { ...prepared.payload, status: 'x'.repeat(501) },
    };
    const error = await steady.publish(tooLong, fresh()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).message).toBe(
      'Mastodon refused the post while posting to Mastodon: Validation failed: Text character limit of 500 exceeded',
    );
  });

  it('PUB-6: no access token, or no way to tell the server, is a PermanentError before anything is sent', async () => {
    const before = proxy.seen.length;
    const none = await steady
      .prepare(post(), { handle: '@alder@mastodon.test', credentials: null })
      .catch((e: unknown) => e);
    expect((none as PermanentError).reason).toBe('no-credentials');
    const nowhere = await steady
      .prepare(post(), { handle: 'alder', credentials: { identifier: 'alder', secret: 't' } })
      .catch((e: unknown) => e);
    expect((nowhere as PermanentError).message).toMatch(/cannot tell which Mastodon server/);
    expect(proxy.seen.length).toBe(before);
  });

  it('PUB-5: deletes the status; confirm then finds it absent, and a second takedown finds it already gone', async () => {
    const key = fresh();
    const ref = await steady.publish(await steady.prepare(post({ text: 'Posted by mistake' }), access()), key);
    expect(await steady.confirm({ ...key, remoteId: ref.remoteId, text: '' }, access())).toEqual({
      state: 'published',
      ...ref,
    });
    expect(await takeDown(steady, ref, access())).toEqual({ status: 'removed' });
    expect(server.statuses.some((s) => s.id === ref.remoteId)).toBe(false);
    expect(proxy.requests(`/api/v1/statuses/${ref.remoteId}`, 'DELETE')).toHaveLength(1);
    expect(await steady.confirm({ ...key, remoteId: ref.remoteId, text: '' }, access())).toEqual({ state: 'absent' });
    expect(await takeDown(steady, ref, access())).toEqual({ status: 'already-gone' });
  });

  it('PUB-5: refuses to delete a status of another account', async () => {
    const birch = access(server.accounts[1]!.token);
    const ref = await steady.publish(await steady.prepare(post({ text: 'Birch news' }), birch), fresh());
    const outcome = await takeDown(steady, ref, access());
    expect(outcome).toMatchObject({ status: 'failed', message: expect.stringMatching(/different Mastodon account/) });
    expect(server.statuses.some((s) => s.id === ref.remoteId)).toBe(true);
  });
});
