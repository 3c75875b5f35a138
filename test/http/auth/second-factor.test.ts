// AUTH-2: a second factor for every role that can see restricted information, asked again before the
// most sensitive pages; AUTH-3: your sessions. Codes are computed from the shared secret at the
// test app's (fixed) clock.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent, decode, errorSummary } from '../../support/agent.ts';
import { PASSWORD } from '../../support/world.ts';
import { enrolAuthenticator, type Enrolled } from '../../support/second-factor.ts';
import { addPerson, concern, report, seedCaseWorld, type CaseWorld } from '../cases/support.ts';
import { STEP_UP_PERMISSIONS } from '../../../src/platform/auth/permissions.ts';

let t: TestApp;
let world: CaseWorld;
let restrictedCase: string;
let ordinaryCase: string;
let dsl: Enrolled;

const MINUTE = 60_000;

async function signIn(email: string) {
  const agent = new Agent(t.app);
  const response = await agent.signIn(email, PASSWORD);
  return { agent, response };
}

/** The code form's post, with a CSRF token from the page the person is on. */
async function sendCode(agent: Agent, url: string, code: string) {
  agent.csrfToken = undefined;
  return agent.post(url, { code }, { tokenFrom: url });
}

beforeAll(async () => {
  t = await startTestApp();
  world = await seedCaseWorld(t);
  await addPerson(t, world, 'accadmin-a1', ['account_admin']);
  restrictedCase = (await report(t, world.agents.teacher, concern('child-safeguarding')))!.caseId!;
  ordinaryCase = (await report(t, world.agents.teacher, concern('journalist-contact')))!.caseId!;
  // The trust setting is on by default for a new trust; the harness's world has it off, so turn it on.
  await t.database.db
    .updateTable('trust')
    .set({ second_factor_required: true })
    .where('id', '=', world.trustA)
    .execute();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('AUTH-2: a second factor', () => {
  it('AUTH-2: a new trust requires a second factor by default (the column default and first-run set-up)', async () => {
    const column = await t.database.db
      .insertInto('trust')
      .values({ name: 'Default Trust', slug: `default-${randomUUID().slice(0, 8)}`, created_at: new Date() })
      .returning('second_factor_required')
      .executeTakeFirstOrThrow();
    expect(column.second_factor_required).toBe(true);
  });

  it('AUTH-2: a DSL who needs a second factor and has none is taken through setting one up at sign-in, and nothing else opens until it is done', async () => {
    const { agent, response } = await signIn(world.people['dsl-a1']!.email);
    expect(response.headers.location).toBe('/second-factor/set-up?next=%2F');
    expect(String((await agent.get('/cases')).headers.location)).toBe('/second-factor/set-up?next=%2Fcases');
    const page = await agent.get('/second-factor/set-up');
    expect(page.body).toContain('Your role lets you see restricted information');
    const wrong = await agent.post('/second-factor/set-up', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(errorSummary(wrong.body)).toEqual([
      'Enter the 6-digit code your authenticator app shows now for Postwarden',
    ]);
    dsl = await enrolAuthenticator(t, agent);
    expect((await agent.get('/cases')).statusCode).toBe(200);
    const stored = await t.database.db
      .selectFrom('second_factor')
      .selectAll()
      .where('person_id', '=', world.people['dsl-a1']!.id)
      .executeTakeFirstOrThrow();
    expect(stored.totp_secret_sealed).not.toContain(dsl.secret);
    const codes = await t.database.db
      .selectFrom('recovery_code')
      .select('code_hash')
      .where('person_id', '=', world.people['dsl-a1']!.id)
      .execute();
    expect(codes).toHaveLength(10);
    expect(JSON.stringify(codes)).not.toContain(dsl.recoveryCodes[0]!);
  });

  it('AUTH-2: the next sign-in asks for a code before anything opens; a wrong code is refused and the right one signs in', async () => {
    const { agent, response } = await signIn(world.people['dsl-a1']!.email);
    expect(response.headers.location).toBe('/second-factor');
    expect(String((await agent.get('/cases')).headers.location)).toMatch(/^\/sign-in/);
    const wrong = await sendCode(agent, '/second-factor', '123456');
    expect(wrong.statusCode).toBe(401);
    expect(errorSummary(wrong.body)).toEqual(['Enter the code your authenticator app shows now, or a recovery code']);
    const right = await sendCode(agent, '/second-factor', dsl.code());
    expect(right.headers.location).toBe('/');
    expect((await agent.get('/cases')).statusCode).toBe(200);
  });

  it('AUTH-2: the same app code does not work twice', async () => {
    t.clock.advance(30_000);
    const code = dsl.code();
    const first = await signIn(world.people['dsl-a1']!.email);
    expect((await sendCode(first.agent, '/second-factor', code)).statusCode).toBe(302);
    const second = await signIn(world.people['dsl-a1']!.email);
    expect((await sendCode(second.agent, '/second-factor', code)).statusCode).toBe(401);
  });

  it('AUTH-2: a recovery code signs in once; used again it is refused with a message that says so', async () => {
    const recovery = dsl.recoveryCodes[3]!;
    const first = await signIn(world.people['dsl-a1']!.email);
    expect((await sendCode(first.agent, '/second-factor', recovery.toUpperCase())).headers.location).toBe('/');
    const again = await signIn(world.people['dsl-a1']!.email);
    const reused = await sendCode(again.agent, '/second-factor', recovery);
    expect(reused.statusCode).toBe(401);
    expect(errorSummary(reused.body)).toEqual([
      'That recovery code has already been used. Each recovery code works once: use another one',
    ]);
    expect(String((await again.agent.get('/cases')).headers.location)).toMatch(/^\/sign-in/);
  });

  it('AUTH-2: five wrong codes pause codes for the account with a message that says until when; even the right code waits; then it works', async () => {
    // A success clears the count (as for passwords), so the earlier tests' wrong codes do not count here.
    t.clock.advance(30_000);
    const before = await signIn(world.people['dsl-a1']!.email);
    expect((await sendCode(before.agent, '/second-factor', dsl.code())).statusCode).toBe(302);
    const { agent } = await signIn(world.people['dsl-a1']!.email);
    for (let i = 1; i <= 4; i++) expect((await sendCode(agent, '/second-factor', '000000')).statusCode).toBe(401);
    const fifth = await sendCode(agent, '/second-factor', '000000');
    expect(fifth.statusCode).toBe(429);
    expect(errorSummary(fifth.body)[0]).toMatch(
      /^You have entered a wrong code too many times, so codes for your account are paused until \d+:\d\d[ap]m \(in 1 minute\)\. Try again then\.$/,
    );
    expect(fifth.headers['retry-after']).toBe('60');
    const rightButPaused = await sendCode(agent, '/second-factor', dsl.code());
    expect(rightButPaused.statusCode).toBe(429);
    expect(String((await agent.get('/cases')).headers.location)).toMatch(/^\/sign-in/);
    t.clock.advance(2 * MINUTE);
    expect((await sendCode(agent, '/second-factor', dsl.code())).headers.location).toBe('/');
  });

  it('AUTH-2: a passkey answer that is not a signature of the challenge handed out is refused, and nobody is signed in', async () => {
    const { agent } = await signIn(world.people['dsl-a1']!.email);
    await agent.get('/second-factor');
    const fake = {
      response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {}, clientExtensionResults: {} },
    };
    const send = (body: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/second-factor/passkey',
        payload: JSON.stringify(body),
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': agent.csrfToken!,
          cookie: agent.cookieHeaderForTests(),
        },
      });
    // No challenge handed out yet: refused.
    expect((await send(fake)).statusCode).toBe(400);
    const options = await t.app.inject({
      method: 'GET',
      url: '/second-factor/passkey/options',
      headers: { cookie: agent.cookieHeaderForTests() },
    });
    expect(options.json().challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const refused = await send(fake);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().message).toBe('Your passkey was not accepted. Try again, or type a code instead.');
    // Not a passkey answer at all: refused at the edge with a problem, not a 500.
    expect((await send({ response: 'nonsense' })).statusCode).toBe(400);
    expect(String((await agent.get('/cases')).headers.location)).toMatch(/^\/sign-in/);
  });

  it('AUTH-2: a teacher (no role that sees restricted information) is not asked, with the requirement on', async () => {
    const { response } = await signIn(world.people['teacher-a1']!.email);
    expect(response.headers.location).toBe('/');
  });

  it('AUTH-2: every route whose permission is restricted asks for the second factor again after 15 minutes, and lets the person through once they enter it', async () => {
    const { agent, response } = await signIn(world.people['accadmin-a1']!.email);
    expect(String(response.headers.location)).toMatch(/^\/second-factor\/set-up/);
    const factor = await enrolAuthenticator(t, agent);
    // HEAD routes are Fastify's copies of GET ones, with the same hooks: GET and POST are walked.
    const routes = [...t.app.routeAccess].filter(
      ([route, access]) => STEP_UP_PERMISSIONS.includes(access as never) && !route.startsWith('HEAD '),
    );
    expect(routes.map(([r]) => r).sort()).toEqual([
      'GET /accounts/:id/credentials/reveal',
      'GET /monitoring-records',
      'GET /monitoring-records/:id',
      'GET /monitoring-records/new',
      'POST /accounts/:id/credentials/reveal',
      'POST /monitoring-records/:id/end',
      'POST /monitoring-records/:id/review',
      'POST /monitoring-records/new',
    ]);
    const url = (route: string) => route.split(' ')[1]!.replace(/:[a-zA-Z]+/g, randomUUID());
    // Within 15 minutes of setting it up, the check is recent: the page itself answers (404 for a made-up account).
    expect((await agent.get(url('GET /accounts/:id/credentials/reveal'))).statusCode).toBe(404);
    // The head holds the other restricted permission (monitoring records, GOV-2): walked as the head.
    const head = await signIn(world.people['head-a1']!.email);
    await enrolAuthenticator(t, head.agent);
    t.clock.advance(16 * MINUTE);
    for (const [route, access] of routes) {
      const walker = access === 'monitoring.manage' ? head.agent : agent;
      const [method] = route.split(' ');
      const target = url(route);
      await walker.get('/account');
      const answer = method === 'POST' ? await walker.post(target, { reason: 'checking' }) : await walker.get(target);
      expect(answer.statusCode, route).toBe(302);
      expect(String(answer.headers.location), route).toMatch(/^\/second-factor\/check\?next=/);
    }
    const back = '/accounts/00000000-0000-4000-8000-000000000000/credentials/reveal';
    const ask = await agent.get(back);
    expect(ask.headers.location).toBe(`/second-factor/check?next=${encodeURIComponent(back)}`);
    const page = await agent.get(String(ask.headers.location));
    expect(decode(page.body)).toContain('This page shows restricted information');
    const passed = await agent.post('/second-factor/check', { code: factor.code(), next: back });
    expect(passed.headers.location).toBe(back);
    expect((await agent.get(back)).statusCode).toBe(404);
  });

  it('AUTH-2: opening a restricted case asks again after 15 minutes, before the opening is recorded; an ordinary case does not ask', async () => {
    const { agent } = await signIn(world.people['dsl-a1']!.email);
    t.clock.advance(30_000);
    expect((await sendCode(agent, '/second-factor', dsl.code())).statusCode).toBe(302);
    expect((await agent.get(`/cases/${restrictedCase}`)).statusCode).toBe(200);
    t.clock.advance(16 * MINUTE);
    const openings = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('case_event')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('case_id', '=', restrictedCase)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await openings();
    const asked = await agent.get(`/cases/${restrictedCase}`);
    expect(asked.headers.location).toBe(`/second-factor/check?next=${encodeURIComponent(`/cases/${restrictedCase}`)}`);
    expect(await openings()).toBe(before);
    expect((await agent.get(`/cases/${ordinaryCase}`)).statusCode).toBe(200);
    await agent.get(String(asked.headers.location));
    const passed = await agent.post('/second-factor/check', { code: dsl.code(), next: `/cases/${restrictedCase}` });
    expect(passed.headers.location).toBe(`/cases/${restrictedCase}`);
    expect((await agent.get(`/cases/${restrictedCase}`)).statusCode).toBe(200);
  });
});

