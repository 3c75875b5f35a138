import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startServer } from './browser.ts';
import { journey } from './journey.ts';
import { seedWorld, type World } from '../support/world.ts';
import { ukDate } from '../../src/platform/clock.ts';
import { approveVersion, startFromModel } from '../../src/modules/policies/versions/service.ts';
import {
  createCourse,
  recordCompletion,
  setRequirements,
  OPERATOR_REQUIREMENT,
} from '../../src/modules/policies/training/service.ts';
import { SETUP_CHECKLIST } from '../../src/modules/accounts/model.ts';

const COURSE = 'Running an official school account';

/**
 * The official accounts journeys in a real browser: a teacher applies with a business case and two
 * named operators, a member of SLT approves, the headteacher approves, and the account administrator
 * records the created account, which then shows as Active on the register. Refusals are seen with
 * their GOV.UK error summary, and every page on the way passes axe.
 */
describe('browser: the official accounts journeys, keyboard first, with axe on every page', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: World;
  let versionNumber: number;
  const steps = journey(() => ({ browser, baseUrl: server.baseUrl, people: world.people }));
  const { visited, visit, check, signIn, press, pressTo, follow, refusedWith, choose } = steps;
  const id = (key: string) => world.people[key]!.id;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    const db = server.runtime.database.db;
    world = await seedWorld(db);
    const now = server.runtime.clock.now();
    const [year, month, day] = ukDate(now).split('-');
    const school = { trustId: world.trustA, schoolId: world.schoolA1 };
    const actor = { id: id('head-a1'), label: 'head Tester' };
    // Alder Primary's policy in force from today (the model policy: 2 operators, trained first).
    const versionId = await startFromModel(db, now, school, actor);
    expect(
      await approveVersion(db, now, school, actor, versionId, {
        body: 'Full Governing Body',
        approvedDay: day,
        approvedMonth: month,
        approvedYear: year,
        effectiveDay: day,
        effectiveMonth: month,
        effectiveYear: year,
        consultation: '',
        changeSummary: '',
      }),
    ).toBe('approved');
    versionNumber = (
      await db.selectFrom('policy_version').select('number').where('id', '=', versionId).executeTakeFirstOrThrow()
    ).number;
    // The training operators need (ACC-3), and two operators who have signed the policy and done it.
    const admin = { id: id('admin-a1'), label: 'admin Tester' };
    const courseId = await createCourse(db, now, school, admin, { title: COURSE, description: '', validMonths: '12' });
    expect(await setRequirements(db, now, school, admin, courseId, [OPERATOR_REQUIREMENT])).toBe('saved');
    for (const key of ['dsl-a1', 'hr-a1']) {
      await db
        .insertInto('signature')
        .values({
          version_id: versionId,
          person_id: id(key),
          trust_id: world.trustA,
          signed_at: now,
          typed_name: `${key.split('-')[0]} Tester`,
          statement: 'I have read it.',
          content_hash: 'x'.repeat(64),
        })
        .execute();
      expect(
        await recordCompletion(db, now, school, admin, courseId, {
          personId: id(key),
          completedDay: day,
          completedMonth: month,
          completedYear: year,
          evidence: 'Trust comms day',
        }),
      ).toBe('recorded');
    }
    // admin-a1 also administers the school's official accounts.
    await db
      .insertInto('role_assignment')
      .values({ person_id: id('admin-a1'), trust_id: world.trustA, school_id: world.schoolA1, role: 'account_admin' })
      .execute();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const main = async (page: Page) => (await page.textContent('main'))!.replace(/\s+/g, ' ');

  async function fillBusinessCase(page: Page, name: string) {
    await page.getByLabel('Name of the account').fill(name);
    await page.getByLabel('Platform').selectOption('instagram');
    await page
      .getByLabel('What the account is for')
      .fill('Photos and news of Kestrel class’s learning, so families can talk with their children about their day.');
    await page.getByLabel('Who it is for').fill('Families of the 30 pupils in Kestrel class');
    await page.getByLabel('How people will hear about it').fill('A letter home and the class newsletter');
    await choose(page, 'input[name="visibility"][value="closed"]');
  }

  it('ACC-1, ACC-2, ACC-3, ACC-6: apply (one operator refused first) → SLT approves → head approves → administrator sets it up (checklist refused first) → Active on the register, with axe on every page', async () => {
    // ACC-1: a teacher applies with a business case; naming only one operator is refused.
    const teacher = await signIn('teacher-a1');
    await check(teacher);
    await visit(teacher, '/accounts/applications');
    await follow(teacher, 'Apply for an official account', /\/accounts\/apply$/, 'button'); // a GOV.UK button that is a link
    expect(await teacher.locator('select[id^="operator-"]').count()).toBe(2);
    await fillBusinessCase(teacher, 'Kestrel class');
    expect(await teacher.getByLabel('Lead operator').count()).toBe(1);
    await teacher.getByLabel('Lead operator').selectOption(id('dsl-a1'));
    await refusedWith(teacher, 'Continue', [
      expect.stringMatching(/^Name at least 2 operators: your policy \(§\d+\.\d+ Who runs an account\) requires 2$/),
    ]);
    // What was typed is kept. "Add another operator" adds a third list, focused, without saving anything.
    expect(await teacher.getByLabel('Name of the account').inputValue()).toBe('Kestrel class');
    await pressTo(teacher, 'Add another operator', /\/accounts\/apply$/);
    expect(await teacher.locator('select[id^="operator-"]').count()).toBe(3);
    expect(await teacher.evaluate(() => document.activeElement?.id)).toBe('operator-3');
    expect(await teacher.getByLabel('Name of the account').inputValue()).toBe('Kestrel class');
    // The second operator is named; the answers are checked, then sent.
    await teacher.getByLabel('Second operator').selectOption(id('hr-a1'));
    await pressTo(teacher, 'Continue', /\/accounts\/[0-9a-f-]{36}\/check$/);
    expect(await teacher.textContent('h1')).toContain('Check your answers before sending your application');
    expect((await teacher.textContent('main'))!.replace(/\s+/g, ' ')).toMatch(
      /Lead operator dsl Tester .*Ready.* Operator hr Tester .*Ready/,
    );
    await pressTo(teacher, 'Send for a decision', /\/accounts\/[0-9a-f-]{36}\/application$/);
    const applicationPath = new URL(teacher.url()).pathname;
    const accountPath = applicationPath.replace(/\/application$/, '');
    expect(await main(teacher)).toContain(
      'Your application has been sent to the senior leadership team for a decision. The 3 people who can decide it have been emailed',
    );
    expect(await teacher.textContent('#status')).toContain('Awaiting SLT decision');
    // ACC-3: both operators have signed and been trained, so both show as ready and nothing blocks approval.
    expect(await teacher.locator('#operators + table').textContent()).toMatch(/dsl Tester\s+Lead operator\s+Ready/);
    expect(await teacher.locator('#blockers').count()).toBe(0);
    await teacher.close();

    // ACC-2: a member of SLT finds it on the home page and approves it.
    const slt = await signIn('slt-a1');
    await check(slt);
    await follow(slt, '1 application awaiting your decision', /\/accounts\/applications$/);
    await follow(slt, 'Kestrel class', /\/accounts\/[0-9a-f-]{36}\/decision$/);
    expect(await main(slt)).toContain('Decide this application');
    await choose(slt, 'input[name="decision"][value="approve"]');
    await press(slt, 'Record the decision');
    await slt.waitForURL((url) => url.pathname === applicationPath);
    await check(slt);
    expect(await main(slt)).toContain(
      'You approved the application for ‘Kestrel class’. It now needs the Headteacher’s approval.',
    );
    expect(await slt.textContent('#status')).toContain('Awaiting head’s approval');
    await slt.close();

    // ACC-2: the headteacher gives the head's approval.
    const head = await signIn('head-a1');
    await check(head);
    await follow(head, '1 application awaiting your approval', /\/accounts\/applications$/);
    await follow(head, 'Kestrel class', /\/accounts\/[0-9a-f-]{36}\/head-approval$/);
    expect(await head.textContent('h1')).toContain('Headteacher’s approval');
    await choose(head, 'input[name="decision"][value="approve"]');
    await head.getByLabel('Reason').fill('A good way to keep Kestrel families in touch.');
    await press(head, 'Record the decision');
    await head.waitForURL((url) => url.pathname === applicationPath);
    await check(head);
    expect(await main(head)).toContain('The account administrator can now set it up.');
    expect(await head.textContent('#status')).toContain('Approved, to be set up');
    await head.close();

    // ACC-6: the account administrator records the created account with the set-up checklist.
    const admin = await signIn('admin-a1');
    await check(admin);
    await follow(admin, '1 approved account to set up and record', /\/accounts\?status=approved$/);
    await follow(admin, 'Kestrel class', /\/accounts\/[0-9a-f-]{36}$/);
    expect(new URL(admin.url()).pathname).toBe(accountPath);
    await follow(admin, 'Record the account once it has been created', /\/accounts\/[0-9a-f-]{36}\/setup$/);
    expect(await main(admin)).toMatch(/dsl Tester \(lead operator\): Ready/);
    expect(await main(admin)).toMatch(/hr Tester: Ready/);
    await admin.getByLabel('Handle').fill('@kestrelclass');
    await admin.getByLabel('Web address').fill('https://www.instagram.com/kestrelclass');
    await admin.getByLabel('Recovery email address').fill('kestrel@alder.example.sch.uk');
    await choose(admin, 'input[name="twoFactor"][value="yes"]');
    await choose(admin, 'input[name="tagging"][value="yes"]');
    expect(await admin.locator('input[name="visibility"][value="closed"]').isChecked()).toBe(true); // from the application
    const [last, ...rest] = [...SETUP_CHECKLIST].reverse();
    for (const item of rest.reverse()) await choose(admin, `input[name="checklist"][value="${item.value}"]`);
    // One check left undone: refused, and the account is not made active.
    await refusedWith(admin, 'Record the account and make it active', [
      `Every check must be done before the account is used. Still to do: ${last!.text.charAt(0).toLowerCase()}${last!.text.slice(1)}`,
    ]);
    expect(await admin.getByLabel('Handle').inputValue()).toBe('@kestrelclass');
    await choose(admin, `input[name="checklist"][value="${last!.value}"]`);
    await press(admin, 'Record the account and make it active');
    await admin.waitForURL((url) => url.pathname === accountPath);
    await check(admin);
    expect(await main(admin)).toContain('‘Kestrel class’ is now active and on the register.');
    expect(await admin.locator('main .govuk-tag').first().textContent()).toContain('Active');
    expect(await admin.locator('#checklist').textContent()).toContain(
      `${SETUP_CHECKLIST.length} of ${SETUP_CHECKLIST.length} checks done`,
    );

    // The register shows it as Active, with its handle and both operators.
    await visit(admin, '/accounts');
    const row = admin.locator('#register tbody tr', { hasText: 'Kestrel class' });
    expect(await row.count()).toBe(1);
    expect((await row.textContent())!.replace(/\s+/g, ' ')).toMatch(
      /Kestrel class Instagram: @kestrelclass.* Active .*dsl Tester \(lead\).*hr Tester/,
    );
    await visit(admin, '/accounts?status=active');
    expect(await admin.locator('#register tbody tr', { hasText: 'Kestrel class' }).count()).toBe(1);
    await admin.close();

    // The applicant sees it among their accounts, Active too.
    const again = await signIn('teacher-a1');
    await visit(again, '/accounts');
    expect((await again.locator('#mine tbody tr', { hasText: 'Kestrel class' }).textContent())!).toContain('Active');
    await again.close();
  });

  it('ACC-2, ACC-3: SLT cannot approve while an operator is not ready, nor reject without a reason; the refusals show the error summary and the rejection reaches the applicant', async () => {
    // admin-a1 has neither signed the policy nor done the training.
    const teacher = await signIn('teacher-a1');
    await visit(teacher, '/accounts/apply');
    await fillBusinessCase(teacher, 'Chess club');
    await teacher.locator('#operator-1').selectOption(id('dsl-a1'));
    await teacher.locator('#operator-2').selectOption(id('admin-a1'));
    await pressTo(teacher, 'Continue', /\/accounts\/[0-9a-f-]{36}\/check$/);
    await pressTo(teacher, 'Send for a decision', /\/accounts\/[0-9a-f-]{36}\/application$/);
    const applicationPath = new URL(teacher.url()).pathname;
    const reasons = [
      `admin Tester has not signed version ${versionNumber} of the social media policy`,
      `admin Tester has not completed ‘${COURSE}’`,
    ];
    expect(await teacher.locator('#operators + table').textContent()).toMatch(/admin Tester\s+Not ready/);
    expect((await teacher.locator('#blockers li').allTextContents()).map((t) => t.trim())).toEqual(reasons);
    await teacher.close();

    // It cannot be approved while admin Tester is not ready, so it is not on SLT's home page as a task; their list shows it apart, with why.
    const slt = await signIn('slt-a1');
    expect(await main(slt)).not.toContain('awaiting your decision');
    await visit(slt, '/accounts/applications');
    expect(
      (await slt.locator('#to-decide-blocked tbody tr').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()),
    ).toEqual([
      expect.stringMatching(
        new RegExp(`^Chess club.*teacher Tester.*${reasons[0]}.*${reasons[1]!.replace(/[‘’]/g, '.')}$`),
      ),
    ]);
    await follow(slt, 'Chess club', /\/accounts\/[0-9a-f-]{36}\/decision$/);
    expect(await slt.locator('#blockers li').count()).toBe(2);
    // ACC-3: approving is refused, naming who lacks what.
    await choose(slt, 'input[name="decision"][value="approve"]');
    await refusedWith(slt, 'Record the decision', reasons);
    // ACC-2: rejecting needs a reason.
    await choose(slt, 'input[name="decision"][value="reject"]');
    await refusedWith(slt, 'Record the decision', [
      'Enter why you are rejecting the application: the applicant will see it',
    ]);
    expect(await slt.locator('input[name="decision"][value="reject"]').isChecked()).toBe(true);
    await slt.getByLabel('Reason').fill('The chess club can share its news on the school’s main account.');
    await press(slt, 'Record the decision');
    await slt.waitForURL((url) => url.pathname === applicationPath);
    await check(slt);
    expect(await slt.textContent('#status')).toContain('Rejected');
    await slt.close();

    // The applicant reads why; the register lists it as rejected.
    const again = await signIn('teacher-a1');
    await visit(again, applicationPath);
    expect(await again.textContent('main')).toContain(
      'The chess club can share its news on the school’s main account.',
    );
    await again.close();
    const head = await signIn('head-a1');
    await visit(head, '/accounts?status=rejected');
    expect((await head.locator('#register tbody tr', { hasText: 'Chess club' }).textContent())!).toContain('Rejected');
    await head.close();
    // Every page of the journeys was checked with axe, error states included.
    expect([...visited].sort()).toEqual([
      '/',
      '/accounts',
      '/accounts/:id',
      '/accounts/:id/application',
      '/accounts/:id/check',
      '/accounts/:id/decision',
      '/accounts/:id/head-approval',
      '/accounts/:id/setup',
      '/accounts/applications',
      '/accounts/apply',
      '/sign-in',
    ]);
    expect(steps.checks).toBeGreaterThan(30);
  });
});
