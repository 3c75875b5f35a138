import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent } from '../../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../../support/world.ts';
import { DatabaseSessionStore, SESSION_TOUCH_MS } from '../../../src/platform/auth/session-store.ts';

// Issue 14: a page view that changes nothing in the session must not write it (one write per
// request was a fifth of a signed-in page's database work), and a request that changed nothing
// must not put back the content it read over a change made meanwhile (the policy journey's flake).
describe('AUTH-3: sessions are written only when they change', () => {
  let t: TestApp;
  let world: World;
  let agent: Agent;
  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    agent = new Agent(t.app);
    await agent.get('/sign-in');
    const signedIn = await agent.post('/sign-in', { email: world.people['admin-a1']!.email, password: PASSWORD });
    expect(signedIn.statusCode).toBe(302);
    // The first page after signing in shows (and clears) the welcome flash and stores a CSRF secret: real changes.
    await agent.get('/');
  });
  afterAll(() => t.close());

  const mine = async () =>
    t.database.db
      .selectFrom('web_session')
      .select(['sid', 'data', 'expires_at'])
      .where(sql<string>`data->>'personId'`, '=', world.people['admin-a1']!.id)
      .executeTakeFirstOrThrow();

  it('AUTH-3: a page view within a minute of the last write leaves the stored session as it was', async () => {
    const before = await mine();
    t.clock.advance(20_000);
    expect((await agent.get('/')).statusCode).toBe(200);
    expect((await agent.get('/staff')).statusCode).toBe(200);
    const after = await mine();
    expect(new Date(after.expires_at).getTime()).toBe(new Date(before.expires_at).getTime());
  });

  it('AUTH-3: an idle session is still pushed back once the last write is over a minute old', async () => {
    const before = await mine();
    t.clock.advance(SESSION_TOUCH_MS + 1000);
    expect((await agent.get('/')).statusCode).toBe(200);
    const after = await mine();
    expect(new Date(after.expires_at).getTime()).toBe(t.clock.now().getTime() + 120 * 60_000);
    expect(new Date(after.expires_at).getTime()).toBeGreaterThan(new Date(before.expires_at).getTime());
  });

  it('AUTH-3: a request that changed nothing does not overwrite a change another request saved meanwhile', async () => {
    const store = new DatabaseSessionStore(t.database.db, t.clock, 120 * 60_000);
    const { sid } = await mine();
    const read = await new Promise<Record<string, unknown>>((resolve, reject) =>
      store.get(sid, (err, session) => (err ? reject(err) : resolve(session))),
    );
    // Meanwhile a quicker request stores something new in the same session.
    await t.database.db
      .updateTable('web_session')
      .set({ data: JSON.stringify({ ...read, flash: 'saved by the quicker request' }) })
      .where('sid', '=', sid)
      .execute();
    const slow = { ...read, isModified: () => false };
    await new Promise<void>((resolve, reject) => store.set(sid, slow, (err) => (err ? reject(err) : resolve())));
    expect(((await mine()).data as Record<string, unknown>).flash).toBe('saved by the quicker request');
    // A request that did change the session is written, as before.
    const changed = { ...read, flash: 'changed', isModified: () => true };
    await new Promise<void>((resolve, reject) => store.set(sid, changed, (err) => (err ? reject(err) : resolve())));
    expect(((await mine()).data as Record<string, unknown>).flash).toBe('changed');
  });
});
