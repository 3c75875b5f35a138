// AUTH-1: signing in through the trust's identity provider, against a real OpenID Connect provider
// (oidc-provider) on loopback, configured like Microsoft Entra ID and like Google Workspace.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.ts';
import { Agent, decode, errorSummary } from '../../support/agent.ts';
import { PASSWORD, seedWorld, type World } from '../../support/world.ts';
import { signInAtProvider, startLoopbackProvider, type LoopbackProvider } from '../../support/oidc-provider.ts';
import { totpCode } from '../../../src/platform/auth/second-factor/rules.ts';

const BASE = 'http://localhost:3000';
const REDIRECT = `${BASE}/sign-in/provider/callback`;

let t: TestApp;
let world: World;
let entra: LoopbackProvider;
let google: LoopbackProvider;
let admin: Agent;

async function connect(fields: Record<string, string>) {
  const saved = await admin.post('/trust/sign-in-settings', fields);
  expect(saved.statusCode, errorSummary(saved.body).join()).toBe(302);
  const tested = await admin.post('/trust/sign-in-settings/test', {});
  return tested;
}

/** The whole round trip: Postwarden → the provider's login page → back to Postwarden's callback. */
async function providerSignIn(agent: Agent, login: string, tamper: (url: URL) => void = () => {}) {
  const start = await agent.get('/sign-in/provider');
  expect(start.statusCode).toBe(302);
  const back = new URL(await signInAtProvider(String(start.headers.location), login, REDIRECT));
  tamper(back);
  return { response: await agent.get(back.pathname + back.search), callback: back };
}

const signedInAs = async (agent: Agent) => {
  const home = await agent.get('/account');
  return home.statusCode === 200
    ? /<dt[^>]*>\s*Email\s*<\/dt>\s*<dd[^>]*>\s*([^<\s]+)/.exec(home.body)?.[1]
    : undefined;
};

const refusals = async () =>
  (
    await t.database.db
      .selectFrom('audit_event')
      .select(['summary'])
      .where('action', '=', 'person.provider-sign-in-refused')
      .orderBy('seq', 'desc')
      .execute()
  ).map((r) => r.summary as Record<string, unknown>);

beforeAll(async () => {
  entra = await startLoopbackProvider('entra', REDIRECT);
  google = await startLoopbackProvider('google', REDIRECT);
  t = await startTestApp({
    // The provider signs its tokens with the real time, so the app's clock starts at the real time.
    now: new Date().toISOString(),
    env: { BASE_URL: BASE, ENTRA_AUTHORITY: entra.root, GOOGLE_ISSUER: google.root },
  });
  world = await seedWorld(t.database.db);
  admin = new Agent(t.app);
  await admin.signIn(world.people['trustadmin-a']!.email, PASSWORD);
  const entraAccount = (oid: string, email: string, extra: Record<string, unknown> = {}) => ({
    claims: { oid, tid: entra.tenantId, email, xms_edov: true, name: email, ...extra },
    amr: ['pwd'],
  });
  entra.accounts.set('teacher', entraAccount('oid-teacher', world.people['teacher-a1']!.email));
  entra.accounts.set('teacher-renamed', {
    ...entraAccount('oid-teacher', 'new.name@example.sch.uk'),
  });
  entra.accounts.set('dsl-mfa', { ...entraAccount('oid-dsl', world.people['dsl-a1']!.email), amr: ['pwd', 'mfa'] });
  entra.accounts.set('head-no-mfa', entraAccount('oid-head', world.people['head-a1']!.email));
  entra.accounts.set('stranger', entraAccount('oid-stranger', 'stranger@example.sch.uk'));
  entra.accounts.set('leaver', entraAccount('oid-leaver', world.people['leaver-a1']!.email));
  entra.accounts.set('other-tenant', {
    claims: {
      oid: 'oid-x',
      tid: '00000000-0000-0000-0000-000000000000',
      email: world.people['slt-a1']!.email,
      xms_edov: true,
    },
  });
  entra.accounts.set('teacher-impostor', entraAccount('oid-impostor', world.people['teacher-a1']!.email));
  entra.accounts.set('unverified', {
    claims: { oid: 'oid-unv', tid: entra.tenantId, email: world.people['hr-a1']!.email, email_verified: false },
  });
  entra.accounts.set('slt', entraAccount('oid-slt', world.people['slt-a1']!.email));
  entra.accounts.set('other-trust', entraAccount('oid-b', world.people['head-b1']!.email));
  google.accounts.set('g-slt', {
    claims: { email: world.people['slt-a1']!.email, email_verified: true, hd: 'example.sch.uk' },
  });
  google.accounts.set('g-gmail', { claims: { email: world.people['hr-a1']!.email, email_verified: true } });
  google.accounts.set('g-unverified', {
    claims: { email: world.people['admin-a1']!.email, email_verified: false, hd: 'example.sch.uk' },
  });
}, 60_000);

