import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { errorSummary, type Agent } from '../../support/agent.ts';
import { seedWorld, type World } from '../../support/world.ts';
import { pageText, signedIn } from '../directory/helpers.ts';
import { readSource } from '../../../src/modules/mentions/collect.ts';
import { DEFAULT_LIMITS } from '../../../src/modules/mentions/fetching/safe-fetch.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/mentions');
const RSS = fs.readFileSync(path.join(FIXTURES, 'local-news.rss'));
const BLUESKY = fs.readFileSync(path.join(FIXTURES, 'bluesky-search.json'));
const FIFTY_MB = 50 * 1024 * 1024;

/**
 * A loopback site replaying recorded answers: a local paper's RSS feed, a web page where a feed was
 * expected, a 50 MB feed (declared, and one that does not declare its size), a redirect loop, and the
 * Bluesky AppView's searchPosts.
 */
function startSite() {
  const served = { hugeBytes: 0, searches: [] as string[] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/news.rss') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS);
    } else if (url.pathname === '/page') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Our news</body></html>');
    } else if (url.pathname === '/huge-declared.rss') {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(FIFTY_MB) });
      res.write('<?xml version="1.0"?><rss>');
      // Never finishes: the reader must give up on the header alone.
      setTimeout(() => res.destroy(), 2000);
    } else if (url.pathname === '/huge.rss') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(1024 * 1024, 'a');
      const write = () => {
        while (served.hugeBytes < FIFTY_MB) {
          served.hugeBytes += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', write);
            return;
          }
        }
        res.end();
      };
      res.on('error', () => {});
      write();
    } else if (url.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
    } else if (url.pathname === '/xrpc/app.bsky.feed.searchPosts') {
      served.searches.push(url.searchParams.get('q') ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end(BLUESKY);
    } else res.writeHead(404).end();
  });
  return new Promise<{ base: string; served: typeof served; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ base: `http://127.0.0.1:${port}`, served, close: () => server.close() });
    }),
  );
}

