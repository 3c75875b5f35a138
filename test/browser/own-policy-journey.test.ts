import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld, type World } from '../support/world.ts';
import { launchBrowser, startServer } from './browser.ts';
import { journey } from './journey.ts';

/**
 * POL-7 in a real browser: the school administrator brings in the sample Word policy, checks its
 * sections and matches, is refused until every proposed setting is decided, accepts them with the
 * keyboard and saves the draft; axe and the 320 px check on every page.
 */
describe('browser: bringing a school’s own policy in, keyboard first, with axe on every page', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: World;
  const { visited, visit, check, signIn, press, pressTo, follow, choose } = journey(
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

  it('POL-7: upload a Word policy, confirm its settings sentence by sentence, save the draft', async () => {
    const page = await signIn('admin-a1');
    await visit(page, '/policy');
    await follow(page, 'Bring in your own policy from a Word document, a PDF or text', /\/policy\/import$/);
    await page
      .locator('#file')
      .setInputFiles(
        new URL('../../src/modules/policies/bring-your-own/sample/sample-policy.docx', import.meta.url).pathname,
      );
    await pressTo(page, 'Read the policy', /\/sections$/);
    expect(await page.textContent('main')).toContain('The school');
    await follow(page, 'Continue: see how it matches the model', /\/matches$/, 'button');
    await pressTo(page, 'Continue: confirm the settings', /\/settings$/);
    expect(await page.locator('mark').count()).toBeGreaterThan(5);

    await press(page, 'Continue');
    await page.waitForSelector('.govuk-error-summary');
    await check(page);

    const keys = await page.$$eval('input[type="radio"][value="accept"]', (inputs) =>
      inputs.map((i) => (i as HTMLInputElement).id),
    );
    expect(keys.length).toBeGreaterThan(5);
    for (const id of keys) await choose(page, `#${id}`);
    await pressTo(page, 'Continue', /\/save$/);
    await pressTo(page, 'Save as a draft', /\/policy\/versions\/[0-9a-f-]{36}$/);
    expect(await page.textContent('main')).toContain('Purpose');
    expect([...visited]).toEqual(
      expect.arrayContaining([
        '/policy/import',
        '/policy/import/:id/sections',
        '/policy/import/:id/matches',
        '/policy/import/:id/settings',
        '/policy/import/:id/save',
        '/policy/versions/:id',
      ]),
    );
    await page.close();
  });
});