describe('AUTH-3: your sessions', () => {
  it('AUTH-3: a person sees where they are signed in (device, address, when) and ends another session, which is signed out at once', async () => {
    const laptop = new Agent(t.app);
    await laptop.signIn(world.people['teacher-a1']!.email, PASSWORD);
    const phone = new Agent(t.app);
    await phone.signIn(world.people['teacher-a1']!.email, PASSWORD);
    const page = await laptop.get('/account/sessions');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This device');
    expect(page.body).toContain('127.0.0.1');
    const ends = [...page.body.matchAll(/action="\/account\/sessions\/([0-9a-f-]+)\/end"/g)].map((m) => m[1]!);
    expect(ends.length).toBeGreaterThanOrEqual(1);
    for (const id of ends) expect((await laptop.post(`/account/sessions/${id}/end`, {})).statusCode).toBe(302);
    expect(String((await phone.get('/account')).headers.location)).toMatch(/^\/sign-in/);
    expect((await laptop.get('/account')).statusCode).toBe(200);
    // Someone else's session id is not found, and nothing ends.
    const other = await t.database.db
      .selectFrom('web_session')
      .select('public_id')
      .where('person_id', '=', world.people['head-a1']!.id)
      .executeTakeFirstOrThrow();
    expect((await laptop.post(`/account/sessions/${other.public_id}/end`, {})).statusCode).toBe(404);
    expect((await world.agents.head.get('/account')).statusCode).toBe(200);
  });

  it('AUTH-3: an administrator signs a person out everywhere (a stolen laptop), audited; another school’s person and a role without staff.manage get 404', async () => {
    const hrSession = new Agent(t.app);
    await hrSession.signIn(world.people['hr-a1']!.email, PASSWORD);
    // admin-a1 needs the second factor now the trust requires it.
    const { agent: admin } = await signIn(world.people['admin-a1']!.email);
    await enrolAuthenticator(t, admin);
    const page = await admin.get(`/staff/${world.people['hr-a1']!.id}/sessions`);
    expect(page.statusCode).toBe(200);
    const done = await admin.post(`/staff/${world.people['hr-a1']!.id}/sessions/end`, {});
    expect(done.headers.location).toBe(`/staff/${world.people['hr-a1']!.id}`);
    expect(String((await hrSession.get('/account')).headers.location)).toMatch(/^\/sign-in/);
    expect(String((await world.agents.hr.get('/account')).headers.location)).toMatch(/^\/sign-in/);
    const audit = await t.database.db
      .selectFrom('audit_event')
      .select(['entity_id'])
      .where('action', '=', 'person.all-sessions-ended')
      .execute();
    expect(audit.map((a) => a.entity_id)).toContain(world.people['hr-a1']!.id);
    expect((await admin.post(`/staff/${world.people['head-b1']!.id}/sessions/end`, {})).statusCode).toBe(404);
    expect((await admin.get(`/staff/${world.people['head-b1']!.id}/sessions`)).statusCode).toBe(404);
    // The teacher's earlier sessions were ended above: a fresh one, without staff.manage.
    const teacher = (await signIn(world.people['teacher-a1']!.email)).agent;
    expect(
      (await teacher.post(`/staff/${world.people['head-a1']!.id}/sessions/end`, {}, { tokenFrom: '/account' }))
        .statusCode,
    ).toBe(404);
    expect((await world.agents.head.get('/account')).statusCode).toBe(200);
  });
});
