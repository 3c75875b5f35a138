import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, startServer } from './browser.ts';
import { PASSWORD, seedWorld, type World } from '../support/world.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import');

describe('browser: the foundation journeys, keyboard first, with axe on every page', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let page: Page;
  const visited: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function check(p: Page) {
    visited.push(new URL(p.url()).pathname);
    await expectAccessible(p);
  }

  it('ORG-1: first-run set-up works with the keyboard alone and every page passes axe', async () => {
    page = await (await browser.newContext()).newPage();
    await page.goto(`${server.baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/setup');
    await check(page);
    // Submitting the empty form shows the error summary, which must be accessible too.
    await page.getByRole('button', { name: 'Set up Postwarden' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.govuk-error-summary');
    await check(page);
    await page.getByLabel('A single school').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('School name').fill('Quayside Community Primary');
    await page.getByLabel('Phase').selectOption('primary');
    await page.getByLabel('First name').fill('Rosa');
    await page.getByLabel('Last name').fill('Achterberg');
    await page.getByLabel('Work email address').fill('rosa@quayside.sch.uk');
    await page.getByLabel('Create a password').fill('three random words here');
    await page.getByLabel('Type the password again').fill('three random words here');
    await page.getByLabel('Type the password again').press('Enter');
    await page.waitForURL(`${server.baseUrl}/`);
    expect(await page.textContent('h1')).toContain('Quayside Community Primary');
    await check(page);
    await page.close();
  });

  it('ORG-1, ORG-5: sign in, switch school, import a pupil CSV with errors and then a correct one', async () => {
    const world: World = await seedWorld(server.runtime.database.db);
    page = await (await browser.newContext()).newPage();
    await page.goto(`${server.baseUrl}/sign-in`);
    await check(page);
    await page.getByLabel('Email address').fill(world.people['trustadmin-a']!.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/trust$/);
    await check(page);

    // Switch from the trust view to a school with the organisation switcher, keyboard only.
    await page.getByRole('link', { name: 'Change school' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/switch$/);
    await check(page);
    await page.getByLabel('Alder Primary').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Continue' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.baseUrl}/`);
    expect(await page.textContent('h1')).toContain('Alder Primary');
    await check(page);

    await page.goto(`${server.baseUrl}/pupils`);
    await check(page);
    await page.goto(`${server.baseUrl}/imports/new?kind=pupils`);
    await check(page);

    // A file with errors: every error listed with its line, nothing imported.
    await page.check('#scope'); // the file is every pupil
    await page.setInputFiles('#file', path.join(FIXTURES, 'pupils-with-errors.csv'));
    await page.getByRole('button', { name: 'Upload and check' }).press('Enter');
    await page.waitForLoadState('load');
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    await check(page);
    expect(await page.textContent('#errors')).toContain('Problems to correct');
    expect(await page.locator('table.govuk-table tbody tr').count()).toBeGreaterThan(3);
    expect(await page.getByRole('button', { name: /^Import pupils/ }).count()).toBe(0);

    // The corrected file: preview, confirm, progress, done.
    await page.goto(`${server.baseUrl}/imports/new?kind=pupils`);
    await page.check('#scope-2'); // only new and changed pupils: nobody leaves
    await page.setInputFiles('#file', path.join(FIXTURES, 'pupils-sims.csv'));
    await page.getByRole('button', { name: 'Upload and check' }).press('Enter');
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    await check(page);
    await page.getByRole('button', { name: /^Import pupils/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.govuk-panel__title', { timeout: 30_000 });
    expect(await page.textContent('.govuk-panel__title')).toContain('Import complete');
    await check(page);

    await page.goto(`${server.baseUrl}/pupils`);
    await check(page);
    const firstPupil = page.locator('table.govuk-table tbody a').first();
    await firstPupil.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/pupils\/[0-9a-f-]{36}$/);
    await check(page);
    await page.goto(`${server.baseUrl}/staff`);
    await check(page);
    await page.goto(`${server.baseUrl}/staff/new`);
    await check(page);
    await page.goto(`${server.baseUrl}/audit`);
    await check(page);
    await page.goto(`${server.baseUrl}/accessibility`);
    await check(page);
    await page.goto(`${server.baseUrl}/no-such-page`);
    await check(page);
    expect(visited.length).toBeGreaterThan(15);
    await page.close();
  });
});