afterAll(async () => {
  await t?.close();
  await entra?.close();
  await google?.close();
});

describe('AUTH-1 with a provider configured like Microsoft Entra ID', () => {
  it('AUTH-1: a trust administrator connects Entra by tenant ID; the test shows the discovery document; the secret is sealed; both are audited', async () => {
    const bad = await admin.post('/trust/sign-in-settings', { kind: 'entra', tenantId: 'not-a-tenant', clientId: '' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummary(bad.body)).toEqual([
      'Enter the directory (tenant) ID from Microsoft Entra, like 72f988bf-86f1-41af-91ab-2d7cd011db47',
      'Enter the client (application) ID the provider gave you',
      'Enter the client secret the provider gave you',
    ]);
    const tested = await connect({
      kind: 'entra',
      tenantId: entra.tenantId,
      clientId: entra.clientId,
      clientSecret: entra.clientSecret,
    });
    expect(tested.statusCode).toBe(200);
    expect(tested.body).toContain('Your provider answered');
    expect(tested.body).toContain(entra.issuer);
    expect(tested.body).toContain('xms_edov');
    const row = await t.database.db.selectFrom('identity_provider').selectAll().executeTakeFirstOrThrow();
    expect(row.issuer).toBe(entra.issuer);
    expect(row.client_secret_sealed).not.toContain(entra.clientSecret);
    expect(row.tested_at).not.toBeNull();
    const actions = (
      await t.database.db
        .selectFrom('audit_event')
        .select(['action', 'summary'])
        .where('action', 'like', 'trust.identity%')
        .execute()
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['trust.identity-provider-saved', 'trust.identity-provider-tested']),
    );
    expect(JSON.stringify(await t.database.db.selectFrom('audit_event').select('summary').execute())).not.toContain(
      entra.clientSecret,
    );
    const signInPage = await new Agent(t.app).get('/sign-in');
    expect(signInPage.body).toContain('Sign in with Microsoft');
  });

  it('AUTH-1: "show what it sends" signs the administrator in at the provider and shows the ID token’s claims, signing nobody in here', async () => {
    const start = await admin.post('/trust/sign-in-settings/try', {});
    expect(start.statusCode).toBe(302);
    const back = new URL(await signInAtProvider(String(start.headers.location), 'teacher', REDIRECT));
    const claims = await admin.get(back.pathname + back.search);
    expect(claims.statusCode).toBe(200);
    expect(claims.body).toContain('What your provider sent');
    for (const claim of ['oid', 'tid', 'xms_edov', 'amr', 'nonce'])
      expect(claims.body).toMatch(new RegExp(`<dt[^>]*>\\s*${claim}\\s*</dt>`));
    expect(claims.body).toContain('oid-teacher');
    expect(await signedInAs(admin)).toBe(world.people['trustadmin-a']!.email);
    expect(await t.database.db.selectFrom('identity_link').selectAll().execute()).toEqual([]);
  });

  it('AUTH-1: the first sign-in matches the verified work email to the staff record and links the oid+tid; later the subject alone is enough', async () => {
    const agent = new Agent(t.app);
    const { response } = await providerSignIn(agent, 'teacher');
    expect(response.statusCode).toBe(302);
    expect(await signedInAs(agent)).toBe(world.people['teacher-a1']!.email);
    const link = await t.database.db.selectFrom('identity_link').selectAll().executeTakeFirstOrThrow();
    expect(link).toMatchObject({
      issuer: entra.issuer,
      subject: `${entra.tenantId}:oid-teacher`,
      person_id: world.people['teacher-a1']!.id,
    });
    const again = new Agent(t.app);
    await providerSignIn(again, 'teacher-renamed');
    expect(await signedInAs(again)).toBe(world.people['teacher-a1']!.email);
  });

  it('AUTH-1, AUTH-2: an Entra sign-in whose amr shows mfa counts as the second factor; one without it is taken to set one up', async () => {
    await t.database.db
      .updateTable('trust')
      .set({ second_factor_required: true })
      .where('id', '=', world.trustA)
      .execute();
    try {
      const dsl = new Agent(t.app);
      const withMfa = (await providerSignIn(dsl, 'dsl-mfa')).response;
      expect(withMfa.headers.location).toBe('/');
      expect((await dsl.get('/')).statusCode).toBe(200);
      const head = new Agent(t.app);
      const withoutMfa = (await providerSignIn(head, 'head-no-mfa')).response;
      expect(String(withoutMfa.headers.location)).toMatch(/^\/second-factor\/set-up/);
      expect(String((await head.get('/')).headers.location)).toMatch(/^\/second-factor\/set-up/);
    } finally {
      await t.database.db
        .updateTable('trust')
        .set({ second_factor_required: false })
        .where('id', '=', world.trustA)
        .execute();
    }
  });

  it('AUTH-1: someone not on the staff list is told to ask the administrator, nobody is created, and the attempt is audited', async () => {
    const before = await t.database.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const agent = new Agent(t.app);
    const { response } = await providerSignIn(agent, 'stranger');
    expect(response.statusCode).toBe(403);
    expect(decode(response.body)).toContain(
      'You are not on the staff list in Postwarden. Ask your school administrator to add you',
    );
    expect(await signedInAs(agent)).toBeUndefined();
    const after = await t.database.db
      .selectFrom('person')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
    expect((await refusals())[0]).toMatchObject({ reason: 'not-on-staff-list', email: 'stranger@example.sch.uk' });
  });

  it('AUTH-1: a person of another trust is not on this trust’s staff list', async () => {
    const agent = new Agent(t.app);
    const { response } = await providerSignIn(agent, 'other-trust');
    expect(response.statusCode).toBe(403);
    expect(await signedInAs(agent)).toBeUndefined();
  });

  it('AUTH-1: a leaver’s provider sign-in is refused like their password', async () => {
    const agent = new Agent(t.app);
    const { response } = await providerSignIn(agent, 'leaver');
    expect(response.statusCode).toBe(403);
    expect(decode(response.body)).toMatch(/Your access to Postwarden ended on .*, your leaving date/);
    expect(await signedInAs(agent)).toBeUndefined();
    expect((await refusals())[0]).toMatchObject({ reason: 'left' });
  });

  it('AUTH-1: an account of another Entra tenant is refused', async () => {
    const agent = new Agent(t.app);
    const { response } = await providerSignIn(agent, 'other-tenant');
    expect(response.statusCode).toBe(403);
    expect(decode(response.body)).toContain('is not your school’s');
    expect(await signedInAs(agent)).toBeUndefined();
    expect((await refusals())[0]).toMatchObject({ reason: 'wrong-tenant' });
  });

  it('AUTH-1: an email that is not verified is refused', async () => {
    const agent = new Agent(t.app);
    const { response } = await providerSignIn(agent, 'unverified');
    expect(response.statusCode).toBe(403);
    expect(decode(response.body)).toContain('did not confirm your work email address');
    expect(await signedInAs(agent)).toBeUndefined();
    expect((await refusals())[0]).toMatchObject({ reason: 'unverified-email' });
  });

  it('AUTH-1: a second provider account using the email of a staff record already linked to someone else is refused', async () => {
    const agent = new Agent(t.app);
    const { response } = await providerSignIn(agent, 'teacher-impostor');
    expect(response.statusCode).toBe(403);
    expect(decode(response.body)).toContain('already linked to a different Microsoft account');
    expect(await signedInAs(agent)).toBeUndefined();
    expect((await refusals())[0]).toMatchObject({ reason: 'linked-to-someone-else' });
  });

  it('AUTH-1: a state that does not match the sign-in started is refused', async () => {
    const agent = new Agent(t.app);
    const { response } = await providerSignIn(agent, 'slt', (url) => url.searchParams.set('state', 'forged'));
    expect(response.statusCode).toBe(400);
    expect(decode(response.body)).toContain('did not finish, so you have not been signed in');
    expect(await signedInAs(agent)).toBeUndefined();
    expect(String((await refusals())[0]!.detail)).toMatch(/state/i);
  });

  it('AUTH-1: a replayed answer is refused, in the same browser and in another', async () => {
    const agent = new Agent(t.app);
    const { callback } = await providerSignIn(agent, 'slt');
    expect(await signedInAs(agent)).toBe(world.people['slt-a1']!.email);
    const thief = new Agent(t.app);
    await thief.get('/sign-in');
    const replay = await thief.get(callback.pathname + callback.search);
    expect(replay.statusCode).toBe(400);
    expect(await signedInAs(thief)).toBeUndefined();
    const again = await agent.get(callback.pathname + callback.search);
    expect(again.statusCode).toBe(400);
  });

  it('AUTH-1: an expired ID token is refused (the app’s clock is 65 minutes on when the answer arrives)', async () => {
    const agent = new Agent(t.app);
    const start = await agent.get('/sign-in/provider');
    const back = new URL(await signInAtProvider(String(start.headers.location), 'slt', REDIRECT));
    t.clock.advance(65 * 60_000);
    try {
      const response = await agent.get(back.pathname + back.search);
      expect(response.statusCode).toBe(400);
      expect(await signedInAs(agent)).toBeUndefined();
      expect(String((await refusals())[0]!.detail)).toMatch(/"exp"|"iat"/);
    } finally {
      t.clock.advance(-65 * 60_000);
    }
  });

  it('AUTH-1: a provider whose tokens name another issuer than its discovery document is refused', async () => {
    // A front that serves Entra-loopback's discovery document under its own issuer: the ID tokens
    // still come from the real provider, so their `iss` is not the issuer configured.
    const real = await (await fetch(`${entra.issuer}/.well-known/openid-configuration`)).json();
    const front = http.createServer((req, res) => {
      const issuer = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
      if (req.url === '/.well-known/openid-configuration') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ...real, issuer }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const frontIssuer = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
    try {
      const tested = await connect({
        kind: 'oidc',
        issuer: frontIssuer,
        clientId: entra.clientId,
        clientSecret: entra.clientSecret,
      });
      expect(tested.statusCode).toBe(200);
      const agent = new Agent(t.app);
      const { response } = await providerSignIn(agent, 'slt');
      expect(response.statusCode).toBe(400);
      expect(await signedInAs(agent)).toBeUndefined();
      expect(String((await refusals())[0]!.detail)).toMatch(/iss/);
      // And a discovery document naming another issuer fails the connection test outright.
      const wrongDoc = await connect({
        kind: 'oidc',
        issuer: `${frontIssuer}/elsewhere`,
        clientId: entra.clientId,
        clientSecret: entra.clientSecret,
      });
      expect(wrongDoc.statusCode).toBe(400);
      expect(errorSummary(wrongDoc.body)[0]).toMatch(/^The provider did not answer as expected/);
    } finally {
      await new Promise<void>((resolve) => front.close(() => resolve()));
    }
  });
});

describe('AUTH-1 with a provider configured like Google Workspace', () => {
  beforeAll(async () => {
    const tested = await connect({
      kind: 'google',
      domain: 'example.sch.uk',
      clientId: google.clientId,
      clientSecret: google.clientSecret,
    });
    expect(tested.statusCode).toBe(200);
  });

  it('AUTH-1: a school Google account (hd is the school’s domain, email verified) signs in and is linked by sub', async () => {
    const agent = new Agent(t.app);
    await providerSignIn(agent, 'g-slt');
    expect(await signedInAs(agent)).toBe(world.people['slt-a1']!.email);
    const link = await t.database.db
      .selectFrom('identity_link')
      .selectAll()
      .where('issuer', '=', google.issuer)
      .executeTakeFirstOrThrow();
    expect(link).toMatchObject({ subject: 'g-slt', person_id: world.people['slt-a1']!.id });
  });

  it('AUTH-1: a Google account outside the school’s domain (no hd) is refused, even with a staff email', async () => {
    const agent = new Agent(t.app);
    const { response } = await providerSignIn(agent, 'g-gmail');
    expect(response.statusCode).toBe(403);
    expect(decode(response.body)).toContain('not your school’s (for example a personal Gmail account)');
    expect(await signedInAs(agent)).toBeUndefined();
    expect((await refusals())[0]).toMatchObject({ reason: 'outside-domain' });
  });

  it('AUTH-1: a Google account whose email is not verified is refused', async () => {
    const agent = new Agent(t.app);
    const { response } = await providerSignIn(agent, 'g-unverified');
    expect(response.statusCode).toBe(403);
    expect(await signedInAs(agent)).toBeUndefined();
    expect((await refusals())[0]).toMatchObject({ reason: 'unverified-email' });
  });

  it('AUTH-1: password sign-in is turned off for the trust; a trust administrator keeps a break-glass password with a second factor', async () => {
    const off = await admin.post('/trust/sign-in-settings/rules', { secondFactorRequired: 'no', passwordSignIn: 'no' });
    expect(off.statusCode).toBe(302);
    const teacher = new Agent(t.app);
    expect((await teacher.get('/sign-in')).body).not.toContain('name="password"');
    // The form is still there for the break-glass link; a member of staff who uses it is refused.
    await teacher.get('/sign-in?password=1');
    const refused = await teacher.post('/sign-in', { email: world.people['teacher-a1']!.email, password: PASSWORD });
    expect(refused.statusCode).toBe(403);
    expect(errorSummary(refused.body)[0]).toContain('signs in with its own accounts now');
    expect(await signedInAs(teacher)).toBeUndefined();
    // A trust administrator without a second factor is refused too; with one, they are asked for it.
    const rescuer = new Agent(t.app);
    await rescuer.get('/sign-in?password=1');
    const noFactor = await rescuer.post('/sign-in', { email: world.people['trustadmin-a']!.email, password: PASSWORD });
    expect(noFactor.statusCode).toBe(403);
    expect(await signedInAs(rescuer)).toBeUndefined();
    const setUp = await admin.get('/second-factor/set-up');
    const secret = /id="setup-key">([A-Z2-7 ]+)</.exec(setUp.body)![1]!.replace(/\s/g, '');
    expect((await admin.post('/second-factor/set-up', { code: totpCode(secret, t.clock.now()) })).statusCode).toBe(200);
    const breakGlass = new Agent(t.app);
    expect((await breakGlass.get('/sign-in?password=1')).body).toContain('name="password"');
    const first = await breakGlass.post('/sign-in', { email: world.people['trustadmin-a']!.email, password: PASSWORD });
    expect(first.headers.location).toBe('/second-factor');
    expect(await signedInAs(breakGlass)).toBeUndefined();
    breakGlass.csrfToken = undefined;
    expect((await breakGlass.post('/second-factor', { code: '000000' })).statusCode).toBe(401);
    await admin.post('/trust/sign-in-settings/rules', { secondFactorRequired: 'no', passwordSignIn: 'yes' });
  });
});
