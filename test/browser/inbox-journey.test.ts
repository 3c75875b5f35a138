import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer } from './browser.ts';
import { journey } from './journey.ts';
import { seedWorld, type World } from '../support/world.ts';

/**
 * The inbox in a real browser (MON-2, MON-4): a teacher who runs the school's Facebook page follows
 * the header link, logs a parent's comment by hand, answers it and records the reply; a press
 * enquiry cannot be answered until the head, told on her home page, approves the words; then the
 * teacher sends exactly those. Keyboard first, axe and a 320 px screen on every page.
 */
describe('browser: answering a comment and a press enquiry from the inbox, keyboard first, with axe on every page', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: World;
  const steps = journey(() => ({ browser, baseUrl: server.baseUrl, people: world.people }));
  const { visited, visit, check, signIn, pressTo, follow, choose, refusedWith } = steps;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    world = await seedWorld(server.runtime.database.db);
    const db = server.runtime.database.db;
    const now = new Date();
    const account = await db
      .insertInto('official_account')
      .values({
        trust_id: world.trustA,
        school_id: world.schoolA1,
        name: 'Alder Primary for parents',
        platform: 'facebook',
        status: 'active',
        applicant_id: world.people['teacher-a1']!.id,
        aim: 'News for families',
        audience: 'Families',
        promotion: 'Newsletter',
        visibility: 'open',
        handle: 'AlderPrimaryParents',
        address: 'https://www.facebook.com/AlderPrimaryParents',
        tagging_disabled: true,
        two_factor_enabled: true,
        setup_checklist: [],
        activated_on: '2026-09-01',
        review_due: '2027-09-01',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('account_operator')
      .values({
        account_id: account.id,
        person_id: world.people['teacher-a1']!.id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        is_lead: true,
        added_at: now,
        added_by: null,
      })
      .execute();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text a person sees (CSS applied), which is what the journey checks
  const main = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ').trim();

  async function logComment(page: Page, text: string, author: string) {
    await follow(page, 'Log a comment or message by hand', /\/inbox\/new/, 'button');
    await page.getByLabel('Which account it came to').selectOption({ label: 'Alder Primary for parents (Facebook)' });
    await page.getByLabel('What it says').fill(text);
    await page.getByLabel('Who wrote it').fill(author);
    await pressTo(page, 'Add to the inbox', /\/inbox\/items\/[0-9a-f-]{36}$/);
  }

  it('MON-2: a teacher logs a Facebook comment in seconds, sees the time left, and records the reply she made there', async () => {
    const teacher = await signIn('teacher-a1');
    await check(teacher);
    await follow(teacher, 'Inbox', /\/inbox$/);
    expect(await main(teacher)).toContain('Alder Primary for parents');
    await follow(teacher, 'Log a comment or message by hand', /\/inbox\/new/, 'button');
    await refusedWith(teacher, 'Add to the inbox', [
      'Select the account it came to',
      'Enter what it says',
      'Enter who wrote it, as the platform shows them',
    ]);
    await visit(teacher, '/inbox');
    await logComment(teacher, 'Does the breakfast club open at 7.45 or 8?', 'Nadia Brooks');
    const item = await main(teacher);
    expect(item).toMatch(/(23|24) hours( \d+ minutes?)? left|1 day left/);
    expect(item).toContain('Question or comment from Nadia Brooks');
    await teacher.getByLabel('Your reply').fill('It opens at 7.45 every school day.');
    await pressTo(teacher, 'Record the reply I made on Facebook', /\/inbox\/items\/[0-9a-f-]{36}$/);
    const answered = await main(teacher);
    expect(answered).toContain('The reply you made on the platform is recorded.');
    expect(answered).toContain('It opens at 7.45 every school day.');
    await visit(teacher, '/inbox');
    expect(await main(teacher)).not.toContain('Nadia Brooks');
  });

  it('MON-4: a press enquiry waits for the head’s written approval, then exactly those words are sent', async () => {
    const teacher = await signIn('teacher-a1');
    await visit(teacher, '/inbox');
    await logComment(
      teacher,
      'I am a reporter at the Riverside Gazette. Could the school give a statement for our story on the new playground?',
      'Riverside Gazette',
    );
    const itemPath = new URL(teacher.url()).pathname;
    expect(await main(teacher)).toContain('Press enquiry from Riverside Gazette');
    expect(await teacher.getByRole('button', { name: 'Record the reply I made on Facebook' }).count()).toBe(0);
    await teacher
      .getByLabel('Your reply')
      .fill('We are delighted with the new playground, which the PTA helped to fund.');
    await pressTo(teacher, 'Send for a senior leader’s approval', (url) => url.pathname === itemPath);
    expect(await main(teacher)).toContain('Waiting for approval');

    const head = await signIn('head-a1');
    await check(head);
    await follow(head, 'Approve a reply to a press enquiry from Riverside Gazette', (url) => url.pathname === itemPath);
    await refusedWith(head, 'Approve the reply', ['Confirm that you approve these words to be sent']);
    await choose(head, '#confirm');
    await pressTo(head, 'Approve the reply', (url) => url.pathname === itemPath);
    expect(await main(head)).toMatch(/Approved in writing by head Tester on/);

    await visit(teacher, itemPath);
    await pressTo(teacher, 'Record the reply I made on Facebook', (url) => url.pathname === itemPath);
    const done = await main(teacher);
    expect(done).toContain('We are delighted with the new playground, which the PTA helped to fund.');
    expect(done).toMatch(/Approved in writing by head Tester on/);
    expect([...visited]).toEqual(expect.arrayContaining(['/inbox', '/inbox/new', '/inbox/items/:id']));
  });
});
