import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer } from './browser.ts';
import { journey } from './journey.ts';
import { seedWorld, type World } from '../support/world.ts';
import { addGovernor, seedTermHistory } from '../http/governance/fixtures.ts';
import { pdfText } from '../support/pdf.ts';

/**
 * The governors' report in a real browser (GOV-1): a governor follows "Reports" from the header,
 * asks for a period that ends before it starts and is told so, chooses the autumn term's dates,
 * reads the figures with their charts and tables, and downloads the PDF for the governors' papers;
 * keyboard only, axe and the 320 px check on every page.
 */
describe('browser: a governor views the dashboard and downloads the report, keyboard only, with axe on every page', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: World;
  const steps = journey(() => ({ browser, baseUrl: server.baseUrl, people: world.people }));
  const { visited, check, signIn, follow, refusedWith, pressTo } = steps;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    world = await seedWorld(server.runtime.database.db);
    await addGovernor(server.runtime.database.db, world);
    await seedTermHistory(server.runtime.database.db, world);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text a person sees (CSS applied), which is what the journey checks
  const main = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ').trim();

  async function typeDates(page: Page, from: string, to: string) {
    if (!(await page.locator('#from').isVisible())) {
      await page.locator('.govuk-details__summary').focus();
      await page.keyboard.press('Enter');
    }
    for (const [id, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      await page.locator(`#${id}`).focus();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(value);
    }
  }

  it('GOV-1: a governor reads the term’s figures and downloads the PDF for the governors’ papers', async () => {
    const governor = await signIn('governor-a1');
    await check(governor);
    await follow(governor, 'Reports', /\/reports$/);
    expect(await main(governor)).toContain('had signed the policy in force');

    await typeDates(governor, '2026-12-01', '2026-09-01');
    await refusedWith(governor, 'Show the figures', ['The end date must be the same as or after the start date']);

    await typeDates(governor, '2026-09-01', '2026-12-31');
    await pressTo(governor, 'Show the figures', /\/reports\?/);
    const text = await main(governor);
    expect(text).toContain('1 September 2026 to 31 December 2026');
    expect(text).toContain('3 members of staff out of 8 (38%) had signed the policy in force');
    expect(text).toContain('2 concerns reported in the period');
    expect(await governor.locator('figure svg[role="img"]').count()).toBeGreaterThanOrEqual(4);
    expect(text).not.toContain('Josephine');

    const link = governor.getByRole('link', { name: 'Download the report for governors (PDF)' });
    await link.focus();
    const [download] = await Promise.all([governor.waitForEvent('download'), governor.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('governors-report-alder-primary-2026-09-01-to-2026-12-31.pdf');
    const pdf = fs.readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdfWords = pdfText(pdf);
    expect(pdfWords).toContain('Social media policy: report to governors');
    expect(pdfWords).toContain('3 members of staff out of 8 (38%) had signed the policy in force');

    expect([...visited]).toEqual(expect.arrayContaining(['/sign-in', '/', '/reports']));
    expect(steps.checks).toBeGreaterThanOrEqual(4);
  });
});
