import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer } from './browser.ts';
import { journey } from './journey.ts';
import { seedWorld, type World } from '../support/world.ts';

/**
 * The concern journey in a real browser (INC-1, INC-3, INC-5, INC-7): a teacher follows the header
 * link, reports a safeguarding concern on the one form page with the keyboard, and reads the
 * confirmation (who, by when, what next); the DSL follows the urgent home-page task to the case,
 * with its clocks at the top, records the assessment and sees the level and why; the case is not in
 * the teacher's own list. Every page on the way passes axe.
 */
describe('browser: reporting a concern and following it as the receiver, keyboard first, with axe on every page', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: World;
  const steps = journey(() => ({ browser, baseUrl: server.baseUrl, people: world.people }));
  const { visited, visit, check, signIn, pressTo, follow, choose } = steps;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    world = await seedWorld(server.runtime.database.db);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text a person sees (CSS applied), which is what the journey checks
  const main = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ').trim();

  it('INC-1, INC-3, INC-5, INC-7: a teacher reports in one form and one confirmation; the DSL opens it from the home page and assesses it', async () => {
    const teacher = await signIn('teacher-a1');
    await check(teacher);
    const started = Date.now();
    await follow(teacher, 'Report a concern', /\/concerns\/new$/);
    await choose(teacher, '#atRisk-2'); // No
    await choose(teacher, '#kind'); // the first kind: a worry about a child's safety
    await teacher
      .getByLabel('What happened?')
      .fill('A pupil showed me messages from an adult asking her to keep their chats secret.');
    // The people search suggests as she types (a combobox): down arrow and Enter choose the pupil.
    const who = teacher.getByRole('combobox', { name: 'Pupil or member of staff 1' });
    await who.focus();
    await teacher.keyboard.type('quil', { delay: 20 });
    const suggestion = teacher.getByRole('option', { name: /Josephine Quill\s+Pupil, Year 4/ });
    await suggestion.waitFor();
    expect(await who.getAttribute('aria-expanded')).toBe('true');
    await check(teacher); // axe and 320 px with the suggestions open
    await teacher.keyboard.press('ArrowDown');
    expect(await suggestion.getAttribute('aria-selected')).toBe('true');
    expect(await who.getAttribute('aria-activedescendant')).toBe(await suggestion.getAttribute('id'));
    await teacher.keyboard.press('Enter'); // chooses; does not send the form
    expect(new URL(teacher.url()).pathname).toBe('/concerns/new');
    expect(await who.inputValue()).toBe('Josephine Quill');
    expect(await who.getAttribute('aria-expanded')).toBe('false');
    expect(await teacher.locator('input[type="hidden"][name="pick-0"]').inputValue()).toMatch(/^pupil:[0-9a-f-]{36}$/);
    await pressTo(teacher, 'Send the concern', /\/concerns\/sent$/);
    const seconds = (Date.now() - started) / 1000;
    const sent = await main(teacher);
    expect(sent).toMatch(/Concern sent Your reference is C-\d{4}-\d{4}/);
    expect(sent).toContain('It has gone to dsl Tester (the designated safeguarding lead).');
    expect(sent).toContain('It is urgent');
    expect(sent).toContain('only the people who deal with safeguarding can see it');
    expect(seconds).toBeLessThan(60);
    const reference = /C-\d{4}-\d{4}/.exec(sent)![0];

    // The teacher's own list does not show the restricted case.
    await visit(teacher, '/cases/mine');
    expect(await main(teacher)).not.toContain(reference);

    // The DSL is told on the home page at once, and opens the case.
    const dsl = await signIn('dsl-a1');
    await check(dsl);
    await follow(dsl, `Urgent concern ${reference}: open it now`, /\/cases\/[0-9a-f-]{36}$/);
    const casePath = new URL(dsl.url()).pathname;
    const page = await main(dsl);
    expect(page.indexOf('Clocks')).toBeLessThan(page.indexOf('The concern'));
    expect(page).toContain('Open the case and record an initial assessment');
    expect(page).toContain('Josephine Quill (pupil)');
    await follow(dsl, 'Record the assessment', /\/assess$/, 'button');
    await dsl
      .getByLabel('Initial assessment')
      .fill('Grooming risk. Spoke to the pupil and her parents; referral to children’s social care today.');
    for (const [name, value] of [
      ['nature', 3],
      ['visibility', 1],
      ['recirculation', 1],
      ['impact', 3],
    ] as const)
      await choose(dsl, `#${name}${value === 1 ? '' : `-${value}`}`);
    await choose(dsl, '#unlawful-2'); // "No": a police report would open itself (003 §10.5), which this journey does not follow
    await pressTo(dsl, 'Record the assessment', (url) => url.pathname === casePath);
    const assessed = await main(dsl);
    expect(assessed).toContain('The assessment has been recorded.');
    expect(assessed).toContain('Serious: the four scales add up to 8 out of 12, and the content is threatening');
    expect(assessed).toContain('No actions are open.');

    for (const path of ['/concerns/new', '/concerns/sent', '/cases/mine', '/', '/cases/:id', '/cases/:id/assess'])
      expect(visited, path).toContain(path);
  });
});
