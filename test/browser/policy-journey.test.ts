import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startServer } from './browser.ts';
import { journey } from './journey.ts';
import { seedWorld, type World } from '../support/world.ts';

/**
 * The policy journeys in a real browser: the head drafts and approves the policy, a teacher reads
 * and signs it with the keyboard alone, and every page on the way passes axe.
 */
describe('browser: the policy journeys, keyboard first, with axe on every page', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: World;
  // As before the shared helpers: signing in does not check the sign-in page (the foundation journey does).
  const { visited, visit, check, signIn, press } = journey(
    () => ({ browser, baseUrl: server.baseUrl, people: world.people }),
    { checkSignInPage: false },
  );

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    world = await seedWorld(server.runtime.database.db);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('POL-1, POL-2, POL-6: the head starts from the model policy, edits a clause, records approval (errors first) and reads it', async () => {
    const page = await signIn('head-a1');
    await visit(page, '/policy');
    await press(page, 'Start from Postwarden’s model policy');
    await page.waitForURL(/\/policy\/versions\/[0-9a-f-]{36}$/);
    await check(page);
    const versionPath = new URL(page.url()).pathname;

    await visit(page, `${versionPath}/settings`);
    await page.getByLabel('Reply to comments and messages within').fill('0');
    await press(page, 'Save settings');
    await page.waitForSelector('.govuk-error-summary');
    await check(page);

    await visit(page, versionPath);
    const clauseLink = page.locator(`a[href^="${versionPath}/clauses/"]`).first();
    await visit(page, (await clauseLink.getAttribute('href'))!);

    await visit(page, `${versionPath}/approve`);
    await press(page, 'Record approval');
    await page.waitForSelector('.govuk-error-summary');
    await check(page);
    const today = new Date();
    await page.getByLabel('Approved by').fill('Full Governing Body');
    for (const [prefix] of [['approvedOn'], ['effectiveFrom']]) {
      await page.locator(`#${prefix}-day`).fill(String(today.getDate()));
      await page.locator(`#${prefix}-month`).fill(String(today.getMonth() + 1));
      await page.locator(`#${prefix}-year`).fill(String(today.getFullYear()));
    }
    await press(page, 'Record approval');
    await page.waitForURL(/\/policy$/);
    expect(await page.textContent('main')).toContain('Full Governing Body');
    await check(page);

    for (const path of [
      '/policy',
      '/policy/current',
      '/policy/coverage',
      '/policy/review',
      '/training',
      '/training/courses/new',
      '/guidance',
    ])
      await visit(page, path);
    const topic = page.locator('a[href^="/guidance/"]').first();
    await visit(page, (await topic.getAttribute('href'))!);
    await page.close();
  });

  it('POL-4, STF-3: a teacher sees the task on the home page, signs with the keyboard alone, and coverage counts them', async () => {
    const page = await signIn('teacher-a1');
    await check(page);
    expect(await page.textContent('main')).toContain('Waiting for you');
    const task = page.getByRole('link', { name: /Read and sign the social media policy/ });
    await task.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/policy\/sign$/);
    await check(page);
    // Signing without confirming shows the error summary first.
    await press(page, 'Sign the policy');
    await page.waitForSelector('.govuk-error-summary');
    await check(page);
    await page.locator('input[name="confirm"]').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Type your full name').fill('teacher Tester');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/policy\/sign\/confirmation$/);
    await check(page);
    expect(await page.textContent('main')).toContain('signed');
    await visit(page, '/');
    expect(await page.getByRole('link', { name: /Read and sign/ }).count()).toBe(0);
    await page.close();

    const head = await signIn('head-a1');
    await visit(head, '/policy/coverage');
    expect(await head.textContent('main')).toContain('teacher Tester');
    await head.close();
    expect(visited.size).toBeGreaterThan(12);
  });
});