describe('mentions of the school elsewhere (MON-5)', () => {
  let t: TestApp;
  let world: World;
  let site: Awaited<ReturnType<typeof startSite>>;
  let admin: Agent;
  let hr: Agent;
  const db = () => t.database.db;

  async function addSource(agent: Agent, fields: Record<string, string>): Promise<string> {
    const added = await agent.post('/mentions/sources', fields, { tokenFrom: '/mentions/sources' });
    expect(added.statusCode).toBe(302);
    return added.headers.location!.split('/').pop()!;
  }

  beforeAll(async () => {
    site = await startSite();
    t = await startTestApp({
      now: '2026-12-07T12:00:00Z',
      env: { MENTIONS_ALLOW_PRIVATE_ADDRESSES: '1', BLUESKY_APPVIEW_URL: site.base },
    });
    world = await seedWorld(db());
    admin = await signedIn(t, world, 'admin-a1');
    hr = await signedIn(t, world, 'hr-a1');
  });
  afterAll(async () => {
    await t?.close();
    site?.close();
  });

  it('MON-5: a feed is read, only items naming the school, its staff or its pupils are kept, and reading again stores nothing twice', async () => {
    const id = await addSource(admin, {
      kind: 'feed',
      label: 'Alderton Gazette',
      feedAddress: `${site.base}/news.rss`,
    });
    const read = await admin.post(`/mentions/sources/${id}/read`, {});
    expect(read.statusCode).toBe(302);
    expect(pageText((await admin.get(`/mentions/sources/${id}`)).body)).toContain(
      'Read ‘Alderton Gazette’: 3 new items mention the school.',
    );
    const items = await db()
      .selectFrom('mention_item')
      .select(['external_id', 'sensitive', 'matches', 'body'])
      .orderBy('external_id')
      .execute();
    expect(items.map((i) => [i.external_id, i.sensitive, i.matches])).toEqual([
      ['gazette-1001', false, [{ kind: 'school', text: 'Alder Primary' }]],
      ['gazette-1002', false, [{ kind: 'staff', text: 'head Tester' }]],
      ['gazette-1003', true, [{ kind: 'pupil', text: 'Josephine Quill' }]],
    ]);
    expect(items[0]!.body).toBe('Children at Alder Primary collected tins all term.');
    await admin.post(`/mentions/sources/${id}/read`, {});
    expect(pageText((await admin.get(`/mentions/sources/${id}`)).body)).toContain('nothing new mentions the school');
    expect(await db().selectFrom('mention_item').select('id').execute()).toHaveLength(3);
    // The hourly job reads it too, and still adds nothing.
    t.clock.set('2026-12-07T13:00:01Z');
    await t.drainJobs();
    expect(await db().selectFrom('mention_item').select('id').execute()).toHaveLength(3);
    admin = await signedIn(t, world, 'admin-a1');
  });

  it('MON-5: a Bluesky search for the school’s names finds posts using a nickname the school added', async () => {
    const named = await admin.post('/mentions/names', { name: 'APS' }, { tokenFrom: '/mentions/sources' });
    expect(named.statusCode).toBe(302);
    const id = await addSource(admin, { kind: 'bluesky', label: 'Bluesky', searchWords: 'Alder Primary' });
    await admin.post(`/mentions/sources/${id}/read`, {});
    expect(site.served.searches).toEqual(['Alder Primary']);
    const item = await db()
      .selectFrom('mention_item')
      .selectAll()
      .where('source_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(item.external_id).toBe('at://did:plc:parentexample123/app.bsky.feed.post/3lbxyzaldr01');
    expect(item.link).toBe('https://bsky.app/profile/worried-parent.bsky.social/post/3lbxyzaldr01');
    expect(item.author).toBe('A Parent (@worried-parent.bsky.social)');
    expect(item.matches).toEqual([{ kind: 'school', text: 'APS' }]);
    expect(await db().selectFrom('mention_item').select('id').where('source_id', '=', id).execute()).toHaveLength(1);
    expect(pageText((await admin.get('/')).body)).toContain('4 mentions of the school to look at');
  });

  it('MON-5: a pupil mention is shown only to people who may see pupils: not in HR’s list, count or by its id', async () => {
    const pupilItem = await db()
      .selectFrom('mention_item')
      .select('id')
      .where('sensitive', '=', true)
      .executeTakeFirstOrThrow();
    const adminList = pageText((await admin.get('/mentions')).body);
    expect(adminList).toContain('Nativity star');
    expect(adminList).toContain('Names a pupil');
    const hrList = pageText((await hr.get('/mentions')).body);
    expect(hrList).toContain('Parking row outside the school gates');
    expect(hrList).not.toContain('Nativity star');
    expect(hrList).not.toContain('Josephine');
    expect(hrList).toContain('3 mentions are waiting');
    expect((await hr.get(`/mentions/items/${pupilItem.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/mentions/items/${pupilItem.id}`)).statusCode).toBe(200);
  });

  it('MON-5: each item is triaged: keep an eye on it, ignore it, or reply (recorded), with an audit event', async () => {
    const byId = async (externalId: string) =>
      (
        await db()
          .selectFrom('mention_item')
          .select('id')
          .where('external_id', '=', externalId)
          .executeTakeFirstOrThrow()
      ).id;
    const parking = await byId('gazette-1002');
    const refused = await admin.post(`/mentions/items/${parking}/triage`, { decision: 'replied', note: '' });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual(['Say what you replied, and where, so the school has a record of it']);
    const nothing = await admin.post(`/mentions/items/${parking}/triage`, { decision: 'shrug' });
    expect(errorSummary(nothing.body)).toEqual(['Choose what to do about it']);
    expect(
      (
        await admin.post(`/mentions/items/${parking}/triage`, {
          decision: 'replied',
          note: 'Commented under the article: we have written to parents about parking.',
        })
      ).statusCode,
    ).toBe(302);
    expect(
      (await admin.post(`/mentions/items/${await byId('gazette-1001')}/triage`, { decision: 'watching', note: '' }))
        .statusCode,
    ).toBe(302);
    expect(
      (await admin.post(`/mentions/items/${await byId('gazette-1003')}/triage`, { decision: 'ignored', note: '' }))
        .statusCode,
    ).toBe(302);
    const page = pageText((await admin.get(`/mentions/items/${parking}`)).body);
    expect(page).toContain('Replied');
    expect(page).toContain('we have written to parents about parking');
    expect(pageText((await admin.get('/mentions?status=watching')).body)).toContain('Alder Primary pupils raise');
    const audit = await db()
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'mentions.triaged')
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('MON-5: opening a concern from an item sends it through the concerns process with the post attached', async () => {
    const item = await db()
      .selectFrom('mention_item')
      .select(['id'])
      .where('external_id', 'like', 'at://%')
      .executeTakeFirstOrThrow();
    const form = await admin.get(`/mentions/items/${item.id}/concern`);
    expect(pageText(form.body)).toContain('APS pickup queue is getting dangerous');
    const missing = await admin.post(`/mentions/items/${item.id}/concern`, { kind: '', atRisk: '', description: 'x' });
    expect(missing.statusCode).toBe(400);
    expect(errorSummary(missing.body)).toContain('Select what kind of concern it is');
    expect(await db().selectFrom('concern_case').select('id').execute()).toHaveLength(0);
    const opened = await admin.post(`/mentions/items/${item.id}/concern`, {
      kind: 'abuse-received',
      atRisk: 'no',
      description: 'A parent says the pickup queue is dangerous.',
    });
    expect(opened.statusCode).toBe(302);
    const stored = await db()
      .selectFrom('mention_item')
      .select(['status', 'case_id'])
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(stored.status).toBe('concern');
    const evidence = await db()
      .selectFrom('case_evidence')
      .select(['url'])
      .where('case_id', '=', stored.case_id!)
      .execute();
    expect(evidence.map((e) => e.url)).toEqual([
      'https://bsky.app/profile/worried-parent.bsky.social/post/3lbxyzaldr01',
    ]);
    // Once is enough.
    const again = await admin.post(`/mentions/items/${item.id}/concern`, {
      kind: 'abuse-received',
      atRisk: 'no',
      description: 'x',
    });
    expect(again.statusCode).toBe(400);
    expect(await db().selectFrom('concern_case').select('id').execute()).toHaveLength(1);
  });

  it('MON-5: a feed that is not XML, a 50 MB feed and a redirect loop each say why on the source’s page, and the source backs off', async () => {
    const cases: [string, string][] = [
      [
        '/page',
        'The address does not give a feed: Postwarden expected RSS or Atom (XML) and got something else, often a web page.',
      ],
      ['/huge-declared.rss', 'The feed is 50 MB, more than the 5 MB Postwarden reads'],
      ['/huge.rss', 'The feed is more than the 5 MB Postwarden reads'],
      ['/loop', 'The address redirected more than 5 times, so Postwarden stopped following it'],
    ];
    for (const [pathname, message] of cases) {
      const id = await addSource(admin, {
        kind: 'feed',
        label: `Bad ${pathname}`,
        feedAddress: `${site.base}${pathname}`,
      });
      const read = await admin.post(`/mentions/sources/${id}/read`, {});
      expect(read.statusCode, pathname).toBe(400);
      expect(errorSummary(read.body)[0], pathname).toContain(message.split(':')[0]!);
      const page = pageText((await admin.get(`/mentions/sources/${id}`)).body);
      expect(page, pathname).toContain('Not read since it was added');
      expect(page, pathname).toContain(message.replace(/\.$/, ''));
      const source = await db().selectFrom('mention_source').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(source.failures).toBe(1);
      expect(source.next_read_at.getTime() - t.clock.now().getTime()).toBe(3_600_000);
      // A second failure waits twice as long.
      await admin.post(`/mentions/sources/${id}/read`, {});
      const later = await db().selectFrom('mention_source').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(later.next_read_at.getTime() - t.clock.now().getTime()).toBe(7_200_000);
    }
    // The server stopped well short of 50 MB: the reader hung up at its limit.
    expect(site.served.hugeBytes).toBeLessThan(FIFTY_MB);
  });

  it('MON-5: outside tests, loopback and private addresses are refused, whether written as a number or a name', async () => {
    const id = await addSource(admin, { kind: 'feed', label: 'Sneaky', feedAddress: `${site.base}/news.rss` });
    const source = await db().selectFrom('mention_source').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const limits = { ...DEFAULT_LIMITS, allowPrivate: false };
    const port = new URL(site.base).port;
    for (const address of [
      `${site.base}/news.rss`,
      `http://localhost:${port}/news.rss`,
      'http://[::1]/feed',
      'http://10.0.0.8/feed',
      'http://169.254.169.254/latest',
    ]) {
      const result = await readSource(db(), t.clock.now(), { ...source, address }, { limits, appView: site.base });
      expect(result.ok, address).toBe(false);
      expect(!result.ok && result.message, address).toMatch(
        /is a private or local address, which Postwarden does not read/,
      );
    }
    expect(site.served.searches).toHaveLength(1);
    const page = pageText((await admin.get(`/mentions/sources/${id}`)).body);
    expect(page).toContain('is a private or local address');
  });

  it('MON-5: bad source and name forms are refused with a message and store nothing', async () => {
    const before = await db().selectFrom('mention_source').select('id').execute();
    for (const [fields, message] of [
      [
        { kind: 'feed', label: 'X', feedAddress: 'not a link' },
        'Enter the feed’s web address, like https://www.example.co.uk/news/rss',
      ],
      [
        { kind: 'feed', label: 'X', feedAddress: 'file:///etc/passwd' },
        'Enter the feed’s web address, like https://www.example.co.uk/news/rss',
      ],
      [
        { kind: 'bluesky', label: 'X', searchWords: '' },
        'Enter the words to search Bluesky for, like the school’s name',
      ],
      [{ kind: 'gopher', label: '' }, 'Choose a news or forum feed, or a Bluesky search'],
    ] as [Record<string, string>, string][]) {
      const refused = await admin.post('/mentions/sources', fields);
      expect(refused.statusCode).toBe(400);
      expect(errorSummary(refused.body)).toContain(message);
    }
    expect(await db().selectFrom('mention_source').select('id').execute()).toEqual(before);
    expect(errorSummary((await admin.post('/mentions/names', { name: '  ' })).body)).toEqual([
      'Enter a name the school is known by',
    ]);
    expect(errorSummary((await admin.post('/mentions/names', { name: 'aps' })).body)).toEqual([
      '‘aps’ is already on the list',
    ]);
  });

  it('MON-5: another school’s mentions and sources are not found, and staff without the permission get 404', async () => {
    const item = await db().selectFrom('mention_item').select('id').executeTakeFirstOrThrow();
    const source = await db().selectFrom('mention_source').select('id').executeTakeFirstOrThrow();
    const name = await db().selectFrom('mention_name').select('id').executeTakeFirstOrThrow();
    const other = await signedIn(t, world, 'admin-a2');
    expect((await other.get(`/mentions/items/${item.id}`)).statusCode).toBe(404);
    expect((await other.get(`/mentions/sources/${source.id}`)).statusCode).toBe(404);
    expect((await other.post(`/mentions/sources/${source.id}/remove`, {})).statusCode).toBe(404);
    expect((await other.post(`/mentions/names/${name.id}/remove`, {})).statusCode).toBe(404);
    expect((await other.post(`/mentions/items/${item.id}/triage`, { decision: 'ignored' })).statusCode).toBe(404);
    expect(pageText((await other.get('/mentions')).body)).not.toContain('Alderton');
    const teacher = await signedIn(t, world, 'teacher-a1');
    expect((await teacher.get('/mentions')).statusCode).toBe(404);
    expect((await teacher.get(`/mentions/items/${item.id}/concern`)).statusCode).toBe(404);
    expect(await db().selectFrom('mention_name').select('id').execute()).toHaveLength(1);
  });
});
