import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { Agent, errorSummary } from '../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../support/world.ts';
import { createRuntime } from '../../src/runtime.ts';

describe('first-run set-up', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('ORG-1: before set-up only the set-up page and /health answer; everything else redirects to set-up', async () => {
    const agent = new Agent(t.app);
    expect((await agent.get('/health')).json()).toMatchObject({ status: 'ok', setupComplete: false });
    for (const url of ['/', '/sign-in', '/staff', '/pupils', '/imports/new', '/audit']) {
      const response = await agent.get(url);
      expect(response.statusCode, url).toBe(302);
      expect(response.headers.location, url).toBe('/setup');
    }
    const api = await agent.get('/api/v1/pupils');
    expect(api.statusCode).toBe(503);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect((await agent.get('/setup')).statusCode).toBe(200);
  });

  it('ORG-1: a single school is set up as a trust of one, with its first administrator signed in', async () => {
    const agent = new Agent(t.app);
    const response = await agent.post('/setup', {
      kind: 'school',
      schoolName: 'St Ursula’s CE Primary',
      phase: 'primary',
      region: 'england-and-wales',
      givenName: 'Ada',
      familyName: 'Fenwick',
      email: 'Ada.Fenwick@stursulas.sch.uk',
      password: 'a long enough password',
      confirm: 'a long enough password',
    });
    expect(response.statusCode).toBe(302);
    const home = await agent.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('St Ursula’s CE Primary');
    const trusts = await t.database.db.selectFrom('trust').selectAll().execute();
    expect(trusts).toHaveLength(1);
    expect(trusts[0]!.name).toBe('St Ursula’s CE Primary');
    expect(await t.database.db.selectFrom('school').selectAll().execute()).toHaveLength(1);
    const events = await t.database.db.selectFrom('audit_event').select('action').execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['trust.created', 'school.created', 'person.created']),
    );
    // set-up cannot run twice
    const again = await new Agent(t.app).get('/setup');
    expect(again.headers.location).toBe('/sign-in');
  });

  it('ORG-1: set-up with missing and wrong answers shows every problem and writes nothing', async () => {
    const agent = new Agent(t.app);
    const response = await agent.post('/setup', {
      kind: 'trust',
      trustName: '',
      schoolName: '',
      phase: 'nursery',
      region: 'mars',
      givenName: '',
      familyName: '',
      email: 'not-an-email',
      password: 'short',
      confirm: 'short',
    });
    expect(response.statusCode).toBe(400);
    const errors = errorSummary(response.body);
    expect(errors).toEqual(
      expect.arrayContaining([
        'Enter the name of the trust',
        'Enter the name of the first school in the trust',
        'Select the phase of the school',
        'Enter an email address in the correct format, like name@school.sch.uk',
        'Enter a password that is at least 12 characters long',
      ]),
    );
    expect(await t.database.db.selectFrom('trust').selectAll().execute()).toHaveLength(0);
    expect(await t.database.db.selectFrom('person').selectAll().execute()).toHaveLength(0);
  });
});

