import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, startServer } from './browser.ts';
import { journey } from './journey.ts';
import { seedWorld, type World } from '../support/world.ts';
import { ukDate } from '../../src/platform/clock.ts';
import { approveVersion, saveSettings, startFromModel } from '../../src/modules/policies/versions/service.ts';
import { HUMAN_CHECKS, humanChecksFor } from '../../src/modules/publishing/posts/model.ts';

const ACCOUNT = 'Kingfisher class news';
const HANDLE = 'kingfisher-alder.example.com';
const FULL_NAME_TEXT = 'Well done to Josephine Quill for her swimming award! She swam 25 metres in the school gala.';
const FIXED_TEXT = 'Well done to Josephine for her swimming award! She swam 25 metres in the school gala.';
const ALT_TEXT = 'Josephine holding her swimming certificate beside the pool';
/** What the manual hand-off accepts for a Bluesky account: a bsky.app link to one post (connectors/manual-links.ts). */
const POST_LINK = `https://bsky.app/profile/${HANDLE}/post/3lbc2xyzabc22`;

/**
 * The posting journey in a real browser (PUB-1..6): a teacher who runs a live Bluesky account writes
 * a post naming a pupil in full, sees the blocking finding with the words highlighted and the policy
 * clause cited, is refused when sending it for approval, fixes it, adds a photo (which carried a GPS
 * location) and tags the pupil from the roster; the headteacher follows the home-page task and, after
 * being refused for skipping the human checks, approves it; the teacher posts it by hand (no sign-in
 * details are stored, so the connector hands it over), records the link, and it is in the record;
 * then it is taken down with a reason. A second post carries only advice (PUB-3), which the head
 * overrides with a written reason that is kept. Keyboard first, and every page on the way passes axe.
 */
