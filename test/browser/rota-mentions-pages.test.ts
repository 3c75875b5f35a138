import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startServer } from './browser.ts';
import { journey } from './journey.ts';
import { PASSWORD, seedWorld, type World } from '../support/world.ts';
import { hashPassword } from '../../src/platform/auth/passwords.ts';
import { seedMentionRecords } from '../http/inbox/mention-records.ts';

/**
 * The rota's and mentions' pages in a real browser (MON-1, MON-5): the account administrator sets a
 * rota with the keyboard, and every page passes axe and fits a 320 px screen, including a source
 * whose read failed (the error summary).
 */
describe('browser: the monitoring rota and mentions pages, with axe on every page', () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let world: World;
  let account: string;
  let ids: Awaited<ReturnType<typeof seedMentionRecords>>;
  const steps = journey(() => ({ browser, baseUrl: server.baseUrl, people: world.people }));
  const { visited, visit, signIn, pressTo } = steps;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer();
    const db = server.runtime.database.db;
    world = await seedWorld(db);
    const id = randomUUID();
    await db
      .insertInto('person')
      .values({
        id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        mis_id: null,
        given_name: 'Ada',
        family_name: 'Admin',
        email: 'accadmin-a1@example.sch.uk',
        employment_type: 'full-time',
        job_title: null,
        start_date: '2020-09-01',
        leaving_date: null,
        password_hash: await hashPassword(PASSWORD),
        created_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    await db
      .insertInto('role_assignment')
      .values({ person_id: id, trust_id: world.trustA, school_id: world.schoolA1, role: 'account_admin' })
      .execute();
    world.people['accadmin-a1'] = { id, email: 'accadmin-a1@example.sch.uk' };
    account = (
      await db
        .insertInto('official_account')
        .values({
          trust_id: world.trustA,
          school_id: world.schoolA1,
          name: 'Alder Primary Facebook',
          platform: 'facebook',
          status: 'active',
          applicant_id: world.people['teacher-a1']!.id,
          handle: 'alderprimary',
          activated_on: '2026-09-01',
          created_at: new Date('2026-09-01T09:00:00Z'),
          updated_at: new Date('2026-09-01T09:00:00Z'),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto('account_operator')
      .values({
        account_id: account,
        person_id: world.people['teacher-a1']!.id,
        trust_id: world.trustA,
        school_id: world.schoolA1,
        is_lead: true,
        added_at: new Date('2026-09-01T09:00:00Z'),
      })
      .execute();
    ids = await seedMentionRecords(db, world);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('MON-1, MON-5: the rota, its form, mentions, an item, a concern form, the sources and a failed read all pass axe', async () => {
    const admin = await signIn('accadmin-a1');
    await visit(admin, '/monitoring');
    await visit(admin, `/monitoring/accounts/${account}`);
    await admin.locator(`#on-1`).focus();
    await admin.keyboard.press('Space');
    await pressTo(admin, 'Save the rota', new RegExp(`/monitoring/accounts/${account}$`));
    expect(await admin.locator('main').textContent()).toContain('Saved the rota');
    await visit(admin, '/mentions');
    await visit(admin, `/mentions/items/${ids.mentionItem}`);
    await visit(admin, `/mentions/items/${ids.mentionItem}/concern`);
    await visit(admin, '/mentions/sources');
    await visit(admin, `/mentions/sources/${ids.mentionSource}`);
    await pressTo(admin, 'Read it now', new RegExp(`/mentions/sources/${ids.mentionSource}/read$`));
    expect(await admin.locator('.govuk-error-summary').textContent()).toContain('private or local address');
    expect([...visited]).toEqual(
      expect.arrayContaining(['/monitoring', '/monitoring/accounts/:id', '/mentions', '/mentions/sources/:id/read']),
    );
  });
});
