/** A school with a Mastodon, a Bluesky and a Facebook account, their sign-in details, and loopback platforms (MON-2..4). */
import { expect } from 'vitest';
import { startTestApp, TEST_SECRET_KEY, type TestApp } from '../../support/app.ts';
import { startFakeMastodon, type FakeMastodon } from '../../fixtures/connectors/fake-mastodon.ts';
import { SCHOOL, startAppViewReplay, type AppViewReplay } from '../../fixtures/connectors/appview-replay.ts';
import { createReaders } from '../../../src/modules/publishing/connectors/notifications.ts';
import { storeCredentials } from '../../../src/modules/accounts/credentials/service.ts';
import { addAccount, seedPostingWorld, type PostingWorld } from '../posts/support.ts';
import { signedIn } from '../directory/helpers.ts';

export interface InboxWorld extends PostingWorld {
  t: TestApp;
  mastodon: FakeMastodon;
  appview: AppViewReplay;
  mastodonId: string;
  blueskyId: string;
  facebookId: string;
}

export async function startInboxWorld(now = '2026-12-08T09:00:00Z'): Promise<InboxWorld> {
  const mastodon = await startFakeMastodon();
  const appview = await startAppViewReplay();
  const t = await startTestApp({
    env: { SESSION_IDLE_MINUTES: '1440' },
    inboxReaders: createReaders({
      bluesky: { defaultService: appview.url, timeoutMs: 5_000 },
      mastodon: { serverUrl: mastodon.url, timeoutMs: 5_000 },
    }),
  });
  const w = await seedPostingWorld(t, 'mastodon');
  const db = t.database.db;
  await db
    .updateTable('official_account')
    .set({ handle: '@alder@mastodon.test' })
    .where('id', '=', w.accountId)
    .execute();
  const blueskyId = await addAccount(t, w, 'Larkfield news', 'bluesky', ['teacher-a1']);
  await db.updateTable('official_account').set({ handle: SCHOOL.handle }).where('id', '=', blueskyId).execute();
  const facebookId = await addAccount(t, w, 'Larkfield PTA page', 'facebook', ['teacher-a1']);
  const store = async (accountId: string, username: string, password: string) => {
    const stored = await storeCredentials(
      db,
      Buffer.from(TEST_SECRET_KEY, 'hex'),
      t.clock.now(),
      { trustId: w.trustA, schoolId: w.schoolA1 },
      { id: w.people['admin-a1']!.id, label: 'admin Tester' },
      accountId,
      { username, password, notes: '' },
    );
    expect(stored.kind).toBe('stored');
  };
  await store(w.accountId, '@alder@mastodon.test', mastodon.accounts[0]!.token);
  await store(blueskyId, SCHOOL.handle, SCHOOL.appPassword);
  // The policy is approved on the harness's day; then the clock moves to the day the test is about.
  t.clock.set(now);
  await db.deleteFrom('job').where('kind', 'in', ['inbox.schedule-reads']).execute();
  const { scheduleInboxReads } = await import('../../../src/modules/inbox/index.ts');
  await scheduleInboxReads(db, t.clock.now());
  const agents = {
    teacher: await signedIn(t, w, 'teacher-a1'),
    head: await signedIn(t, w, 'head-a1'),
    slt: await signedIn(t, w, 'slt-a1'),
    admin: await signedIn(t, w, 'admin-a1'),
    outsider: await signedIn(t, w, 'admin-b1'),
    nominee: await signedIn(t, w, 'dsl-a1'),
  };
  return { ...w, agents, t, mastodon, appview, mastodonId: w.accountId, blueskyId, facebookId };
}

export async function closeInboxWorld(w: InboxWorld | undefined): Promise<void> {
  await w?.t.close();
  await w?.mastodon.close();
  await w?.appview.close();
}

export function itemIdFrom(location: unknown): string {
  const m = /\/inbox\/items\/([0-9a-f-]{36})/.exec(String(location));
  if (!m) throw new Error(`no item id in ${String(location)}`);
  return m[1]!;
}

export const handForm = (accountId: string, extra: Record<string, string> = {}) => ({
  accountId,
  arrivedAs: 'comment',
  text: 'Will the school be open on Monday after the storm?',
  author: 'Priya Shah',
  link: 'https://www.facebook.com/larkfieldpta/posts/123',
  'arrived-day': '',
  'arrived-month': '',
  'arrived-year': '',
  time: '',
  ...extra,
});

/** One inbox item of an account, for the route walks (tenancy, bad input). */
export async function seedInboxItem(
  db: TestApp['database']['db'],
  where: { trustId: string; schoolId: string; accountId: string },
  text = 'What time does the Kingfisher class assembly start?',
): Promise<string> {
  const at = new Date();
  const row = await db
    .insertInto('inbox_item')
    .values({
      trust_id: where.trustId,
      school_id: where.schoolId,
      account_id: where.accountId,
      platform_id: `walk:${at.getTime()}:${Math.random()}`,
      source: 'by-hand',
      arrived_as: 'comment',
      kind: 'question',
      suggested_kind: 'question',
      state: 'new',
      arrived_at: at,
      deadline_at: new Date(at.getTime() + 86_400_000),
      text,
      author: 'Kingfisher parent',
      author_handle: null,
      link: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
