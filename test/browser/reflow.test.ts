import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { expectFitsNarrowScreen, launchBrowser, NARROWEST, startServer } from './browser.ts';
import { journey } from './journey.ts';
import { seedWorld, type World } from '../support/world.ts';

/**
 * The narrow-screen check every journey runs (WCAG 1.4.10), proved able to fail, and the shared
 * stylesheet's stacked tables proved to fit with content that made pages too wide before.
 */
describe('browser: every page fits a 320 px wide screen', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: World;
  const steps = journey(() => ({ browser, baseUrl: server.baseUrl, people: world.people }), { checkSignInPage: false });

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    world = await seedWorld(server.runtime.database.db);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page of the server's own origin (so its stylesheet may load) with Postwarden's stylesheet and `body`, at desktop width. */
  async function withStylesheet(body: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.baseUrl}/accessibility`);
    await page.setContent(
      `<!doctype html><html lang="en"><head><link rel="stylesheet" href="/assets/postwarden.css"></head>
      <body class="govuk-template__body"><main class="govuk-main-wrapper govuk-width-container">${body}</main></body></html>`,
      { waitUntil: 'load' },
    );
    return page;
  }

  const wideTable = (
    id: string,
  ) => `<table class="govuk-table" id="${id}"><caption class="govuk-table__caption">Posts</caption>
    <thead class="govuk-table__head"><tr class="govuk-table__row">${['Post', 'Account', 'Written by', 'Sent', 'Status', 'Findings'].map((h) => `<th scope="col" class="govuk-table__header">${h}</th>`).join('')}</tr></thead>
    <tbody class="govuk-table__body"><tr class="govuk-table__row">
      <td class="govuk-table__cell">Year 6 enjoyed https://www.larkfield-primary.example/news/2026/residential-trip-to-the-peak-district-photographs</td>
      <td class="govuk-table__cell">Larkfield Primary for parents</td><td class="govuk-table__cell">Gareth Lowe</td><td class="govuk-table__cell">18 November 2026</td>
      <td class="govuk-table__cell">Awaiting approval</td><td class="govuk-table__cell">Supercalifragilisticexpialidocious-findings</td>
    </tr></tbody></table>`;

  it('issue 8.6: the check fails a page wider than 320 px, and names what sticks out', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.setContent(
      '<!doctype html><html lang="en"><body><div id="too-wide" style="width: 500px">A fixed-width box</div></body></html>',
    );
    await expect(expectFitsNarrowScreen(page)).rejects.toThrow(
      /is 5\d\d px wide at a 320 px wide screen \(WCAG 1\.4\.10 reflow\):\n\s+div#too-wide \(right edge 5\d\d px\): A fixed-width box/,
    );
    // And the page is put back to the size it had.
    expect(page.viewportSize()).toEqual({ width: 1280, height: 720 });
    await page.context().close();
  });

  it('issue 8.6: a wide table with long addresses stacks to fit, while the same table without the stylesheet does not', async () => {
    const page = await withStylesheet(wideTable('posts'));
    await expectFitsNarrowScreen(page);
    await page.setViewportSize({ width: NARROWEST, height: 640 });
    // Each cell is a block under the last: the post text is not squeezed into a narrow column.
    const widths = await page.$$eval('#posts td', (cells) =>
      cells.map((c) => Math.round(c.getBoundingClientRect().width)),
    );
    expect(new Set(widths).size).toBe(1);
    expect(widths[0]).toBeGreaterThan(250);
    await page.context().close();

    const bare = await (await browser.newContext()).newPage();
    await bare.setContent(`<!doctype html><html lang="en"><body>${wideTable('posts')}</body></html>`);
    await expect(expectFitsNarrowScreen(bare)).rejects.toThrow(/px wide at a 320 px wide screen/);
    await bare.context().close();
  });

  it('issue 8.6: on a real page, stacked cells are labelled with their column, and a sortable table keeps its sort buttons on show', async () => {
    const page = await steps.signIn('admin-a1');
    await steps.visit(page, '/staff');
    await page.setViewportSize({ width: NARROWEST, height: 640 });
    const firstRow = page.locator('table.govuk-table tbody tr').first();
    expect(await firstRow.locator('td').first().getAttribute('data-label')).toBeTruthy();
    expect(await page.locator('table.govuk-table').first().getAttribute('role')).toBe('table');
    const sortButton = page.locator('table.govuk-table thead button').first();
    const box = await sortButton.boundingBox();
    expect(box && box.width > 10 && box.height > 10 && box.x >= 0 && box.x + box.width <= NARROWEST).toBe(true);
    await page.context().close();
  });
});