describe('signing in and out', () => {
  let t: TestApp;
  let world: World;
  beforeEach(async () => {
    t = await startTestApp();
    world = await seedWorld(t.database.db);
  });
  afterEach(async () => {
    await t.close();
  });

  it('ORG-3: a wrong password and an unknown email get the same message, and nobody is signed in', async () => {
    const wrongPassword = await new Agent(t.app).signIn(world.people['admin-a1']!.email, 'not the password');
    const unknown = await new Agent(t.app).signIn('nobody@example.sch.uk', PASSWORD);
    expect(wrongPassword.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(errorSummary(wrongPassword.body)).toEqual(['Enter a correct email address and password']);
    expect(errorSummary(unknown.body)).toEqual(errorSummary(wrongPassword.body));
  });

  it('ORG-3: signing in gives a new session id, and signing out ends the session', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const before = (agent as unknown as { cookies: Map<string, string> }).cookies.get('pw_session');
    const response = await agent.signIn(world.people['admin-a1']!.email, PASSWORD);
    expect(response.statusCode).toBe(302);
    const after = (agent as unknown as { cookies: Map<string, string> }).cookies.get('pw_session');
    expect(after).toBeDefined();
    expect(after!.split('.')[0]).not.toBe(before?.split('.')[0]);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect((await agent.get('/')).statusCode).toBe(200);
    await agent.get('/account');
    const out = await agent.post('/sign-out', {});
    expect(out.headers.location).toBe('/sign-in?signedout=1');
    const home = await agent.get('/');
    expect(home.statusCode).toBe(302);
    expect(home.headers.location).toMatch(/^\/sign-in/);
  });

  it('ORG-3: sessions live in the database, so a second app instance serves the same signed-in person', async () => {
    const agent = new Agent(t.app);
    await agent.signIn(world.people['admin-a1']!.email, PASSWORD);
    const second = await createRuntime(t.config, {
      clock: t.clock,
      database: { ...t.database, close: async () => undefined },
      logger: false,
    });
    try {
      const cookies = (agent as unknown as { cookies: Map<string, string> }).cookies;
      const response = await second.app.inject({
        method: 'GET',
        url: '/staff',
        headers: { cookie: `pw_session=${cookies.get('pw_session')}` },
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('Alder Primary');
    } finally {
      await second.app.close();
    }
  });

  it('ORG-3: a form posted without its CSRF token is refused with a clear page and changes nothing', async () => {
    const agent = new Agent(t.app);
    await agent.signIn(world.people['admin-a1']!.email, PASSWORD);
    const response = await agent.post(
      '/staff/new',
      { givenName: 'Eve', familyName: 'Intruder', employmentType: 'full-time' },
      { withoutCsrf: true },
    );
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('This form has expired');
    expect(
      await t.database.db.selectFrom('person').select('id').where('given_name', '=', 'Eve').execute(),
    ).toHaveLength(0);
  });

  it('ORG-3: failed sign-ins to one account are limited (the rules in full: test/http/auth/sign-in-limits.test.ts)', async () => {
    const agent = new Agent(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await agent.post(
            '/sign-in',
            { email: 'someone@example.sch.uk', password: `guess number ${i}` },
            { tokenFrom: '/sign-in' },
          )
        ).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('ORG-2: a leaver cannot sign in after their leaving date, and is told why', async () => {
    const response = await new Agent(t.app).signIn(world.people['leaver-a1']!.email, PASSWORD);
    expect(response.statusCode).toBe(401);
    expect(errorSummary(response.body)[0]).toContain('ended on 31 August 2026, your leaving date');
  });

  it('ORG-2: a signed-in person whose leaving date arrives is signed out on their next request', async () => {
    const agent = new Agent(t.app);
    await agent.signIn(world.people['teacher-a1']!.email, PASSWORD);
    expect((await agent.get('/')).statusCode).toBe(200);
    await t.database.db
      .updateTable('person')
      .set({ leaving_date: '2026-11-18' })
      .where('id', '=', world.people['teacher-a1']!.id)
      .execute();
    const response = await agent.get('/');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/sign-in?ended=1');
  });

  it('ORG-1: someone with roles in two schools switches between them; a trust administrator also sees the trust view', async () => {
    const agent = new Agent(t.app);
    await agent.signIn(world.people['both-a']!.email, PASSWORD);
    const switchPage = await agent.get('/switch');
    expect(switchPage.body).toContain('Alder Primary');
    expect(switchPage.body).toContain('Alder Secondary');
    expect(switchPage.body).not.toContain('Birch');
    expect(switchPage.body).not.toContain('The whole trust');
    await agent.post('/switch', { school: world.schoolA2 });
    expect((await agent.get('/')).body).toContain('Alder Secondary');
    const refused = await agent.post('/switch', { school: world.schoolB1 });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual(['Select a school']);

    const trustAdmin = new Agent(t.app);
    await trustAdmin.signIn(world.people['trustadmin-a']!.email, PASSWORD);
    await trustAdmin.post('/switch', { school: 'trust' }, { tokenFrom: '/switch' });
    const trust = await trustAdmin.get('/trust');
    expect(trust.statusCode).toBe(200);
    expect(trust.body).toContain('Alder Primary');
    expect(trust.body).toContain('Alder Secondary');
    expect(trust.body).not.toContain('Birch Primary');
  });
});
