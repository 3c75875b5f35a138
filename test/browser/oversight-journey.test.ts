import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startServer } from './browser.ts';
import { journey } from './journey.ts';
import { seedWorld, type World } from '../support/world.ts';

/**
 * Issue 11 in a real browser, keyboard only, axe on every page: a teacher checks a personal post
 * before posting it and completes the privacy check-in; the head records monitoring of one person
 * (refused first without a reason) and finds it behind Administration.
 */
describe('browser: staff and oversight journeys, keyboard first, with axe on every page', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: World;
  const steps = journey(() => ({ browser, baseUrl: server.baseUrl, people: world.people }), { checkSignInPage: false });
  const { visited, visit, check, signIn, follow, refusedWith, choose, pressTo } = steps;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    world = await seedWorld(server.runtime.database.db);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('STF-1, STF-2: a teacher checks a personal post, then completes the privacy check-in', async () => {
    const page = await signIn('teacher-a1');
    await check(page);
    await follow(page, 'Before you post: check a personal post against the policy', /\/before-you-post$/);
    expect(await page.locator('#not-kept').textContent()).toContain('does not keep what you paste');

    await page.locator('#draft').focus();
    await page.keyboard.type('Brilliant trip with Josephine Quill from Alder Primary today. Text me on 07700 900123');
    await pressTo(page, 'Check my post', /\/before-you-post$/);
    const findings = (await page.locator('.pw-finding h3').allTextContents()).map((t) =>
      t.replace(/^\d+\.\s*/, '').trim(),
    );
    expect(findings).toEqual(expect.arrayContaining(['The school’s name', 'A pupil', 'Contact details']));
    expect(await page.locator('.pw-finding').first().textContent()).toContain('Policy:');
    expect(await page.locator('#findings').textContent()).toContain('a pupil at your school');

    await follow(page, 'Do your privacy check-in', /\/privacy-check-in$/);
    await refusedWith(page, 'Confirm my check-in', [
      'Tick each statement that is true. If one is not true yet, put it right first (the guidance below says how), then come back.',
    ]);
    for (const key of ['privacy-settings', 'no-pupils', 'school-named']) await choose(page, `#statement-${key}`);
    await pressTo(page, 'Confirm my check-in', /\/privacy-check-in$/);
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('Check-in done');
    expect(await page.locator('#next-check-in').textContent()).toContain('What happens next');
  });

  it('GOV-2, navigation: the head finds monitoring behind Administration; a record without a reason is refused', async () => {
    const page = await signIn('head-a1');
    await check(page);
    await follow(page, 'Administration', /\/administration$/);
    await follow(page, 'Monitoring records', /\/monitoring-records$/);
    await follow(page, 'Record monitoring of one person', /\/monitoring-records\/new$/, 'button');
    await page.locator('#subjectId').selectOption({ label: 'Tester, teacher' });
    await page.locator('#systems').fill('School email');
    const today = new Date();
    for (const which of ['starts', 'ends']) {
      await page.locator(`#${which}-day`).fill(String(today.getDate()));
      await page.locator(`#${which}-month`).fill(String(today.getMonth() + 1));
      await page.locator(`#${which}-year`).fill(String(today.getFullYear()));
    }
    await refusedWith(page, 'Record and authorise', [
      'Enter why this person’s use of school systems is being monitored: the policy allows it only for a justified concern, and the reason is kept with the record',
    ]);
    await page.locator('#reason').fill('A justified concern about the use of a school laptop');
    await pressTo(page, 'Record and authorise', /\/monitoring-records\/[0-9a-f-]{36}$/);
    expect(await page.locator('h1').textContent()).toContain('teacher Tester');
    await visit(page, '/privacy-check-ins');
  });

  it('every page of the journeys was checked', () => {
    expect([...visited].sort()).toEqual(
      expect.arrayContaining([
        '/',
        '/before-you-post',
        '/privacy-check-in',
        '/administration',
        '/monitoring-records',
        '/monitoring-records/new',
        '/monitoring-records/:id',
        '/privacy-check-ins',
      ]),
    );
  });
});