describe('browser: the posting journey, keyboard first, with axe on every page', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: World;
  let photoFile: string;
  const steps = journey(() => ({ browser, baseUrl: server.baseUrl, people: world.people }));
  const { visited, visit, check, signIn, pressTo, follow, refusedWith, choose } = steps;
  const id = (key: string) => world.people[key]!.id;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    const db = server.runtime.database.db;
    world = await seedWorld(db);
    const now = server.runtime.clock.now();
    const [year, month, day] = ukDate(now).split('-');
    // As test/http/posts/support.ts (seedPostingWorld): the trust's model policy, in force from today, with
    // no operator training required, and a live Bluesky account run by teacher-a1 (lead) and dsl-a1.
    const trust = { trustId: world.trustA, schoolId: null };
    const actor = { id: id('trustadmin-a'), label: 'trustadmin' };
    const version = await startFromModel(db, now, trust, actor);
    expect(await saveSettings(db, now, trust, actor, version, { operatorTrainingRequired: 'no' })).toBe('saved');
    expect(
      await approveVersion(db, now, trust, actor, version, {
        body: 'Trust board',
        approvedDay: day!,
        approvedMonth: month!,
        approvedYear: year!,
        effectiveDay: day!,
        effectiveMonth: month!,
        effectiveYear: year!,
        consultation: '',
        changeSummary: '',
      }),
    ).toBe('approved');
    await db
      .insertInto('role_assignment')
      .values({ person_id: id('admin-a1'), trust_id: world.trustA, school_id: world.schoolA1, role: 'account_admin' })
      .execute();
    const account = await db
      .insertInto('official_account')
      .values({
        trust_id: world.trustA,
        school_id: world.schoolA1,
        name: ACCOUNT,
        platform: 'bluesky',
        status: 'active',
        applicant_id: id('teacher-a1'),
        aim: 'Class news for families',
        audience: 'Families',
        promotion: 'Newsletter',
        visibility: 'open',
        handle: HANDLE,
        address: `https://bsky.app/profile/${HANDLE}`,
        tagging_disabled: true,
        two_factor_enabled: true,
        setup_checklist: [],
        activated_on: ukDate(now),
        review_due: `${Number(year) + 1}-${month}-${day}`,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, key] of ['teacher-a1', 'dsl-a1'].entries()) {
      await db
        .insertInto('account_operator')
        .values({
          account_id: account.id,
          person_id: id(key),
          trust_id: world.trustA,
          school_id: world.schoolA1,
          is_lead: i === 0,
          added_at: now,
          added_by: null,
        })
        .execute();
    }
    // A small photo that carries a GPS location and camera details, which must not survive the upload (PUB-4).
    photoFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pw-photo-')), 'swimming-gala.jpg');
    const bytes = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#4a90c8' } })
      .withExif({
        IFD0: { Make: 'Canon', Model: 'Canon EOS R6' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '51/1 30/1 3230/100',
          GPSLongitudeRef: 'W',
          GPSLongitude: '0/1 7/1 4366/100',
        },
      })
      .jpeg({ quality: 80 })
      .toBuffer();
    expect((await sharp(bytes).metadata()).exif).toBeDefined();
    fs.writeFileSync(photoFile, bytes);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (photoFile) fs.rmSync(path.dirname(photoFile), { recursive: true, force: true });
  });

  const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
  /** The text as laid out (so a summary list's key and value are apart). */
  // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text a person sees (CSS applied), which is what the journey checks
  const shown = async (locator: Locator) => squash(await locator.innerText());
  const main = async (page: Page) => shown(page.locator('main'));
  /** The column beside the post with the checks' findings. */
  const checksColumn = (page: Page) => page.locator('.govuk-grid-column-one-third', { has: page.locator('#findings') });
  const status = async (page: Page) => squash(await page.locator('main h1 + p .govuk-tag').textContent());

  it('PUB-1, PUB-2, PUB-4, PUB-5, PUB-6: draft naming a pupil is flagged with the clause, fixed, photo cleaned and tagged, approved by the head, posted by hand, in the record, then taken down — axe on every page', async () => {
    // PUB-1: the teacher, who runs a live account, starts a post from the posts page.
    const teacher = await signIn('teacher-a1');
    await check(teacher);
    await visit(teacher, '/posts');
    await follow(teacher, 'Write a post', /\/posts\/new$/, 'button'); // a GOV.UK button that is a link
    // They run one account, so it is already chosen.
    expect(await teacher.locator('#accountId option:checked').textContent()).toBe(`${ACCOUNT} (Bluesky)`);
    await teacher.getByLabel('What the post says').fill(FULL_NAME_TEXT);
    // PUB-2: the checks beside the box run as the author types, before anything is saved.
    const live = teacher.locator('#live-findings');
    await expect.poll(async () => squash(await live.textContent()), { timeout: 10_000 }).toContain('1 problem to fix');
    expect(await live.locator('mark').allTextContents()).toEqual(['Josephine Quill']);
    // The words are counted as Bluesky counts them, as they are typed.
    expect(squash(await live.locator('#text-count').textContent())).toBe(
      `Length: ${FULL_NAME_TEXT.length} of the 300 characters Bluesky allows`,
    );
    await check(teacher);

    // Saved: the blocking finding is beside the draft, the words highlighted and the clause cited.
    await pressTo(teacher, 'Save and check', /\/posts\/[0-9a-f-]{36}\/edit$/);
    const editPath = new URL(teacher.url()).pathname;
    const postPath = editPath.replace(/\/edit$/, '');
    expect(await main(teacher)).toContain('Your draft has been saved and checked.');
    // Saved, but not a success while a problem is waiting to be fixed.
    expect(await teacher.locator('.govuk-notification-banner--success').count()).toBe(0);
    const finding = live.locator('.pw-finding');
    expect(await finding.count()).toBe(1);
    expect(await finding.getAttribute('class')).toContain('pw-finding--blocking');
    expect(squash(await finding.textContent())).toMatch(
      /^Must be fixed In the post “Josephine Quill” names a pupil in full\. .*Words: Josephine Quill Policy: §\d+(\.\d+)* First names only$/,
    );
    expect(await finding.locator('mark.pw-mark--blocking').allTextContents()).toEqual(['Josephine Quill']);
    expect(await teacher.getByLabel('What the post says').inputValue()).toBe(FULL_NAME_TEXT);

    // The post's page highlights the words in the post itself.
    await follow(teacher, 'See the post', (url) => url.pathname === postPath);
    expect(await status(teacher)).toBe('Draft');
    expect(await teacher.locator('.pw-post-text mark.pw-mark--blocking').allTextContents()).toEqual([
      'Josephine Quill',
    ]);
    expect(squash(await checksColumn(teacher).textContent())).toMatch(
      /^Checks Length: \d+ of the 300 characters Bluesky allows 1 problem to fix Must be fixed In the post “Josephine Quill” names a pupil in full\. .*Policy: §\d+(\.\d+)* First names only$/,
    );

    // PUB-1, PUB-2: sending it for approval is not offered while a check blocks it, and the page says why.
    expect(await teacher.getByRole('button', { name: 'Send for approval' }).count()).toBe(0);
    expect(await main(teacher)).toContain(
      'You can send this post for approval once the problem the checks found is fixed',
    );

    // Fixed to the first name only, saved: no problems found.
    await follow(teacher, 'Change the post or its photos', (url) => url.pathname === editPath);
    await teacher.getByLabel('What the post says').fill(FIXED_TEXT);
    await pressTo(teacher, 'Save and check', (url) => url.pathname === editPath);
    expect(await main(teacher)).toContain('Your changes have been saved and checked.');
    expect(squash(await live.textContent())).toContain('No problems found');
    expect(await live.locator('.pw-finding').count()).toBe(0);

    // PUB-4: a photo, cleaned of its location on upload, then described and tagged from the roster.
    await pressTo(teacher, 'Save and add a photo', /\/posts\/[0-9a-f-]{36}\/photos\/new$/);
    await teacher.setInputFiles('#photo', photoFile);
    await pressTo(teacher, 'Upload and clean the photo', /\/posts\/[0-9a-f-]{36}\/photos\/[0-9a-f-]{36}$/);
    const photoPath = new URL(teacher.url()).pathname;
    expect(photoPath.startsWith(`${postPath}/photos/`)).toBe(true);
    // It carried a location, and the uploader is told it has gone.
    expect(await main(teacher)).toContain(
      'This photo carried a location. It has been removed. Now describe the photo and tag the pupils in it.',
    );
    await teacher.getByLabel('Describe the photo for people who cannot see it').fill(ALT_TEXT);
    // However many faces the detector found, the uploader says how many pupils can be seen.
    await teacher.getByLabel('How many pupils can be seen?').fill('1');
    await teacher.getByLabel('Find a pupil by name or class').fill('Josephine');
    await pressTo(teacher, 'Search', (url) => url.pathname === photoPath);
    const result = teacher.getByRole('checkbox', { name: /^Josephine Quill \(Year 4, 4B\)$/ });
    expect(
      await teacher.getByRole('group', { name: 'Tick the pupils who can be seen' }).getByRole('checkbox').count(),
    ).toBe(1);
    await result.focus();
    await teacher.keyboard.press('Space');
    await pressTo(teacher, 'Tag the ticked pupils', (url) => url.pathname === photoPath);
    expect(squash(await teacher.locator('#tagged').textContent())).toMatch(
      /^Josephine Quill \(Year 4, 4B\) Remove Josephine Quill$/,
    );
    expect(await teacher.getByLabel('Describe the photo for people who cannot see it').inputValue()).toBe(ALT_TEXT); // kept through search and tag
    // The search is kept, and does not claim the tagged pupil is missing from the roll.
    expect(await main(teacher)).toContain('No pupil on roll who is not already tagged matches “Josephine”.');
    await pressTo(teacher, 'Save the photo’s details', (url) => url.pathname === editPath);
    expect(await main(teacher)).toContain('The photo’s description and tags have been saved and checked.');
    expect(squash(await live.textContent())).toContain('No problems found');
    const card = teacher.locator('#photo-1');
    expect(await shown(card)).toContain(`Description (alt text) ${ALT_TEXT}`);
    expect(await shown(card)).toContain('Pupils 1 pupil tagged');
    expect(await shown(card)).toMatch(
      /Hidden details It carried a location, which was removed\. Removed: GPS location/,
    );
    // The cleaned file the page serves carries no EXIF at all.
    const src = await card.locator('img').getAttribute('src');
    const served = await teacher.request.get(`${server.baseUrl}${src}`);
    expect(served.status()).toBe(200);
    const cleaned = await sharp(await served.body()).metadata();
    expect(cleaned.exif).toBeUndefined();
    expect([cleaned.width, cleaned.height]).toEqual([320, 240]);

    // PUB-1: sent for approval.
    await follow(teacher, 'See the post and send it for approval', (url) => url.pathname === postPath);
    await pressTo(teacher, 'Send for approval', (url) => url.pathname === postPath);
    expect(await main(teacher)).toContain('Your post has been sent for approval.');
    expect(await status(teacher)).toBe('Awaiting approval');
    await teacher.close();

    // PUB-1, PUB-4: the headteacher follows the home-page task to the decision page.
    const head = await signIn('head-a1');
    await check(head);
    await follow(head, '1 post is waiting for your approval', /\/posts$/);
    const waiting = head.locator('#waiting tbody tr');
    expect(await waiting.count()).toBe(1);
    expect(await shown(waiting)).toBe(`${FIXED_TEXT} ${ACCOUNT} Bluesky teacher Tester Awaiting approval`);
    await follow(head, /^Well done to Josephine for her swimming award!/, (url) => url.pathname === postPath);
    await follow(head, 'Decide on this post', /\/posts\/[0-9a-f-]{36}\/decision$/, 'button');
    expect(await shown(head.locator('#photo-1'))).toContain('Pupils 1 pupil tagged');
    expect(squash(await checksColumn(head).textContent())).toContain('No problems found');
    // Approving without the human checks is refused.
    await choose(head, 'input[name="decision"][value="approve"]');
    await refusedWith(head, 'Record the decision', ['Confirm each of the checks before approving the post']);
    expect(await head.locator('input[name="decision"][value="approve"]').isChecked()).toBe(true);
    for (const c of HUMAN_CHECKS) await choose(head, `input[name="checks"][value="${c.value}"]`);
    await pressTo(head, 'Record the decision', (url) => url.pathname === postPath);
    expect(await main(head)).toContain('The post is approved. Its author can publish it now.');
    expect(await status(head)).toBe('Approved, not yet published');
    expect(await main(head)).toMatch(/Approved by head Tester, /);
    await head.close();

    // PUB-6: no sign-in details are stored for the account, so the teacher posts it by hand and records the link.
    const again = await signIn('teacher-a1');
    await check(again);
    await follow(again, '1 approved post is ready to publish', /\/posts$/);
    await follow(again, /^Well done to Josephine for her swimming award!/, (url) => url.pathname === postPath);
    expect(await main(again)).toContain('Publish it');
    await follow(again, 'Post it by hand', /\/posts\/[0-9a-f-]{36}\/hand-off$/, 'button');
    expect(await again.getByLabel('Select all and copy').inputValue()).toBe(FIXED_TEXT);
    // The copy button (shown by the page's script) puts the approved words on the clipboard.
    await again.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    await again.getByRole('button', { name: 'Copy the words' }).focus();
    await again.keyboard.press('Enter');
    await expect
      .poll(async () => squash(await again.locator('#copy-status').textContent()))
      .toBe('The approved words are copied. Paste them into Bluesky.');
    expect(await again.evaluate(() => navigator.clipboard.readText())).toBe(FIXED_TEXT);
    // The teacher cannot see the stored sign-in details, so is told who keeps them.
    expect(await main(again)).toContain(
      'If you do not have the account’s sign-in details, ask the account administrator',
    );
    expect(await main(again)).toContain(`Alt text: ${ALT_TEXT}`);
    expect(await main(again)).toContain(`Sign in to Bluesky as ${HANDLE} and post it.`);
    // A link to another platform is refused, and what was pasted is kept to correct.
    const wrong = 'https://www.instagram.com/p/Cabc123/';
    await again.getByLabel('Link to the post on Bluesky').fill(wrong);
    await refusedWith(again, 'Record it as published', [
      'The link is to www.instagram.com, not to Bluesky. Copy the link to the post from Bluesky, for example https://bsky.app/profile/alderprimary.bsky.social/post/…',
    ]);
    expect(await again.getByLabel('Link to the post on Bluesky').inputValue()).toBe(wrong);
    await again.getByLabel('Link to the post on Bluesky').fill(POST_LINK);
    await pressTo(again, 'Record it as published', (url) => url.pathname === postPath);
    expect(await main(again)).toContain('The post is recorded as published, with its link.');
    expect(await status(again)).toBe('Published');
    expect(await main(again)).toMatch(new RegExp(`Published \\d.*, by hand: ${POST_LINK.replace(/[.?/]/g, '\\$&')}`));
    expect(await again.getByRole('link', { name: POST_LINK }).getAttribute('href')).toBe(POST_LINK);

    // PUB-5: the record lists it, with who wrote it and where.
    await visit(again, '/posts/archive');
    const row = again.locator('#archive tbody tr');
    expect(await row.count()).toBe(1);
    expect(await shown(row)).toMatch(
      /^Well done to Josephine for her swimming award!.* Published \d.* Kingfisher class news Bluesky teacher Tester Published$/,
    );

    // PUB-5: taken down with a reason; a post made by hand must be deleted by hand first.
    await follow(again, /^Well done to Josephine for her swimming award!/, (url) => url.pathname === postPath);
    // The record of the post: the words and photo as approved, who wrote and approved it, and where it went.
    expect(await main(again)).toContain(`Written by teacher Tester Approved by head Tester, `);
    expect(await main(again)).toContain(`The post ${FIXED_TEXT}`);
    expect(await shown(again.locator('#photo-1'))).toContain(`Description (alt text) ${ALT_TEXT}`);
    expect(await main(again)).toContain(`, by hand: ${POST_LINK}`);
    await follow(again, 'Take this post down', /\/posts\/[0-9a-f-]{36}\/take-down$/);
    expect(await main(again)).toContain(`Delete it on Bluesky (${POST_LINK}), then record it here.`);
    const reason = 'Josephine’s family asked for it to be removed.';
    await again.getByLabel('Why is it being taken down?').fill(reason);
    await refusedWith(again, 'Take it down', [
      `Delete the post on the platform yourself (${POST_LINK}), then confirm that you have`,
    ]);
    expect(await again.getByLabel('Why is it being taken down?').inputValue()).toBe(reason);
    await choose(again, 'input[name="deletedByHand"][value="yes"]');
    await pressTo(again, 'Take it down', (url) => url.pathname === postPath);
    expect(await main(again)).toContain('The takedown is recorded. The post’s record is kept here.');
    expect(await status(again)).toBe('Taken down');
    expect(await main(again)).toContain(reason);
    expect(await again.getByRole('link', { name: 'Take this post down' }).count()).toBe(0);

    // The record keeps it, as taken down.
    await visit(again, '/posts/archive?status=taken_down');
    expect(await shown(again.locator('#archive tbody tr'))).toMatch(
      /Kingfisher class news Bluesky teacher Tester Taken down$/,
    );
    await visit(again, '/posts/archive?status=published');
    expect(await again.locator('#archive tbody tr').count()).toBe(0);
    await again.close();
  });

  it('PUB-1, PUB-2, PUB-3: advice (a phone number that is not the school’s) does not block sending, but the head approves only with a written reason, which is kept with the post — axe on every page', async () => {
    const text =
      'Kingfisher class swam at the leisure centre today. Its holiday lessons can be booked on 01632 960123.';
    const teacher = await signIn('teacher-a1');
    await visit(teacher, '/posts/new');
    await teacher.getByLabel('What the post says').fill(text);
    await pressTo(teacher, 'Save and check', /\/posts\/[0-9a-f-]{36}\/edit$/);
    const postPath = new URL(teacher.url()).pathname.replace(/\/edit$/, '');
    const finding = teacher.locator('#live-findings .pw-finding');
    expect(await finding.count()).toBe(1);
    expect(await finding.getAttribute('class')).toContain('pw-finding--advisory');
    expect(await finding.locator('mark.pw-mark--advisory').allTextContents()).toEqual(['01632 960123']);
    expect(squash(await teacher.locator('#live-findings').textContent())).toMatch(
      /^Length: \d+ of the 300 characters Bluesky allows 1 piece of advice .*“01632 960123” is a phone number that is not the school’s\..*Policy: §\d+(\.\d+)* /,
    );
    // PUB-3: advice does not stop it being sent.
    await follow(teacher, 'See the post and send it for approval', (url) => url.pathname === postPath);
    await pressTo(teacher, 'Send for approval', (url) => url.pathname === postPath);
    expect(await status(teacher)).toBe('Awaiting approval');
    await teacher.close();

    const head = await signIn('head-a1');
    await follow(head, '1 post is waiting for your approval', /\/posts$/);
    await follow(head, /^Kingfisher class swam at the leisure centre today\./, (url) => url.pathname === postPath);
    await follow(head, 'Decide on this post', /\/posts\/[0-9a-f-]{36}\/decision$/, 'button');
    // A text-only post: the photo checks are not asked.
    expect(await head.locator('input[name="checks"]').count()).toBe(2);
    for (const c of humanChecksFor(false)) await choose(head, `input[name="checks"][value="${c.value}"]`);
    await choose(head, 'input[name="decision"][value="approve"]');
    // PUB-3: the advice can be overridden only with a written reason.
    await refusedWith(head, 'Record the decision', [
      'Advice 1: give your reason for publishing despite it (at least 10 characters)',
    ]);
    const reason = 'This is the leisure centre’s public bookings line, not a personal number.';
    await head.getByLabel('Advice 1: why publish despite it?').fill(reason);
    await pressTo(head, 'Record the decision', (url) => url.pathname === postPath);
    expect(await status(head)).toBe('Approved, not yet published');
    // The reason is kept with the post, with who gave it.
    expect(await main(head)).toContain(`Advice overridden “01632 960123” is a phone number that is not the school’s.`);
    expect(await main(head)).toContain(`head Tester: “${reason}”`);
    await head.close();

    // Every page of the journey was checked with axe, error states included.
    expect([...visited].sort()).toEqual([
      '/',
      '/posts',
      '/posts/:id',
      '/posts/:id/decision',
      '/posts/:id/edit',
      '/posts/:id/hand-off',
      '/posts/:id/photos/:id',
      '/posts/:id/photos/new',
      '/posts/:id/take-down',
      '/posts/archive',
      '/posts/new',
      '/sign-in',
    ]);
    expect(steps.checks).toBeGreaterThan(25);
  });
});
