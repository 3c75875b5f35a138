import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Agent, errorSummary } from '../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../support/world.ts';
import { pageText } from './directory/helpers.ts';

describe('issue 8.7: a trust administrator following a link to a school’s page lands on that page after choosing the school', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  /** A trust administrator signed in and working in the trust view. */
  async function inTrustView(): Promise<Agent> {
    const agent = new Agent(t.app);
    await agent.signIn(world.people['trustadmin-a']!.email, PASSWORD);
    expect((await agent.post('/switch', { school: 'trust' }, { tokenFrom: '/switch' })).headers.location).toBe(
      '/trust',
    );
    return agent;
  }

  it('issue 8.7: from a link in an email, through signing in and the school picker, to the pupil’s record', async () => {
    const record = `/pupils/${world.pupils['jo-a1']}`;
    const agent = new Agent(t.app);
    // Not signed in: signing in keeps the address.
    const first = await agent.get(record);
    expect(first.headers.location).toBe(`/sign-in?next=${encodeURIComponent(record)}`);
    await agent.get(first.headers.location!);
    const signedIn = await agent.post('/sign-in', {
      email: world.people['trustadmin-a']!.email,
      password: PASSWORD,
      next: record,
    });
    expect(signedIn.headers.location).toBe(record);
    agent.csrfToken = undefined;
    // Then, wherever they are working, choosing the school takes them back to it.
    await agent.post('/switch', { school: 'trust' }, { tokenFrom: '/switch' });
    agent.csrfToken = undefined;
    const detour = await agent.get(record);
    expect(detour.statusCode).toBe(302);
    expect(detour.headers.location).toBe(`/switch?next=${encodeURIComponent(record)}`);
    const picker = await agent.get(detour.headers.location!);
    expect(picker.statusCode).toBe(200);
    expect(picker.body).toContain(`<input type="hidden" name="next" value="${record}">`);
    expect(pageText(picker.body)).toContain(
      'The page you opened belongs to one school. Choose the school, and you will go straight to it.',
    );
    const chosen = await agent.post('/switch', { school: world.schoolA1, next: record });
    expect(chosen.statusCode).toBe(302);
    expect(chosen.headers.location).toBe(record);
    const page = await agent.get(record);
    expect(page.statusCode).toBe(200);
    expect(pageText(page.body)).toContain('Josephine');
    expect(pageText(page.body)).toContain('You are now working in Alder Primary.');
  });

  it('issue 8.7: the address keeps its query string, and a refused choice keeps it too', async () => {
    const agent = await inTrustView();
    const list = '/pupils?consent=never-publish';
    const detour = await agent.get(list);
    expect(detour.headers.location).toBe(`/switch?next=${encodeURIComponent(list)}`);
    await agent.get(detour.headers.location!);
    const refused = await agent.post('/switch', { school: world.schoolB1, next: list });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual(['Select a school']);
    expect(refused.body).toContain(`<input type="hidden" name="next" value="${list}">`);
    expect((await agent.post('/switch', { school: world.schoolA1, next: list })).headers.location).toBe(list);
  });

  it('issue 8.7: only a path on this site is returned to; anything else, or choosing the trust view, goes where it always did', async () => {
    const agent = await inTrustView();
    for (const next of [
      '//evil.example/pupils',
      'https://evil.example/',
      '/\\evil.example',
      '/switch',
      '/pupils\r\nX-Evil: 1',
    ]) {
      await agent.post('/switch', { school: 'trust' });
      const response = await agent.post('/switch', { school: world.schoolA1, next });
      expect(response.statusCode, next).toBe(302);
      expect(response.headers.location, next).toBe('/');
      const picker = await agent.get(`/switch?next=${encodeURIComponent(next)}`);
      // A control character in the address is refused at the edge before the page is made.
      expect(picker.statusCode, next).toBe(/[\r\n]/.test(next) ? 400 : 200);
      expect(picker.body, next).not.toContain('name="next"');
    }
    // Letters beyond ASCII in the address are sent back encoded, and the server answers normally.
    await agent.post('/switch', { school: 'trust' });
    const euro = await agent.post('/switch', { school: world.schoolA1, next: '/pupils?q=€' });
    expect(euro.headers.location).toBe('/pupils?q=%E2%82%AC');
    expect((await agent.get('/health')).statusCode).toBe(200);
    // Choosing the trust view goes to the trust overview, whatever the address.
    expect((await agent.post('/switch', { school: 'trust', next: '/pupils' })).headers.location).toBe('/trust');
    // A form sent from the trust view to a school's address cannot be replayed, so it only asks for the school.
    const posted = await agent.post('/pupils/new', { givenName: 'X' });
    expect(posted.statusCode).toBe(302);
    expect(posted.headers.location).toBe('/switch');
  });
});
