import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent } from '../../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../../support/world.ts';
import { DatabaseSessionStore } from '../../../src/platform/auth/session-store.ts';

/** Fails instead of hanging when the app never answers. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);
}

describe('where sign-in sends you next', () => {
  let t: TestApp;
  let world: World;
  const escaped: unknown[] = [];
  const record = (reason: unknown) => escaped.push(reason);
  beforeEach(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
    escaped.length = 0;
    process.on('unhandledRejection', record);
    process.on('uncaughtException', record);
  });
  afterEach(async () => {
    process.off('unhandledRejection', record);
    process.off('uncaughtException', record);
    await t.close();
  });

  const signInWithNext = async (next: string) => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const response = await within(
      10_000,
      agent.post('/sign-in', { email: world.people['admin-a1']!.email, password: PASSWORD, next }),
    );
    return { agent, response };
  };

  it('ISSUE-8.1: a sign-in with next=%2F%E2%82%AC or %2F%0Ax goes home, and the server keeps answering', async () => {
    for (const next of ['/€', '/\nx']) {
      const { agent, response } = await signInWithNext(next);
      expect(response.statusCode, JSON.stringify(next)).toBe(302);
      expect(response.headers.location).toBe('/');
      expect((await agent.get('/')).statusCode).toBe(200);
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(escaped).toEqual([]);
    const health = await within(5_000, t.app.inject('/health'));
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok' });
  });

  it('ISSUE-8.1: next=/\\t/evil.example/ lands on /, not on another site', async () => {
    const { response } = await signInWithNext('/\t/evil.example/');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/');
  });

  it('ISSUE-8.1: other sites, schemes and backslash tricks land on /', async () => {
    for (const next of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/.//evil.example',
    ]) {
      const { response } = await signInWithNext(next);
      expect(response.headers.location, next).toBe('/');
    }
  });

  it('ISSUE-8.1: a page of this site is still where you land, percent-encoding kept as it was', async () => {
    expect((await signInWithNext('/staff?page=2')).response.headers.location).toBe('/staff?page=2');
    expect((await signInWithNext('/pupils/%E2%82%AC')).response.headers.location).toBe('/pupils/%E2%82%AC');
  });

  it('ISSUE-8.1: a signed-out visit to a page comes back to it after signing in', async () => {
    const agent = new Agent(t.app);
    const bounced = await agent.get('/staff?page=1');
    expect(bounced.headers.location).toBe('/sign-in?next=%2Fstaff%3Fpage%3D1');
    const form = await agent.get(bounced.headers.location as string);
    expect(form.body).toContain('name="next" value="/staff?page=1"');
    const response = await agent.post('/sign-in', {
      email: world.people['admin-a1']!.email,
      password: PASSWORD,
      next: '/staff?page=1',
    });
    expect(response.headers.location).toBe('/staff?page=1');
  });

  it('ISSUE-8.1: the sign-in form never carries an unsafe next into its hidden field', async () => {
    // A control character such as a tab never reaches the page: the edge refuses the whole request.
    const tabbed = await new Agent(t.app).get('/sign-in?next=%2F%09%2Fevil.example%2F');
    expect(tabbed.statusCode).toBe(400);
    expect(tabbed.body).not.toContain('evil.example');
    for (const unsafe of [
      '%2F%2Fevil.example%2F',
      '%2F%5Cevil.example',
      'https%3A%2F%2Fevil.example%2F',
      '%2F.%2F%2Fevil.example',
    ]) {
      const page = await new Agent(t.app).get(`/sign-in?next=${unsafe}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('name="next" value="/"');
    }
  });
});

describe('the session store hands every error back to Fastify', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('ISSUE-8.1: a callback that throws after a save gets the error back once, and nothing escapes to end the process', async () => {
    const lost: unknown[] = [];
    const escaped: unknown[] = [];
    const record = (reason: unknown) => escaped.push(reason);
    process.on('unhandledRejection', record);
    try {
      const store = new DatabaseSessionStore(t.database.db, t.clock, 60_000, (error) => lost.push(error));
      const calls: unknown[] = [];
      await new Promise<void>((resolve) => {
        store.set('sid-1', { personId: null }, (err) => {
          calls.push(err);
          if (err) return resolve();
          throw new TypeError('Invalid character in header content ["location"]');
        });
      });
      expect(calls).toHaveLength(2);
      expect(calls[0]).toBeFalsy();
      expect(String(calls[1])).toContain('Invalid character in header content');

      // A callback that throws even when handed its error: reported, not thrown.
      await new Promise<void>((resolve) => {
        store.get('sid-1', () => {
          setImmediate(resolve);
          throw new Error('the error handler failed too');
        });
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(lost.map(String)).toEqual(['Error: the error handler failed too']);
      expect(escaped).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
