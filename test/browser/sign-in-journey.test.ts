import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer } from './browser.ts';
import { journey } from './journey.ts';
import { PASSWORD, seedWorld, type World } from '../support/world.ts';
import { Agent } from '../support/agent.ts';
import { startLoopbackProvider, type LoopbackProvider } from '../support/oidc-provider.ts';
import { concern, report } from '../http/cases/support.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { totpCode } from '../../src/platform/auth/second-factor/rules.ts';
import type { TestApp } from '../support/app.ts';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * The whole issue-12 journey in Chromium, keyboard first, axe on every page of Postwarden: a trust
 * administrator (made to set up an authenticator app first) connects the loopback provider that is
 * configured like Entra ID and tests it; a teacher signs in with it; the DSL sets up a passkey on
 * Chromium's virtual authenticator (the DevTools WebAuthn domain) and is asked for it before a
 * restricted case once the last check is over 15 minutes old.
 */
describe('browser: signing in with the provider and a passkey (AUTH-1, AUTH-2, AUTH-3)', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let provider: LoopbackProvider;
  let world: World;
  let restrictedCase: string;
  let dslPage: Page;
  const clock = new FixedClock(new Date());
  const steps = journey(() => ({ browser, baseUrl: server.baseUrl, people: world.people }));
  const { visited, check, pressTo, follow, choose } = steps;

  beforeAll(async () => {
    browser = await launchBrowser();
    const port = await freePort();
    const baseUrl = `http://localhost:${port}`;
    provider = await startLoopbackProvider('entra', `${baseUrl}/sign-in/provider/callback`);
    server = await startServer({ BASE_URL: baseUrl, ENTRA_AUTHORITY: provider.root }, { port, clock });
    const db = server.runtime.database.db;
    world = await seedWorld(db);
    await db.updateTable('trust').set({ second_factor_required: true }).where('id', '=', world.trustA).execute();
    provider.accounts.set('teacher', {
      claims: { oid: 'oid-teacher', tid: provider.tenantId, email: world.people['teacher-a1']!.email, xms_edov: true },
      amr: ['pwd'],
    });
    const teacher = new Agent(server.runtime.app);
    await teacher.signIn(world.people['teacher-a1']!.email, PASSWORD);
    restrictedCase = (
      await report({ database: server.runtime.database } as TestApp, teacher, concern('child-safeguarding'))
    ).caseId!;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await provider?.close();
  });

  async function signInWithPassword(key: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.baseUrl}/sign-in`);
    await check(page);
    await page.getByLabel('Email address').fill(world.people[key]!.email);
    await page.locator('#password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    return page;
  }

  it('AUTH-1, AUTH-2: a trust administrator sets up an authenticator app, connects the provider and tests the connection', async () => {
    const page = await signInWithPassword('trustadmin-a');
    await page.waitForURL(/\/second-factor\/set-up/);
    await check(page);
    const secret = (await page.locator('#setup-key').textContent())!.replace(/\s/g, '');
    await page.getByLabel('Code from the app').fill(totpCode(secret, clock.now()));
    await pressTo(page, 'Set up the app', /\/second-factor\/set-up/);
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    await follow(page, 'Continue', (url) => url.pathname === '/trust' || url.pathname === '/');
    await page.goto(`${server.baseUrl}/trust/sign-in-settings`);
    await check(page);
    await choose(page, '#kind');
    await page.getByLabel('Directory (tenant) ID').fill(provider.tenantId);
    await page.getByLabel('Client (application) ID').fill(provider.clientId);
    await page.locator('#clientSecret').fill(provider.clientSecret);
    await pressTo(page, 'Save the provider', /\/trust\/sign-in-settings/);
    await pressTo(page, 'Test the connection', /\/trust\/sign-in-settings/);
    expect(await page.getByText('Your provider answered').count()).toBe(1);
    expect(await page.locator('.govuk-summary-list').textContent()).toContain(provider.issuer);
  });

  it('AUTH-1: a teacher presses "Sign in with Microsoft", signs in at the provider and arrives signed in', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.baseUrl}/sign-in`);
    await check(page);
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.href.startsWith(provider.root));
    await page.getByLabel('Account').fill('teacher');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.href.startsWith(server.baseUrl) && url.pathname === '/');
    await check(page);
    await page.goto(`${server.baseUrl}/account/sessions`);
    await check(page);
    expect(await page.getByText('This device').count()).toBe(1);
  });

  it('AUTH-2: the DSL sets up a passkey (virtual authenticator) and is asked for it before a restricted case after 15 minutes', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill(world.people['dsl-a1']!.email);
    await page.locator('#password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/second-factor\/set-up/);
    await check(page);
    await page.getByRole('button', { name: 'Set up a passkey' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/second-factor\/passkey\/added/);
    await check(page);
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    await follow(page, 'Continue', (url) => url.pathname === '/');

    await page.goto(`${server.baseUrl}/cases/${restrictedCase}`);
    await check(page);
    clock.advance(16 * 60_000);
    await page.goto(`${server.baseUrl}/cases/${restrictedCase}`);
    await page.waitForURL(/\/second-factor\/check/);
    await check(page);
    await page.getByRole('button', { name: 'Use your passkey' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/cases/${restrictedCase}`);
    await check(page);
    const stored = await server.runtime.database.db
      .selectFrom('second_factor')
      .select(['kind', 'sign_count', 'last_used_at'])
      .where('person_id', '=', world.people['dsl-a1']!.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.kind).toBe('passkey');
    expect(stored[0]!.last_used_at).not.toBeNull();
    dslPage = page;
  });

  it('AUTH-2: the DSL opens "Your second factor" from their account, makes new recovery codes, and is told the last factor stays', async () => {
    const page = dslPage;
    await page.goto(`${server.baseUrl}/account`);
    await follow(page, 'Your second factor', /\/account\/second-factor$/);
    expect(await page.locator('#factors tbody tr').count()).toBe(1);
    await pressTo(page, 'Make new recovery codes', /\/account\/second-factor\/recovery-codes/);
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    await follow(page, 'Continue', /\/account\/second-factor$/);
    await page.getByRole('link', { name: /^Remove/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/account\/second-factor\/remove/);
    await check(page);
    expect(await page.getByText('You cannot remove your only second factor').count()).toBeGreaterThan(0);
  });

  it('AUTH-2: the head resets a teacher’s second factor from the staff record and is told what happens next', async () => {
    const page = await signInWithPassword('head-a1');
    await page.waitForURL(/\/second-factor\/set-up/);
    const secret = (await page.locator('#setup-key').textContent())!.replace(/\s/g, '');
    await page.getByLabel('Code from the app').fill(totpCode(secret, clock.now()));
    await pressTo(page, 'Set up the app', /\/second-factor\/set-up/);
    await follow(page, 'Continue', (url) => url.pathname === '/');
    await page.goto(`${server.baseUrl}/staff/${world.people['teacher-a1']!.id}/second-factor`);
    await check(page);
    expect(await page.getByText('What happens next').count()).toBe(1);
    await pressTo(
      page,
      'Reset their second factor',
      (url) => url.pathname === `/staff/${world.people['teacher-a1']!.id}`,
    );
    expect(await page.getByText('second factor is reset').count()).toBe(1);
  });

  it('every page of the journey was checked with axe and at 320 px', () => {
    expect([...visited]).toEqual(
      expect.arrayContaining([
        '/sign-in',
        '/second-factor/set-up',
        '/trust/sign-in-settings',
        '/account/sessions',
        '/second-factor/passkey/added',
        '/second-factor/check',
        '/cases/:id',
        '/account/second-factor',
        '/account/second-factor/recovery-codes',
        '/account/second-factor/remove',
        '/staff/:id/second-factor',
      ]),
    );
  });
});
