import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_SECRET_KEY, type TestApp } from '../../support/app.ts';
import { errorSummary } from '../../support/agent.ts';
import { startFakeMastodon, type FakeMastodon } from '../../fixtures/connectors/fake-mastodon.ts';
import { createRegistry } from '../../../src/modules/publishing/connectors/registry.ts';
import type { Connector } from '../../../src/modules/publishing/connectors/types.ts';
import { storeCredentials } from '../../../src/modules/accounts/credentials/service.ts';
import { draftForm, idFrom, seedPostingWorld, type PostingWorld } from './support.ts';

const CHECKS = ['dressed', 'not-ridiculed', 'appropriate', 'not-controversial'];

/**
 * The registry as a school has it, except that Mastodon is the loopback server: the connector would
 * otherwise work out https://<server> from the account's address.
 */
function registryOn(server: () => string) {
  const real = createRegistry({ mastodon: { mediaPollMs: 5, mediaTimeoutMs: 2000 } });
  return (platform: string) => {
    const entry = real(platform);
    if (platform !== 'mastodon' || !entry.direct) return entry;
    const direct = entry.direct;
    const onLoopback = (account: Parameters<Connector['prepare']>[1]) => ({
      ...account,
      credentials: account.credentials ? { ...account.credentials, service: server() } : null,
    });
    const wrapped: Connector = {
      ...direct,
      validate: (post) => direct.validate(post),
      prepare: (post, account) => direct.prepare(post, onLoopback(account)),
      publish: (prepared, options) => direct.publish(prepared, options),
      confirm: (attempt, account) => direct.confirm(attempt, onLoopback(account)),
      remove: (ref, account) => direct.remove(ref, onLoopback(account)),
    };
    return { direct: wrapped, manual: entry.manual };
  };
}

describe('publishing on Mastodon through the whole journey (PUB-6, PUB-5)', () => {
  let t: TestApp;
  let w: PostingWorld;
  let server: FakeMastodon;
  const db = () => t.database.db;

  beforeAll(async () => {
    server = await startFakeMastodon();
    t = await startTestApp({ connectors: registryOn(() => server.url), env: { SESSION_IDLE_MINUTES: '1440' } });
    w = await seedPostingWorld(t, 'mastodon');
    await db()
      .updateTable('official_account')
      .set({ handle: '@alder@mastodon.test', address: 'https://mastodon.test/@alder' })
      .where('id', '=', w.accountId)
      .execute();
    const stored = await storeCredentials(
      db(),
      Buffer.from(TEST_SECRET_KEY, 'hex'),
      t.clock.now(),
      { trustId: w.trustA, schoolId: w.schoolA1 },
      { id: w.people['admin-a1']!.id, label: 'admin Tester' },
      w.accountId,
      {
        username: '@alder@mastodon.test',
        password: server.accounts[0]!.token,
        notes: '',
      },
    );
    expect(stored.kind).toBe('stored');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  it('PUB-6: an approved post with a cleaned photo goes out once on Mastodon, with its alt text; PUB-5: it is taken down there with a reason', async () => {
    const created = await w.agents.teacher.post(
      '/posts/new',
      draftForm(w.accountId, 'Reception planted sunflowers today. Watch this space!'),
    );
    const id = idFrom(created.headers.location);
    const photo = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/images/gps-camera.jpg'));
    const upload = await w.agents.teacher.upload(
      `/posts/${id}/photos/new`,
      {},
      { field: 'photo', filename: 'sunflowers.jpg', content: photo, type: 'image/jpeg' },
    );
    expect(upload.statusCode, errorSummary(upload.body).join()).toBe(302);
    const image = await db().selectFrom('post_image').select('id').where('post_id', '=', id).executeTakeFirstOrThrow();
    expect(
      (
        await w.agents.teacher.post(`/posts/${id}/photos/${image.id}`, {
          altText: 'Pots of soil on a windowsill',
          noPupilsVisible: 'yes',
          action: 'save',
        })
      ).statusCode,
    ).toBe(302);
    expect((await w.agents.teacher.post(`/posts/${id}/submit`, {})).statusCode).toBe(302);
    expect(
      (await w.agents.head.post(`/posts/${id}/decision`, { decision: 'approve', comment: '', checks: CHECKS }))
        .statusCode,
    ).toBe(302);

    const page = await w.agents.teacher.get(`/posts/${id}`);
    expect(page.body).toContain('When should Postwarden publish it on Mastodon?');
    expect(
      (
        await w.agents.teacher.post(`/posts/${id}/publish`, {
          when: 'now',
          'at-day': '',
          'at-month': '',
          'at-year': '',
          time: '',
        })
      ).statusCode,
    ).toBe(302);
    await t.drainJobs();
    await t.drainJobs(); // a second run finds nothing more to do

    const row = await db().selectFrom('post').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('published');
    expect(server.created()).toHaveLength(1);
    const status = server.created()[0]!;
    expect(row.remote_id).toBe(status.id);
    expect(row.url).toContain(status.id);
    expect(status.text).toContain('Reception planted sunflowers today.');
    expect(server.media.map((m) => m.description)).toEqual(['Pots of soil on a windowsill']);

    const down = await w.agents.teacher.post(`/posts/${id}/take-down`, { reason: 'A parent asked us to remove it' });
    expect(down.statusCode, errorSummary(down.body).join()).toBe(302);
    expect(
      await db()
        .selectFrom('post')
        .select(['status', 'takedown_reason'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'taken_down', takedown_reason: 'A parent asked us to remove it' });
    expect(server.statuses.find((s) => s.id === status.id)).toBeUndefined();
  });
});
